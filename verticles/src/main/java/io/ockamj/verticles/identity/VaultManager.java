package io.ockamj.verticles.identity;

import io.ockamj.crypto.Vault;
import io.ockamj.store.VaultRecord;
import io.vertx.core.Future;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The named vaults of an installation (Rust's {@code ockam vault}, protocol §11): where each local
 * identity's secret keys live, and the {@link Vault} objects that use them.
 * <p>
 * Kinds, as {@link VaultRecord.Kind}:
 * <ul>
 *   <li>the <b>database</b> vault keeps its secrets in the node database (Rust's first vault);</li>
 *   <li>a <b>file</b> vault keeps them in a SQLite file of its own, {@code $OCKAM_HOME/vault-NAME} or
 *       the path given (Rust's later vaults and {@code --path});</li>
 *   <li>a <b>pkcs11</b> vault (ours) keeps identity and credential keys, P-256 only, on a PKCS#11
 *       token named by a SunPKCS11 configuration file, and the secure-channel X25519 keys in a file of
 *       its own, in software, as Rust does for AWS KMS.</li>
 * </ul>
 * A token's PIN comes from the environment variable {@value #PIN_ENV}, or else from the PIN file
 * given when the vault was created; it is never stored, logged or passed on a command line.
 * <p>
 * {@link #open(String)} returns one shared {@link Vault} per name, opened on first use (logging in to
 * the token) and closed by {@link #close()}. Every method may be called from an event loop: vault
 * work runs on the crypto workers ({@link io.ockamj.node.spi.CryptoWorkers}), and a token that hangs
 * fails the call after the PKCS#11 time-out without holding anything else up. Failures are
 * {@link IdentityManagerException}s ({@link IdentityManagerException.Reason#NOT_FOUND},
 * {@code ALREADY_EXISTS}, {@code INVALID_NAME}, {@code VAULT_IN_USE}, {@code VAULT_UNAVAILABLE},
 * {@code VAULT_AMBIGUOUS}) or {@link io.ockamj.store.StoreException}s.
 */
public interface VaultManager {

  /** Name of the vault made when an identity needs one and there is none. */
  String DEFAULT_VAULT_NAME = "default";

  /** Environment variable holding the PIN of PKCS#11 tokens. */
  String PIN_ENV = "OCKAM_PKCS11_PIN";

  /**
   * Creates a software vault, as Rust's {@code ockam vault create [NAME] [--path PATH]}: without a
   * path, the first vault keeps its secrets in the node database and later ones in
   * {@code $OCKAM_HOME/vault-NAME}. The first vault becomes the default.
   *
   * @param name the name, or {@code null} for {@value #DEFAULT_VAULT_NAME} (first vault) or a
   *     random name
   * @param path the SQLite file for its secrets (must not exist yet), or {@code null}
   * @return a future with the new vault
   */
  Future<VaultRecord> create(String name, Path path);

  /**
   * Creates a vault whose signing keys live on a PKCS#11 token, after checking that the module
   * loads and the PIN opens the token. Its X25519 keys go to {@code $OCKAM_HOME/vault-NAME}.
   *
   * @param name the name, or {@code null} for a random one
   * @param pkcs11Config the SunPKCS11 configuration file
   * @param pinFile a file holding the PIN (used when {@value #PIN_ENV} is not set), or {@code null}
   * @return a future with the new vault, or failed with {@code VAULT_UNAVAILABLE} naming what is wrong
   */
  Future<VaultRecord> createPkcs11(String name, Path pkcs11Config, Path pinFile);

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
   * Gets a vault, creating a software vault of that name if there is none (Rust's
   * {@code get_or_create_named_vault}, used by {@code identity create --vault}).
   *
   * @param name the name
   * @return a future with the vault
   */
  Future<VaultRecord> getOrCreate(String name);

  /**
   * The vault to use when none is named (Rust's {@code get_or_create_default_named_vault}): a new
   * {@value #DEFAULT_VAULT_NAME} database vault if there is none, the only one if there is one.
   *
   * @return a future with the vault, or failed with {@code VAULT_AMBIGUOUS} if there are several
   */
  Future<VaultRecord> getOrCreateDefault();

  /**
   * Deletes a vault that no identity uses, with its secrets: the database vault's secrets, or a
   * vault's secrets file. Keys on a PKCS#11 token stay on the token.
   *
   * @param name the name
   * @return a future with {@code true} if a vault was deleted, {@code false} if none had this name,
   *     or failed with {@code VAULT_IN_USE} naming the identities that use it
   */
  Future<Boolean> delete(String name);

  /**
   * Moves a file vault's file to another path, as Rust's {@code vault move}: the vault is closed, its
   * file copied, the new path recorded and the old file deleted.
   *
   * @param name the vault's name
   * @param path the new path of its file
   * @return a future completed when moved; failed with {@link IdentityManagerException} for an unknown
   *   vault, the database vault (its secrets live in the node database) or a PKCS#11 vault
   */
  Future<Void> move(String name, Path path);

  /**
   * Opens a vault, or returns the instance already open.
   *
   * @param name the name
   * @return a future with the vault, shared, valid until {@link #close()}; or failed with
   *     {@code NOT_FOUND} or {@code VAULT_UNAVAILABLE}
   */
  Future<Vault> open(String name);

  /**
   * Closes every open vault (wiping the secrets they hold in memory and logging out of tokens).
   *
   * @return a future completed when closed
   */
  Future<Void> close();
}
