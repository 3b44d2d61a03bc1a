package io.ockamj.verticles.identity;

import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.PurposeKeys;
import io.ockamj.store.Store;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the local, named identities of this installation in a {@link Store}, with their keys in named
 * vaults, so that a restarted node has the same identities and the same keys (protocol §5.4–5.9,
 * §6.2, §11).
 * <p>
 * What is stored, and where:
 * <ul>
 *   <li>the change history of each identity, with its name, the default flag and the name of its
 *       vault, through {@link Store#identities()};</li>
 *   <li>its keys (the current primary key, the credential purpose key and the secure-channel purpose
 *       key) in its vault ({@link #vaults()}), which persists them itself: a software vault in the
 *       node database or a vault file, a PKCS#11 vault on its token (P-256 primary and credential
 *       keys) and in a vault file (X25519 keys). The manager never reads a secret;</li>
 *   <li>the purpose-key attestations ({@code SC_PK} for secure channels, {@code C_PK} for credentials)
 *       through {@link Store#purposeKeys()}.</li>
 * </ul>
 * New primary and credential keys are Ed25519, or P-256 in a vault that cannot make Ed25519 keys (a
 * PKCS#11 token).
 * The first identity created becomes the default one. Rotating an identity replaces its primary key
 * and drops its purpose keys, which the rotation invalidates (§5.8); they are created again on demand.
 * <p>
 * All methods may be called from any thread, including an event loop: key generation, signing and
 * signature checks run on the crypto workers ({@link io.ockamj.node.spi.CryptoWorkers}; a PKCS#11
 * token that hangs fails the operation after its time-out), and the database through the store's asynchronous
 * API. {@link #close()} closes the vaults the manager opened. Operations that write (create, rotate, delete, set the
 * default, create purpose keys) are applied one at a time, in call order, within one manager. Several
 * processes may share the database; the last writer wins.
 */
public interface IdentityManager {

  /** Longest accepted identity name, in characters. */
  int MAX_NAME_LENGTH = 128;

  /** Name given to the identity that {@link #getOrCreateDefault()} creates. */
  String DEFAULT_IDENTITY_NAME = "default";

  /** Lifetime of new purpose keys: {@link PurposeKeys#DEFAULT_TTL_SECONDS} (5 × 365 days). */
  Duration PURPOSE_KEY_TTL = Duration.ofSeconds(PurposeKeys.DEFAULT_TTL_SECONDS);

  /**
   * Opens a manager on a store, using the system clock.
   *
   * @param vertx the Vert.x instance that runs the blocking work
   * @param store an open store; the manager does not close it
   * @return a future with the manager
   */
  static Future<IdentityManager> open(Vertx vertx, Store store) {
    return open(vertx, store, Clock.systemUTC());
  }

  /**
   * Opens a manager on a store with a given clock, which dates new identities, purpose keys and
   * credentials and decides whether stored purpose keys have expired.
   *
   * @param vertx the Vert.x instance that runs the blocking work
   * @param store an open store; the manager does not close it
   * @param clock the clock
   * @return a future with the manager
   */
  static Future<IdentityManager> open(Vertx vertx, Store store, Clock clock) {
    return IdentityManagerImpl.open(vertx, store, clock);
  }

  /**
   * Returns the store this manager works on.
   *
   * @return the store
   */
  Store store();

  /**
   * Returns the named vaults, whose open {@link io.ockamj.crypto.Vault}s the manager shares.
   *
   * @return the vault manager
   */
  VaultManager vaults();

  /**
   * Closes the vaults this manager opened: the {@link LocalIdentity#vault()}s it handed out can no
   * longer be used. Does not close the store.
   *
   * @return a future completed when closed
   */
  Future<Void> close();

  /**
   * Creates an identity with a new primary key (§5.4) in the default vault
   * ({@link VaultManager#getOrCreateDefault()}) and stores it under a name. If there is no default
   * identity yet, the new one becomes the default.
   *
   * @param name a unique name: 1 to {@value #MAX_NAME_LENGTH} characters, no control characters, not
   *     blank
   * @return a future with the new identity, or failed with an {@link IdentityManagerException}
   *     ({@link IdentityManagerException.Reason#ALREADY_EXISTS ALREADY_EXISTS},
   *     {@link IdentityManagerException.Reason#INVALID_NAME INVALID_NAME})
   */
  Future<NamedIdentity> create(String name);

  /**
   * Creates an identity whose keys live in a given vault (Rust's {@code identity create --vault}): a
   * software vault of that name is created if there is none. In a PKCS#11 vault the primary key is a
   * P-256 key generated on the token.
   *
   * @param name a unique name, as for {@link #create(String)}
   * @param vaultName the vault, or {@code null} for the default one
   * @return a future with the new identity, or failed with an {@link IdentityManagerException}
   *     ({@code ALREADY_EXISTS}, {@code INVALID_NAME}, {@code VAULT_UNAVAILABLE}, {@code VAULT_AMBIGUOUS})
   */
  Future<NamedIdentity> create(String name, String vaultName);

  /**
   * Creates an identity whose primary key is a signing key already in the vault (Rust's
   * {@code identity create --key-id}), e.g. a key made on a PKCS#11 token beforehand. The key is
   * named as {@link io.ockamj.crypto.SigningVault#findSigningKey(String)} takes it. It is kept when the
   * creation fails.
   *
   * @param name a unique name, as for {@link #create(String)}
   * @param vaultName the vault, or {@code null} for the default one
   * @param keyId the key, or {@code null} to generate one (as {@link #create(String, String)})
   * @return a future with the new identity, or failed with an {@link IdentityManagerException}
   *     ({@code KEY_MISSING} when the vault has no such key, and those of {@link #create(String, String)})
   */
  Future<NamedIdentity> create(String name, String vaultName, String keyId);

  /**
   * Imports an identity from its change history, as Rust's {@code identity create NAME --identity HEX}:
   * the history is verified and stored under the name, without secret keys (the identity can be
   * trusted and named, not proven). The first identity becomes the default.
   *
   * @param name a unique name
   * @param changeHistory the encoded change history
   * @param vaultName the vault recorded for it, or {@code null} for the default vault
   * @return the imported identity; failed with {@link IdentityManagerException} if the name is taken or
   *   the history is not valid
   */
  Future<NamedIdentity> importIdentity(String name, byte[] changeHistory, String vaultName);

  /**
   * Gets a local identity by name.
   *
   * @param name the name
   * @return a future with the identity, or empty if no local identity has this name
   */
  Future<Optional<NamedIdentity>> get(String name);

  /**
   * Gets a local identity by identifier. Identities stored without a name (for example peers learnt
   * during handshakes) are not local identities and are not returned.
   *
   * @param identifier the identifier
   * @return a future with the identity, or empty if it is not a local identity
   */
  Future<Optional<NamedIdentity>> get(Identifier identifier);

  /**
   * Lists the local identities, oldest first.
   *
   * @return a future with the identities
   */
  Future<List<NamedIdentity>> list();

  /**
   * Gets the default identity.
   *
   * @return a future with the default identity, or empty if there is none
   */
  Future<Optional<NamedIdentity>> getDefault();

  /**
   * Gets the default identity, creating one named {@value #DEFAULT_IDENTITY_NAME} if there is none
   * (or making the identity with that name the default if it exists).
   *
   * @return a future with the default identity
   */
  Future<NamedIdentity> getOrCreateDefault();

  /**
   * Makes a local identity the default one.
   *
   * @param name the identity's name
   * @return a future with the identity, now the default, or failed with
   *     {@link IdentityManagerException.Reason#NOT_FOUND NOT_FOUND}
   */
  Future<NamedIdentity> setDefault(String name);

  /**
   * Rotates an identity's primary key (§5.5): appends a change signed by a new key and by the current
   * one, stores the longer history and the new secret, deletes the old secret, and drops the
   * identity's purpose keys, which the rotation invalidated. The identifier does not change.
   *
   * @param name the identity's name
   * @return a future with the rotated identity, or failed with
   *     {@link IdentityManagerException.Reason#NOT_FOUND NOT_FOUND} or
   *     {@link IdentityManagerException.Reason#KEY_MISSING KEY_MISSING}
   */
  Future<NamedIdentity> rotate(String name);

  /**
   * Deletes a local identity with its primary key and purpose keys. If it was the default identity,
   * the oldest remaining local identity becomes the default.
   *
   * @param name the identity's name
   * @return a future with {@code true} if an identity was deleted, {@code false} if none had this name
   */
  Future<Boolean> delete(String name);

  /**
   * Returns what a secure channel needs to act as a local identity: the identity as stored, its
   * secure-channel purpose key and the identity's vault, which holds that key and the primary key.
   * <p>
   * The stored key is reused while its attestation still verifies against the identity's latest
   * change and has not expired (Rust's {@code get_or_create_purpose_key}); otherwise a new X25519 key
   * is generated, attested with the primary key for {@link #PURPOSE_KEY_TTL} (but not beyond the
   * identity's {@code attestations_valid_until}) and stored, and the old key is deleted.
   *
   * @param identity the identity, or any older version of it: the stored history is used
   * @return a future with the holder, whose vault stays usable until this manager is closed; or failed
   *     with {@link IdentityManagerException.Reason#NOT_FOUND NOT_FOUND},
   *     {@link IdentityManagerException.Reason#KEY_MISSING KEY_MISSING} or
   *     {@link IdentityManagerException.Reason#IDENTITY_EXPIRED IDENTITY_EXPIRED}
   */
  Future<LocalIdentity> loadSecureChannelKey(Identity identity);

  /**
   * Like {@link #loadSecureChannelKey(Identity)} for the identity with a given name.
   *
   * @param name the identity's name
   * @return a future with the holder, whose vault stays usable until this manager is closed
   */
  Future<LocalIdentity> loadSecureChannelKey(String name);

  /**
   * Issues a credential (§6.2) signed by the issuer's credential purpose key, which is created and
   * stored if missing or no longer usable (as for secure-channel keys).
   * <p>
   * If the subject's change history is in the store (a local identity or a known peer), its latest
   * change hash goes into the credential; otherwise that optional field is left empty (Rust requires a
   * known subject; verifiers do not check the field). The credential expires after {@code ttl}, but
   * not after the issuer's purpose key, which would make it invalid (§6.3 rule 7).
   *
   * @param issuerName the name of the local identity that issues the credential
   * @param subject the identifier of the subject
   * @param attributes the attributes to attest
   * @param ttl how long the credential is valid, positive
   * @return a future with the credential and the issuer's purpose-key attestation
   */
  Future<CredentialAndPurposeKey> issueCredential(String issuerName, Identifier subject, Attributes attributes,
                                                  Duration ttl);

  /**
   * Signs a revocation notice (ours) with a local identity's credential purpose key, made if it has
   * none, as credentials are signed.
   *
   * @param issuerName the name of the local identity (the authority)
   * @param seq the notice's number
   * @param subject the identity whose membership ended
   * @param revokedAt when, in seconds since the epoch
   * @return a future with the signed notice
   */
  Future<io.ockamj.crypto.identity.RevocationNotice> signRevocation(String issuerName, long seq, Identifier subject,
                                                                   long revokedAt);
}
