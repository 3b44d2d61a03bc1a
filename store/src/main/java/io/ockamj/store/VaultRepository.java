package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Stores the named vaults (table {@code vault}). At most one vault is the default and at most one
 * keeps its secrets in the node database ({@link VaultRecord.Kind#DATABASE}).
 * <p>
 * All methods may be called from an event loop; failures arrive as failed futures carrying a
 * {@link StoreException}.
 */
public interface VaultRepository {


  /**
   * Stores a new vault. The first vault becomes the default whatever {@code record.isDefault()} says.
   *
   * @param record the vault ({@code createdAt} is replaced by now)
   * @return a future completed when stored, or failed with {@link StoreException.Reason#CONSTRAINT} if
   *     the name is taken or a second database vault is added
   */
  Future<Void> create(VaultRecord record);

  /**
   * Gets a vault.
   *
   * @param name the name
   * @return a future with the vault, or empty
   */
  Future<Optional<VaultRecord>> get(String name);

  /**
   * Lists the vaults, oldest first.
   *
   * @return a future with the vaults
   */
  Future<List<VaultRecord>> list();

  /**
   * Deletes a vault. If it was the default, the oldest remaining vault becomes the default.
   *
   * @param name the name
   * @return a future with {@code true} if a vault was deleted
   */
  Future<Boolean> delete(String name);

  /**
   * Records a new path for a vault's file.
   *
   * @param name the vault's name
   * @param path its file's new path
   * @return a future with {@code true} if a vault was updated
   */
  Future<Boolean> updatePath(String name, String path);

  /**
   * Gets the default vault.
   *
   * @return a future with the default vault, or empty if there is none
   */
  Future<Optional<VaultRecord>> getDefault();
}
