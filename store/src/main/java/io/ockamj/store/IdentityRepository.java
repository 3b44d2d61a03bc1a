package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Stores identities: their change histories (opaque bytes), an optional unique local name, and which
 * one is the default.
 * <p>
 * All methods may be called from an event loop; failures arrive as failed futures carrying a
 * {@link StoreException}. Operations are applied in the order they are called.
 */
public interface IdentityRepository {


  /**
   * Stores an identity's change history: inserts the identity (unnamed, not default) or replaces the
   * change history of an existing one, keeping its name, default flag and creation time.
   *
   * @param identifier the identifier
   * @param changeHistory the encoded change history
   * @return a future completed when stored
   */
  Future<Void> store(String identifier, byte[] changeHistory);

  /**
   * Stores an identity with a name: like {@link #store(String, byte[])}, and also sets its name.
   *
   * @param identifier the identifier
   * @param name the name, unique among identities
   * @param changeHistory the encoded change history
   * @return a future completed when stored, or failed with {@link StoreException.Reason#CONSTRAINT} if
   *     another identity already has this name (then nothing is written)
   */
  Future<Void> store(String identifier, String name, byte[] changeHistory);

  /**
   * Stores a local identity: like {@link #store(String, String, byte[])}, and also records the vault
   * that holds its keys.
   *
   * @param identifier the identifier
   * @param name the name, unique among identities
   * @param changeHistory the encoded change history
   * @param vaultName the name of the vault holding its keys
   * @return a future completed when stored, or failed with {@link StoreException.Reason#CONSTRAINT} if
   *     another identity already has this name (then nothing is written)
   */
  Future<Void> store(String identifier, String name, byte[] changeHistory, String vaultName);

  /**
   * Replaces the change history of an existing identity.
   *
   * @param identifier the identifier
   * @param changeHistory the new encoded change history
   * @return a future with {@code true} if the identity existed and was updated, {@code false} otherwise
   */
  Future<Boolean> update(String identifier, byte[] changeHistory);

  /**
   * Gets an identity by identifier.
   *
   * @param identifier the identifier
   * @return a future with the identity, or empty if unknown
   */
  Future<Optional<IdentityRecord>> get(String identifier);

  /**
   * Gets an identity by name.
   *
   * @param name the name
   * @return a future with the identity, or empty if no identity has this name
   */
  Future<Optional<IdentityRecord>> getByName(String name);

  /**
   * Lists all identities, oldest first.
   *
   * @return a future with the identities
   */
  Future<List<IdentityRecord>> list();

  /**
   * Deletes an identity. Deleting the default identity leaves no default.
   *
   * @param identifier the identifier
   * @return a future with {@code true} if an identity was deleted
   */
  Future<Boolean> delete(String identifier);

  /**
   * Sets or changes an identity's name.
   *
   * @param identifier the identifier
   * @param name the new name, unique among identities, or {@code null} to remove the name
   * @return a future with {@code true} if the identity exists, or failed with
   *     {@link StoreException.Reason#CONSTRAINT} if another identity has this name
   */
  Future<Boolean> setName(String identifier, String name);

  /**
   * Resolves a name to an identifier.
   *
   * @param name the name
   * @return a future with the identifier, or empty if no identity has this name
   */
  Future<Optional<String>> identifierOf(String name);

  /**
   * Resolves an identifier to its name.
   *
   * @param identifier the identifier
   * @return a future with the name, or empty if the identity is unknown or unnamed
   */
  Future<Optional<String>> nameOf(String identifier);

  /**
   * Makes an identity the default one, atomically clearing the previous default.
   *
   * @param identifier the identifier
   * @return a future with {@code true} if the identity exists (and is now the default), {@code false}
   *     if it does not (then the default is unchanged)
   */
  Future<Boolean> setDefault(String identifier);

  /**
   * Gets the default identity.
   *
   * @return a future with the default identity, or empty if there is none
   */
  Future<Optional<IdentityRecord>> getDefault();
}
