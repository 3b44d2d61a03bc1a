package io.ockamj.crypto.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SigningVault;
import io.ockamj.crypto.VaultException;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Creates identities and rotates their primary keys (§5.4, §5.5), with the primary keys held in a
 * {@link SigningVault}.
 * <p>
 * Methods are synchronous and sign with the vault, which may block: call them from a worker
 * thread. Thread-safe if the vault is; rotating the same identity from two threads at once forks
 * its history (the two results {@link HistoryComparison#CONFLICT conflict}).
 */
public final class Identities {

  private static final System.Logger LOG = System.getLogger(Identities.class.getName());

  private final SigningVault vault;
  private final VerifyingVault verifier;
  private final Clock clock;

  private Identities(SigningVault vault, VerifyingVault verifier, Clock clock) {
    this.vault = Objects.requireNonNull(vault, "vault");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param vault the vault that holds (and will hold) the primary keys
   * @return a service using the software verifying vault and the system clock (UTC)
   */
  public static Identities create(SigningVault vault) {
    return new Identities(vault, VerifyingVault.software(), Clock.systemUTC());
  }

  /**
   * @param vault the vault that holds (and will hold) the primary keys
   * @param verifier the verifying vault
   * @param clock the clock giving "now" for new changes
   * @return the service
   */
  public static Identities create(SigningVault vault, VerifyingVault verifier, Clock clock) {
    return new Identities(vault, verifier, clock);
  }

  /**
   * @return the vault holding the primary keys
   */
  public SigningVault vault() {
    return vault;
  }

  /**
   * Creates an identity with a new Ed25519 key, valid for attestations for ten years from now.
   *
   * @return the new identity
   */
  public Identity createIdentity() {
    return createIdentity(new ChangeOptions());
  }

  /**
   * Creates an identity with a new key of the given type.
   *
   * @param keyType {@link KeyType#ED25519} or {@link KeyType#P256}
   * @return the new identity
   */
  public Identity createIdentity(KeyType keyType) {
    return createIdentity(new ChangeOptions().setKeyType(keyType));
  }

  /**
   * Creates an identity: one change with no previous change, signed by the new key.
   *
   * @param options key and attestation-window options
   * @return the new identity
   * @throws VaultException if the vault cannot create or use the key
   */
  public Identity createIdentity(ChangeOptions options) {
    KeyId key = options.getKeyId();
    boolean generated = key == null;
    if (generated) {
      key = vault.generateSigningKey(options.getKeyType());
    }
    try {
      Change first = makeChange(null, null, key, options, Long.MIN_VALUE);
      Identity identity = Identity.verify(null, ChangeHistory.of(List.of(first)), verifier);
      LOG.log(System.Logger.Level.DEBUG, "created identity {0}", identity.identifier());
      return identity;
    } catch (RuntimeException e) {
      if (generated) {
        vault.deleteSigningKey(key);
      }
      throw e;
    }
  }

  /**
   * Rotates an identity's primary key with a new Ed25519 key and the default window.
   *
   * @param identity the identity; its current primary key must be in the vault
   * @return the identity with one more change
   */
  public Identity rotate(Identity identity) {
    return rotate(identity, new ChangeOptions().setKeyType(identity.primaryPublicKey().type()));
  }

  /**
   * Rotates an identity's primary key (§5.5): appends a change naming the previous change's hash,
   * signed by the new key and by the previous key, then deletes the previous secret key from the
   * vault. The identifier does not change. Rotation invalidates every purpose key attested with the
   * previous key (§5.8).
   *
   * @param identity the identity; its current primary key must be in the vault
   * @param options the new key and window; {@code attestations_valid_from} defaults to now, but is
   *   never set earlier than the previous change's (rule 5.6.2)
   * @return the identity with one more change
   * @throws VaultException if the current primary key is not in the vault
   */
  public Identity rotate(Identity identity, ChangeOptions options) {
    return rotate(identity, options, true);
  }

  /**
   * Rotates an identity's primary key like {@link #rotate(Identity, ChangeOptions)}, optionally
   * keeping the previous secret key, for a caller that deletes it only once the new change history
   * is safely stored.
   *
   * @param identity the identity; its current primary key must be in the vault
   * @param options the new key and window
   * @param deletePreviousKey whether to delete the previous secret key from the vault
   * @return the identity with one more change
   * @throws VaultException if the current primary key is not in the vault
   */
  public Identity rotate(Identity identity, ChangeOptions options, boolean deletePreviousKey) {
    KeyId previousKey = primaryKeyId(identity);
    KeyId key = options.getKeyId();
    boolean generated = key == null;
    if (generated) {
      key = vault.generateSigningKey(options.getKeyType());
    }
    Identity rotated;
    try {
      Change last = identity.latestChange();
      Change next = makeChange(last.hash(), previousKey, key, options, last.changeData().attestationsValidFrom());
      rotated = Identity.verify(identity.identifier(), identity.changeHistory().append(next), verifier);
    } catch (RuntimeException e) {
      if (generated) {
        vault.deleteSigningKey(key);
      }
      throw e;
    }
    if (deletePreviousKey && !previousKey.equals(key)) {
      vault.deleteSigningKey(previousKey);
    }
    LOG.log(System.Logger.Level.DEBUG, "rotated identity {0} to change {1}", identity.identifier(), rotated.changeHistory().size());
    return rotated;
  }

  /**
   * Finds the vault key of an identity's current primary key.
   *
   * @param identity the identity
   * @return the key id
   * @throws VaultException if the vault does not hold that key
   */
  public KeyId primaryKeyId(Identity identity) {
    return vault.findSigningKey(identity.primaryPublicKey())
      .orElseThrow(() -> new VaultException("the vault has no secret for the primary key of " + identity.identifier()));
  }

  /**
   * Decides which history to keep when one is received for an identifier that may already be
   * known, as Ockam's repository does (§5.7): keep a newer or equal one, refuse a conflicting one,
   * refuse (or ignore) an older one.
   *
   * @param known the stored identity, or {@code null} if none is stored
   * @param received the received identity (verified)
   * @param ignoreOlder {@code true} to keep {@code known} instead of failing on an older history
   * @return the identity to store
   * @throws IdentityException {@link Rule#HISTORY_CONFLICT} or {@link Rule#HISTORY_OLDER}
   */
  public static Identity update(Identity known, Identity received, boolean ignoreOlder) {
    if (known == null) {
      return received;
    }
    switch (received.compare(known)) {
      case NEWER:
        return received;
      case EQUAL:
        return known;
      case OLDER:
        if (ignoreOlder) {
          return known;
        }
        throw new IdentityException(Rule.HISTORY_OLDER, received.identifier().toString());
      default:
        throw new IdentityException(Rule.HISTORY_CONFLICT, received.identifier() + " vs " + known.identifier());
    }
  }

  private Change makeChange(ChangeHash previousHash, KeyId previousKey, KeyId key, ChangeOptions options,
                            long minValidFrom) {
    VerifyingPublicKey publicKey = vault.verifyingPublicKey(key);
    long from = options.getValidFrom() != null ? options.getValidFrom() : Math.max(clock.instant().getEpochSecond(), minValidFrom);
    long until = options.getValidUntil() != null ? options.getValidUntil() : from + options.getTtlSeconds();
    ChangeData data = new ChangeData(previousHash, publicKey, options.isRevokeAllPurposeKeys(), from, until);
    byte[] versioned = Cbor.wrapVersioned(Cbor.CHANGE_DATA, data.encode());
    byte[] digest = verifier.sha256(versioned);
    Signature signature = vault.sign(key, digest);
    Signature previousSignature = previousKey == null ? null : vault.sign(previousKey, digest);
    return Change.of(versioned, signature, previousSignature);
  }
}
