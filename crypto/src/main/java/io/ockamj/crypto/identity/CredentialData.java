package io.ockamj.crypto.identity;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;

import java.util.Objects;
import java.util.Optional;

/**
 * The signed content of a credential (§6.1):
 * {@code [Identifier? subject, ChangeHash? subject_latest_change_hash, Attributes subject_attributes,
 * uint created_at, uint expires_at]}. Immutable.
 */
public final class CredentialData {

  private final Identifier subject;
  private final ChangeHash subjectLatestChangeHash;
  private final Attributes attributes;
  private final long createdAt;
  private final long expiresAt;

  /**
   * @param subject the identity the credential is about ({@code null} only in decoded foreign data;
   *   verification rejects it)
   * @param subjectLatestChangeHash the subject's latest change hash at issuance, or {@code null}
   * @param attributes the attributes
   * @param createdAt creation time, unix seconds
   * @param expiresAt expiry time, unix seconds
   */
  public CredentialData(Identifier subject, ChangeHash subjectLatestChangeHash, Attributes attributes, long createdAt,
                        long expiresAt) {
    this.subject = subject;
    this.subjectLatestChangeHash = subjectLatestChangeHash;
    this.attributes = Objects.requireNonNull(attributes, "attributes");
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  /**
   * @return the subject, if present
   */
  public Optional<Identifier> subject() {
    return Optional.ofNullable(subject);
  }

  /**
   * @return the subject's latest change hash at issuance, if present (not checked, §6.3 rule 8)
   */
  public Optional<ChangeHash> subjectLatestChangeHash() {
    return Optional.ofNullable(subjectLatestChangeHash);
  }

  /**
   * @return the attributes
   */
  public Attributes attributes() {
    return attributes;
  }

  /**
   * @return creation time, unix seconds
   */
  public long createdAt() {
    return createdAt;
  }

  /**
   * @return expiry time, unix seconds
   */
  public long expiresAt() {
    return expiresAt;
  }

  /**
   * @return the deterministic minicbor encoding
   */
  public byte[] encode() {
    CborWriter w = new CborWriter(128).array(5);
    if (subject == null) {
      w.nil();
    } else {
      w.bytes(subject.bytes());
    }
    if (subjectLatestChangeHash == null) {
      w.nil();
    } else {
      w.bytes(subjectLatestChangeHash.rawBytes());
    }
    attributes.writeTo(w);
    return w.u64(createdAt).u64(expiresAt).toByteArray();
  }

  static CredentialData read(CborReader r) {
    Cbor.Array a = new Cbor.Array(r);
    Identifier subject = a.optional() ? Cbor.readIdentifier(r) : null;
    ChangeHash hash = a.optional() ? Cbor.readChangeHash(r) : null;
    a.require("subject_attributes");
    Attributes attributes = Attributes.read(r);
    a.require("created_at");
    long created = r.readU64();
    a.require("expires_at");
    long expires = r.readU64();
    a.finish();
    return new CredentialData(subject, hash, attributes, created, expires);
  }

  @Override
  public String toString() {
    return "CredentialData[subject=" + subject + ", " + attributes + ", createdAt=" + createdAt + ", expiresAt="
      + expiresAt + "]";
  }
}
