package io.ockamj.crypto.identity;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;

import java.util.Objects;

/**
 * The signed content of a purpose-key attestation (§5.9):
 * {@code [Identifier subject, ChangeHash subject_latest_change_hash, PurposePublicKey public_key,
 * uint created_at, uint expires_at]}. Immutable.
 */
public final class PurposeKeyAttestationData {

  private final Identifier subject;
  private final ChangeHash subjectLatestChangeHash;
  private final PurposePublicKey publicKey;
  private final long createdAt;
  private final long expiresAt;

  /**
   * @param subject the identity that attests the key
   * @param subjectLatestChangeHash the hash of that identity's latest change
   * @param publicKey the attested public key
   * @param createdAt creation time, unix seconds
   * @param expiresAt expiry time, unix seconds
   */
  public PurposeKeyAttestationData(Identifier subject, ChangeHash subjectLatestChangeHash, PurposePublicKey publicKey,
                                   long createdAt, long expiresAt) {
    this.subject = Objects.requireNonNull(subject, "subject");
    this.subjectLatestChangeHash = Objects.requireNonNull(subjectLatestChangeHash, "subjectLatestChangeHash");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.createdAt = createdAt;
    this.expiresAt = expiresAt;
  }

  /**
   * @return the identity that attests the key (for a credential key: the issuer)
   */
  public Identifier subject() {
    return subject;
  }

  /**
   * @return the hash of the subject's latest change when the key was attested
   */
  public ChangeHash subjectLatestChangeHash() {
    return subjectLatestChangeHash;
  }

  /**
   * @return the attested public key and its purpose
   */
  public PurposePublicKey publicKey() {
    return publicKey;
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
    CborWriter w = new CborWriter(160).array(5).bytes(subject.bytes()).bytes(subjectLatestChangeHash.rawBytes());
    publicKey.writeTo(w);
    return w.u64(createdAt).u64(expiresAt).toByteArray();
  }

  static PurposeKeyAttestationData read(CborReader r) {
    Cbor.Array a = new Cbor.Array(r);
    a.require("subject");
    Identifier subject = Cbor.readIdentifier(r);
    a.require("subject_latest_change_hash");
    ChangeHash hash = Cbor.readChangeHash(r);
    a.require("public_key");
    PurposePublicKey key = PurposePublicKey.read(r);
    a.require("created_at");
    long created = r.readU64();
    a.require("expires_at");
    long expires = r.readU64();
    a.finish();
    return new PurposeKeyAttestationData(subject, hash, key, created, expires);
  }

  @Override
  public String toString() {
    return "PurposeKeyAttestationData[subject=" + subject + ", latestChange=" + subjectLatestChangeHash + ", key="
      + publicKey + ", createdAt=" + createdAt + ", expiresAt=" + expiresAt + "]";
  }
}
