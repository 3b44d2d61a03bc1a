package io.ockamj.store;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores the attributes known about identities (opaque CBOR bytes), one entry per identity.
 * <p>
 * Reads return expired entries too; use {@link IdentityAttributesRecord#isExpiredAt(Instant)} or
 * {@link #deleteExpired(Instant)}. All methods may be called from an event loop; failures arrive as
 * failed futures carrying a {@link StoreException}.
 */
public interface IdentityAttributesRepository {


  /**
   * Stores attributes, replacing any entry for the same identity.
   *
   * @param attributes the attributes
   * @return a future completed when stored
   */
  Future<Void> store(IdentityAttributesRecord attributes);

  /**
   * Gets the attributes of an identity.
   *
   * @param identifier the identifier
   * @return a future with the entry, or empty if none is stored
   */
  Future<Optional<IdentityAttributesRecord>> get(String identifier);

  /**
   * Lists all entries, ordered by identifier.
   *
   * @return a future with the entries
   */
  Future<List<IdentityAttributesRecord>> list();

  /**
   * Deletes the attributes of an identity.
   *
   * @param identifier the identifier
   * @return a future with {@code true} if an entry was deleted
   */
  Future<Boolean> delete(String identifier);

  /**
   * Deletes every entry that has expired at a given time.
   *
   * @param now the time to compare with
   * @return a future with the number of entries deleted
   */
  Future<Integer> deleteExpired(Instant now);
}
