package io.ockamj.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * A member of an authority (Rust's {@code authority_member} row): an identity the authority issues
 * credentials to, with the attributes those credentials carry.
 *
 * @param identifier the member's identifier, not {@code null}
 * @param addedBy the identifier of the enroller that added it (the authority itself for pre-trusted
 *     members), not {@code null}
 * @param addedAt when it was added (whole seconds), not {@code null}
 * @param preTrusted {@code true} for members from the authority's configuration
 *     ({@code --trusted-identities}), which enrollers cannot delete
 * @param attributes the attributes, CBOR {@code {bstr => bstr}} (opaque to the store; copied)
 */
public record AuthorityMemberRecord(String identifier, String addedBy, Instant addedAt, boolean preTrusted,
                                    byte[] attributes) {

  /**
   * Validates and copies the components.
   *
   * @param identifier the member
   * @param addedBy who added it
   * @param addedAt when
   * @param preTrusted whether it comes from the configuration
   * @param attributes the encoded attributes
   */
  public AuthorityMemberRecord {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(addedBy, "addedBy");
    Objects.requireNonNull(addedAt, "addedAt");
    attributes = Objects.requireNonNull(attributes, "attributes").clone();
  }

  /** @return a copy of the encoded attributes */
  @Override
  public byte[] attributes() {
    return attributes.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AuthorityMemberRecord m && identifier.equals(m.identifier) && addedBy.equals(m.addedBy)
      && addedAt.equals(m.addedAt) && preTrusted == m.preTrusted && Arrays.equals(attributes, m.attributes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(identifier, addedBy, addedAt, preTrusted, Arrays.hashCode(attributes));
  }

  @Override
  public String toString() {
    return "AuthorityMemberRecord[" + identifier + ", addedBy=" + addedBy + ", addedAt=" + addedAt
      + ", preTrusted=" + preTrusted + ", attributes=" + attributes.length + " bytes]";
  }
}
