package io.ockamj.store;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Stores credentials (opaque bytes), at most one per subject, issuer and scope.
 * <p>
 * Reads return expired credentials too; use {@link CredentialRecord#isExpiredAt(Instant)} or
 * {@link #deleteExpired(Instant)}. All methods may be called from an event loop; failures arrive as failed
 * futures carrying a {@link StoreException}.
 */
public interface CredentialRepository {


  /**
   * Stores a credential, replacing any credential with the same subject, issuer and scope.
   *
   * @param credential the credential
   * @return a future completed when stored
   */
  Future<Void> store(CredentialRecord credential);

  /**
   * Gets a credential.
   *
   * @param subject the subject's identifier
   * @param issuer the issuer's identifier
   * @param scope the scope
   * @return a future with the credential, or empty if none is stored
   */
  Future<Optional<CredentialRecord>> get(String subject, String issuer, String scope);

  /**
   * Lists the credentials about one subject, ordered by issuer and scope.
   *
   * @param subject the subject's identifier
   * @return a future with the credentials
   */
  Future<List<CredentialRecord>> list(String subject);

  /**
   * Deletes a credential.
   *
   * @param subject the subject's identifier
   * @param issuer the issuer's identifier
   * @param scope the scope
   * @return a future with {@code true} if a credential was deleted
   */
  Future<Boolean> delete(String subject, String issuer, String scope);

  /**
   * Deletes every credential that has expired at a given time.
   *
   * @param now the time to compare with
   * @return a future with the number of credentials deleted
   */
  Future<Integer> deleteExpired(Instant now);
}
