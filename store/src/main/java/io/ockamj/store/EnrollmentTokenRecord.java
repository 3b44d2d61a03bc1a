package io.ockamj.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * An enrollment token (one-time code) an authority issued (Rust's {@code authority_enrollment_token}).
 *
 * @param oneTimeCode the code, 64 lowercase hex digits, not {@code null}
 * @param reference a short random reference for logs, or {@code null}
 * @param issuedBy the identifier of the enroller that asked for it, not {@code null}
 * @param createdAt when it was issued, not {@code null}
 * @param expiresAt when it stops being accepted, not {@code null}
 * @param ttlCount how many enrollments it still allows (0 once used up)
 * @param attributes the attributes its users get, CBOR {@code {bstr => bstr}} (copied)
 */
public record EnrollmentTokenRecord(String oneTimeCode, String reference, String issuedBy, Instant createdAt,
                                    Instant expiresAt, long ttlCount, byte[] attributes) {

  /**
   * Validates and copies the components.
   *
   * @param oneTimeCode the code
   * @param reference the reference or {@code null}
   * @param issuedBy the issuer
   * @param createdAt created
   * @param expiresAt expiry
   * @param ttlCount remaining uses
   * @param attributes encoded attributes
   */
  public EnrollmentTokenRecord {
    Objects.requireNonNull(oneTimeCode, "oneTimeCode");
    Objects.requireNonNull(issuedBy, "issuedBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (ttlCount < 0) {
      throw new IllegalArgumentException("ttlCount must not be negative");
    }
    attributes = Objects.requireNonNull(attributes, "attributes").clone();
  }

  /** @return a copy of the encoded attributes */
  @Override
  public byte[] attributes() {
    return attributes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnrollmentTokenRecord t && oneTimeCode.equals(t.oneTimeCode)
      && Objects.equals(reference, t.reference) && issuedBy.equals(t.issuedBy) && createdAt.equals(t.createdAt)
      && expiresAt.equals(t.expiresAt) && ttlCount == t.ttlCount && Arrays.equals(attributes, t.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(oneTimeCode, reference, issuedBy, createdAt, expiresAt, ttlCount, Arrays.hashCode(attributes));
  }

  @Override
  public String toString() {
    // the code is a secret: never printed
    return "EnrollmentTokenRecord[reference=" + reference + ", issuedBy=" + issuedBy + ", expiresAt=" + expiresAt
      + ", ttlCount=" + ttlCount + "]";
  }
}
