package io.ockamj.crypto.identity;

import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SigningVault;
import io.ockamj.crypto.VerifyingVault;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * Issues and verifies credentials (§6.2, §6.3). Issuing signs with a credential purpose key held
 * in the credential vault; verifying needs the accepted authorities' identities.
 * <p>
 * Methods are synchronous; issuing may block on the vault. Thread-safe if the vault is.
 */
public final class Credentials {

  private final SigningVault credentialVault;
  private final VerifyingVault verifier;
  private final Clock clock;

  private Credentials(SigningVault credentialVault, VerifyingVault verifier, Clock clock) {
    this.credentialVault = Objects.requireNonNull(credentialVault, "credentialVault");
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param credentialVault the vault holding credential purpose keys
   * @return the service, with the software verifying vault and the system clock
   */
  public static Credentials create(SigningVault credentialVault) {
    return new Credentials(credentialVault, VerifyingVault.software(), Clock.systemUTC());
  }

  /**
   * @param credentialVault the vault holding credential purpose keys
   * @param verifier the verifying vault
   * @param clock the clock giving "now"
   * @return the service
   */
  public static Credentials create(SigningVault credentialVault, VerifyingVault verifier, Clock clock) {
    return new Credentials(credentialVault, verifier, clock);
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  /**
   * Issues a credential created now (§6.2).
   *
   * @param issuerKey the issuer's credential purpose key (its secret in the credential vault)
   * @param subject the subject's known identity (its latest change hash goes into the credential)
   * @param attributes the attributes
   * @param ttl how long the credential is valid
   * @return the credential with the issuer key's attestation
   */
  public CredentialAndPurposeKey issue(PurposeKey issuerKey, Identity subject, Attributes attributes, Duration ttl) {
    long now = now();
    return issue(issuerKey, subject.identifier(), subject.latestChangeHash(), attributes, now, now + ttl.getSeconds());
  }

  /**
   * Issues a credential with explicit fields: encodes {@code CredentialData}, wraps it in
   * {@code VersionedData(1, 3, …)} and signs its SHA-256 with the purpose key.
   *
   * @param issuerKey the issuer's credential purpose key
   * @param subject the subject
   * @param subjectLatestChangeHash the subject's latest change hash, or {@code null}
   * @param attributes the attributes
   * @param createdAt creation time, unix seconds
   * @param expiresAt expiry time, unix seconds
   * @return the credential with the issuer key's attestation
   * @throws IllegalArgumentException if {@code issuerKey} is not a credential purpose key
   */
  public CredentialAndPurposeKey issue(PurposeKey issuerKey, Identifier subject, ChangeHash subjectLatestChangeHash,
                                       Attributes attributes, long createdAt, long expiresAt) {
    if (issuerKey.purpose() != Purpose.CREDENTIALS) {
      throw new IllegalArgumentException("not a credential purpose key");
    }
    CredentialData data = new CredentialData(Objects.requireNonNull(subject, "subject"), subjectLatestChangeHash,
      attributes, createdAt, expiresAt);
    byte[] versioned = Cbor.wrapVersioned(Cbor.CREDENTIAL_DATA, data.encode());
    Signature signature = credentialVault.sign(issuerKey.keyId(), verifier.sha256(versioned));
    return CredentialAndPurposeKey.of(Credential.of(versioned, signature), issuerKey.attestation());
  }

  /**
   * Verifies a presented credential at the current time (see
   * {@link CredentialAndPurposeKey#verify(Identifier, Collection, long, VerifyingVault)}).
   *
   * @param credential the presented credential
   * @param expectedSubject the identifier it must be about, or {@code null} for any
   * @param authorities the accepted authorities, with their known histories
   * @return the verified credential
   * @throws IdentityException naming the rule that failed
   */
  public VerifiedCredential verify(CredentialAndPurposeKey credential, Identifier expectedSubject,
                                   Collection<Identity> authorities) {
    return credential.verify(expectedSubject, authorities, now(), verifier);
  }
}
