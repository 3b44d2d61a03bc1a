package io.ockamj.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A stored credential, keyed by subject, issuer and scope.
 * <p>
 * The byte array is copied on the way in and out, and {@link #equals}/{@link #hashCode} compare its
 * contents.
 *
 * @param subject the identifier of the identity the credential is about, not {@code null}
 * @param issuer the identifier of the issuing authority, not {@code null}
 * @param scope the scope the credential was requested for (for example a project), not {@code null}
 * @param credential the encoded credential and its purpose-key attestation, opaque to the store
 * @param expiresAt when the credential expires (whole seconds), not {@code null}
 */
public record CredentialRecord(String subject, String issuer, String scope, byte[] credential,
                               Instant expiresAt) {

  /**
   * Validates and copies the components.
   *
   * @param subject the subject identifier
   * @param issuer the issuer identifier
   * @param scope the scope
   * @param credential the credential bytes
   * @param expiresAt the expiry
   */
  public CredentialRecord {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(scope, "scope");
    credential = Objects.requireNonNull(credential, "credential").clone();
    Objects.requireNonNull(expiresAt, "expiresAt");
  }

  /**
   * Returns a copy of the credential bytes.
   *
   * @return the credential bytes
   */
  @Override
  public byte[] credential() {
    return credential.clone();
  }

  /**
   * Tells whether the credential has expired at a given time.
   *
   * @param now the time to compare with
   * @return {@code true} if {@code expiresAt} is not after {@code now}
   */
  public boolean isExpiredAt(Instant now) {
    return !expiresAt.isAfter(now);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CredentialRecord other
        && subject.equals(other.subject)
        && issuer.equals(other.issuer)
        && scope.equals(other.scope)
        && Arrays.equals(credential, other.credential)
        && expiresAt.equals(other.expiresAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(subject, issuer, scope, Arrays.hashCode(credential), expiresAt);
  }

  @Override
  public String toString() {
    return "CredentialRecord[subject=" + subject + ", issuer=" + issuer + ", scope=" + scope
        + ", credential=" + credential.length + " bytes, expiresAt=" + expiresAt + "]";
  }
}
