package io.ockamj.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The persistent state of the local nodes: one migrated database and its repositories.
 * <p>
 * Typical use:
 * <pre>{@code
 * Store.open(vertx, OckamHome.resolve().database())
 *     .compose(store -> store.identities().getDefault())
 *     ...
 * }</pre>
 * All repositories share the database's single connection, so their operations are applied one at a
 * time in the order they are called. All methods may be called from an event loop.
 */
public interface Store {

  /**
   * Opens (creating if needed) a store file and brings its schema up to date.
   *
   * @param vertx the Vert.x instance
   * @param file the database file, for example {@link OckamHome#database()}
   * @return a future with the store, or failed with a {@link StoreException} (the store is closed
   *     again if migrating fails)
   */
  static Future<Store> open(Vertx vertx, Path file) {
    return StoreProvider.get().open(vertx, file, StoreProvider.DEFAULT_BUSY_TIMEOUT);
  }

  /**
   * Opens (creating if needed) a store file and brings its schema up to date.
   *
   * @param vertx the Vert.x instance
   * @param file the database file
   * @param busyTimeout how long a statement waits for another connection's lock
   * @return a future with the store, or failed with a {@link StoreException}
   */
  static Future<Store> open(Vertx vertx, Path file, Duration busyTimeout) {
    return StoreProvider.get().open(vertx, file, busyTimeout);
  }

  /**
   * @return the absolute path of the store's file
   */
  Path path();

  /**
   * Returns the identity repository.
   *
   * @return the repository
   */
  IdentityRepository identities();

  /**
   * Returns the named-vault repository. (A software vault's secrets are reached through the vault
   * itself, see {@link VaultSecrets}.)
   *
   * @return the repository
   */
  VaultRepository vaults();

  /**
   * Returns the purpose-key attestation repository.
   *
   * @return the repository
   */
  PurposeKeyRepository purposeKeys();

  /**
   * Returns the credential repository.
   *
   * @return the repository
   */
  CredentialRepository credentials();

  /**
   * Returns the identity attribute repository.
   *
   * @return the repository
   */
  IdentityAttributesRepository identityAttributes();

  /**
   * Returns the node repository.
   *
   * @return the repository
   */
  NodeRepository nodes();

  /**
   * Returns the TCP inlet repository.
   *
   * @return the repository
   */
  TcpInletRepository tcpInlets();

  /**
   * Returns the TCP outlet repository.
   *
   * @return the repository
   */
  TcpOutletRepository tcpOutlets();

  /**
   * Returns the relay repository.
   *
   * @return the repository
   */
  RelayRepository relays();

  /**
   * Returns the revocation notice repository (ours).
   *
   * @return the repository
   */
  RevocationRepository revocations();

  /**
   * Returns the members of the authority that runs on this store.
   *
   * @return the repository
   */
  AuthorityMemberRepository authorityMembers();

  /**
   * Returns the enrollment tokens of the authority that runs on this store.
   *
   * @return the repository
   */
  EnrollmentTokenRepository enrollmentTokens();

  /**
   * Returns the projects known to this home.
   *
   * @return the repository
   */
  ProjectRepository projects();

  /**
   * Returns the ABAC policy and resource repository.
   *
   * @return the repository
   */
  PolicyRepository policies();

  /**
   * Closes the database. Later calls on the repositories fail with
   * {@link StoreException.Reason#CLOSED}.
   *
   * @return a future completed when closed
   */
  Future<Void> close();
}
