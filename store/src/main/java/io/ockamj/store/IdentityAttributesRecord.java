package io.ockamj.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The attributes known about one identity (typically taken from a verified credential).
 * <p>
 * The byte array is copied on the way in and out, and {@link #equals}/{@link #hashCode} compare its
 * contents.
 *
 * @param identifier the identifier of the identity the attributes describe, not {@code null}
 * @param attributes the encoded attributes (a CBOR map of bytes to bytes), opaque to the store
 * @param added when the attributes were added (whole seconds), not {@code null}
 * @param expires when they expire (whole seconds), or {@code null} for never
 * @param attestedBy the identifier of the identity that attested them, or {@code null}
 */
public record IdentityAttributesRecord(String identifier, byte[] attributes, Instant added, Instant expires,
                                       String attestedBy) {

  /**
   * Validates and copies the components.
   *
   * @param identifier the identifier
   * @param attributes the attribute bytes
   * @param added when added
   * @param expires the expiry or {@code null}
   * @param attestedBy the attester or {@code null}
   */
  public IdentityAttributesRecord {
    Objects.requireNonNull(identifier, "identifier");
    attributes = Objects.requireNonNull(attributes, "attributes").clone();
    Objects.requireNonNull(added, "added");
  }

  /**
   * Returns a copy of the attribute bytes.
   *
   * @return the attribute bytes
   */
  @Override
  public byte[] attributes() {
    return attributes.clone();
  }

  /**
   * Tells whether the attributes have expired at a given time.
   *
   * @param now the time to compare with
   * @return {@code true} if there is an expiry and it is not after {@code now}
   */
  public boolean isExpiredAt(Instant now) {
    return expires != null && !expires.isAfter(now);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdentityAttributesRecord other
        && identifier.equals(other.identifier)
        && Arrays.equals(attributes, other.attributes)
        && added.equals(other.added)
        && Objects.equals(expires, other.expires)
        && Objects.equals(attestedBy, other.attestedBy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identifier, Arrays.hashCode(attributes), added, expires, attestedBy);
  }

  @Override
  public String toString() {
    return "IdentityAttributesRecord[identifier=" + identifier + ", attributes=" + attributes.length
        + " bytes, added=" + added + ", expires=" + expires + ", attestedBy=" + attestedBy + "]";
  }
}
