package io.ockamj.crypto.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SigningVault;
import io.ockamj.crypto.SecureChannelVault;
import io.ockamj.crypto.VaultException;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.Vault;

import java.time.Clock;
import java.util.Objects;

/**
 * Creates and verifies purpose keys (§5.9): secure-channel static X25519 keys and credential
 * signing keys (Ed25519 or P-256), each attested by an identity's current primary key.
 * <p>
 * Three vault roles are involved, as in Rust's {@code Vault}: the identity vault (primary keys,
 * which sign attestations), the credential vault (credential signing keys) and the secure-channel
 * vault (X25519 keys). A {@link Vault} plays all three. Methods are synchronous and may
 * block; thread-safe if the vaults are.
 */
public final class PurposeKeys {

  /** Default lifetime of a purpose key: 5 × 365 days, in seconds. */
  public static final long DEFAULT_TTL_SECONDS = 5L * 365 * 24 * 3600;

  private final SigningVault identityVault;
  private final SigningVault credentialVault;
  private final SecureChannelVault secureChannelVault;
  private final VerifyingVault verifier;
  private final Clock clock;

  private PurposeKeys(SigningVault identityVault, SigningVault credentialVault, SecureChannelVault secureChannelVault,
                      VerifyingVault verifier, Clock clock) {
    this.identityVault = Objects.requireNonNull(identityVault, "identityVault");
    this.credentialVault = Objects.requireNonNull(credentialVault, "credentialVault");
    this.secureChannelVault = Objects.requireNonNull(secureChannelVault, "secureChannelVault");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param vault a vault playing every role
   * @return the service, with the vault as verifier and the system clock
   */
  public static PurposeKeys create(Vault vault) {
    return new PurposeKeys(vault, vault, vault, vault, Clock.systemUTC());
  }

  /**
   * @param vault a vault playing every role
   * @param clock the clock giving "now"
   * @return the service, with the vault as verifier
   */
  public static PurposeKeys create(Vault vault, Clock clock) {
    return new PurposeKeys(vault, vault, vault, vault, clock);
  }

  /**
   * @param identityVault the vault holding identity primary keys
   * @param credentialVault the vault that holds (and will hold) credential signing keys
   * @param secureChannelVault the vault that holds (and will hold) secure-channel X25519 keys
   * @param verifier the verifying vault
   * @param clock the clock giving "now"
   * @return the service
   */
  public static PurposeKeys create(SigningVault identityVault, SigningVault credentialVault,
                                   SecureChannelVault secureChannelVault, VerifyingVault verifier, Clock clock) {
    return new PurposeKeys(identityVault, credentialVault, secureChannelVault, verifier, clock);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  /**
   * Creates a secure-channel static key valid for {@link #DEFAULT_TTL_SECONDS} from now.
   *
   * @param identity the identity attesting the key; its primary key must be in the identity vault
   * @return the purpose key
   */
  public PurposeKey createSecureChannelKey(Identity identity) {
    long now = now();
    return createSecureChannelKey(identity, now, now + DEFAULT_TTL_SECONDS);
  }

  /**
   * Creates a secure-channel static key with an explicit window.
   *
   * @param identity the identity attesting the key
   * @param createdAt creation time, unix seconds
   * @param expiresAt expiry time, unix seconds
   * @return the purpose key
   */
  public PurposeKey createSecureChannelKey(Identity identity, long createdAt, long expiresAt) {
    KeyId key = secureChannelVault.generateX25519Key();
    try {
      return attest(identity, key, createdAt, expiresAt);
    } catch (RuntimeException e) {
      secureChannelVault.deleteX25519Key(key);
      throw e;
    }
  }

  /**
   * Creates an Ed25519 credential signing key valid for {@link #DEFAULT_TTL_SECONDS} from now.
   *
   * @param identity the identity attesting the key (the future issuer)
   * @return the purpose key
   */
  public PurposeKey createCredentialKey(Identity identity) {
    return createCredentialKey(identity, KeyType.ED25519);
  }

  /**
   * Creates a credential signing key valid for {@link #DEFAULT_TTL_SECONDS} from now.
   *
   * @param identity the identity attesting the key (the future issuer)
   * @param keyType {@link KeyType#ED25519} or {@link KeyType#P256}
   * @return the purpose key
   */
  public PurposeKey createCredentialKey(Identity identity, KeyType keyType) {
    long now = now();
    return createCredentialKey(identity, keyType, now, now + DEFAULT_TTL_SECONDS);
  }

  /**
   * Creates a credential signing key with an explicit window.
   *
   * @param identity the identity attesting the key
   * @param keyType {@link KeyType#ED25519} or {@link KeyType#P256}
   * @param createdAt creation time, unix seconds
   * @param expiresAt expiry time, unix seconds
   * @return the purpose key
   */
  public PurposeKey createCredentialKey(Identity identity, KeyType keyType, long createdAt, long expiresAt) {
    KeyId key = credentialVault.generateSigningKey(keyType);
    try {
      return attest(identity, key, createdAt, expiresAt);
    } catch (RuntimeException e) {
      credentialVault.deleteSigningKey(key);
      throw e;
    }
  }

  /**
   * Attests a key already in the credential vault (signing key) or the secure-channel vault
   * (X25519 key): signs {@code VersionedData(1, 2, data)} with the identity's current primary key.
   *
   * @param identity the identity attesting the key
   * @param key the key to attest
   * @param createdAt creation time, unix seconds
   * @param expiresAt expiry time, unix seconds
   * @return the purpose key
   * @throws VaultException if a vault lacks the key or the identity's primary key
   */
  public PurposeKey attest(Identity identity, KeyId key, long createdAt, long expiresAt) {
    PurposePublicKey pub = key.type() == KeyType.X25519
      ? PurposePublicKey.secureChannel(secureChannelVault.x25519PublicKey(key))
      : PurposePublicKey.credentialSigning(credentialVault.verifyingPublicKey(key));
    PurposeKeyAttestationData data = new PurposeKeyAttestationData(identity.identifier(), identity.latestChangeHash(),
      pub, createdAt, expiresAt);
    byte[] versioned = Cbor.wrapVersioned(Cbor.ATTESTATION_DATA, data.encode());
    KeyId primary = identityVault.findSigningKey(identity.primaryPublicKey())
      .orElseThrow(() -> new VaultException("the vault has no secret for the primary key of " + identity.identifier()));
    Signature signature = identityVault.sign(primary, verifier.sha256(versioned));
    return PurposeKey.of(key, PurposeKeyAttestation.of(versioned, signature));
  }

  /**
   * Verifies an attestation at the current time (see
   * {@link PurposeKeyAttestation#verify(Identity, Identifier, long, VerifyingVault)}).
   *
   * @param attestation the attestation
   * @param subjectIdentity the known identity of its subject
   * @param expectedSubject the identifier the subject must be, or {@code null} for any
   * @return the verified data
   * @throws IdentityException naming the rule that failed
   */
  public PurposeKeyAttestationData verify(PurposeKeyAttestation attestation, Identity subjectIdentity,
                                          Identifier expectedSubject) {
    return attestation.verify(subjectIdentity, expectedSubject, now(), verifier);
  }

  /**
   * Tells whether a stored purpose key can still be used by its identity: its attestation verifies
   * now against the identity's current history (Rust's {@code get_or_create_*} reuse test), and the
   * secret is still in its vault.
   *
   * @param key the purpose key
   * @param identity the identity that attested it
   * @return {@code true} if the key can be reused
   */
  public boolean isUsable(PurposeKey key, Identity identity) {
    try {
      verify(key.attestation(), identity, identity.identifier());
    } catch (IdentityException e) {
      return false;
    }
    if (key.purpose() == Purpose.SECURE_CHANNEL) {
      return secureChannelVault.findX25519Key(key.publicKey().x25519PublicKey()).isPresent();
    }
    return credentialVault.findSigningKey(key.publicKey().credentialVerifyingKey()).isPresent();
  }

  /**
   * Deletes a purpose key's secret from its vault.
   *
   * @param key the purpose key
   * @return {@code true} if the secret existed
   */
  public boolean delete(PurposeKey key) {
    return key.purpose() == Purpose.SECURE_CHANNEL
      ? secureChannelVault.deleteX25519Key(key.keyId())
      : credentialVault.deleteSigningKey(key.keyId());
  }
}
