package io.ockamj.store;

import java.util.Arrays;
import java.util.Objects;

/**
 * A revocation notice as stored (ours): by the authority that signed it, or by a node that applied it.
 *
 * @param authority the identifier of the authority that signed the notice
 * @param seq the notice's sequence number at that authority, from 1
 * @param subject the identifier whose credentials the notice voids
 * @param revokedAt when, in seconds since the epoch: credentials created up to then are void
 * @param notice the signed notice as received or sent
 */
public record RevocationRecord(String authority, long seq, String subject, long revokedAt, byte[] notice) {

  /**
   * Checks the fields: none may be null and the sequence number starts at 1.
   *
   * @param authority the identifier of the authority that signed the notice
   * @param seq the notice's sequence number at that authority, from 1
   * @param subject the identifier whose credentials the notice voids
   * @param revokedAt when, in seconds since the epoch: credentials created up to then are void
   * @param notice the signed notice as received or sent
   * @throws IllegalArgumentException if {@code seq} is less than 1
   */
  public RevocationRecord {
    Objects.requireNonNull(authority, "authority");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(notice, "notice");
    if (seq < 1) {
      throw new IllegalArgumentException("seq must be positive: " + seq);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RevocationRecord r && r.authority.equals(authority) && r.seq == seq && r.subject.equals(subject)
      && r.revokedAt == revokedAt && Arrays.equals(r.notice, notice);
  }

  @Override
  public int hashCode() {
    return Objects.hash(authority, seq, subject, revokedAt) * 31 + Arrays.hashCode(notice);
  }

  @Override
  public String toString() {
    return "RevocationRecord[" + authority + " #" + seq + ": " + subject + " at " + revokedAt + "]";
  }
}
