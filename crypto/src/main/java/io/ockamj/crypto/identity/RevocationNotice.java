package io.ockamj.crypto.identity;

import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SigningVault;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.protocol.cbor.CborWriter;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An authority's signed statement that an identity is no longer a member: every credential the
 * authority issued to it must stop being honoured at once, not when it expires (ours; Rust Ockam
 * has no revocation and waits for expiry).
 * <p>
 * Notices carry a sequence number that the authority increments by one per notice, so a node that
 * reconnects asks for everything after the last one it applied and can tell a gap. The encoding
 * mirrors a credential's: {@code [Signed(VersionedData(REVOCATION, [seq, subject, revoked_at])),
 * PurposeKeyAttestation]}, signed by the authority's credential purpose key over the SHA-256 of
 * the versioned data. The versioned data type is one Rust never signs, so a credential's
 * signature cannot be replayed as a notice.
 */
public final class RevocationNotice {

  /** The largest encoded notice accepted; decoding larger input fails before allocating. */
  public static final int MAX_ENCODED_LENGTH = 4096;

  private final long seq;
  private final Identifier subject;
  private final long revokedAt;
  private final PurposeKeyAttestation issuerKey;
  private final byte[] bytes;
  private final byte[] versionedData;
  private final Signature signature;

  private RevocationNotice(long seq, Identifier subject, long revokedAt, byte[] versionedData, Signature signature,
                           PurposeKeyAttestation issuerKey, byte[] bytes) {
    this.seq = seq;
    this.subject = subject;
    this.revokedAt = revokedAt;
    this.versionedData = versionedData;
    this.signature = signature;
    this.issuerKey = issuerKey;
    this.bytes = bytes;
  }

  /**
   * Signs a notice with an authority's credential purpose key.
   *
   * @param vault the vault holding the purpose key's secret
   * @param verifier used for SHA-256
   * @param issuerKey the authority's credential purpose key
   * @param seq the notice's sequence number (1 for the first)
   * @param subject the identity whose membership ends
   * @param revokedAt when, in seconds since the epoch
   * @return the signed notice
   */
  public static RevocationNotice sign(SigningVault vault, VerifyingVault verifier, PurposeKey issuerKey, long seq,
                                      Identifier subject, long revokedAt) {
    if (issuerKey.purpose() != Purpose.CREDENTIALS) {
      throw new IllegalArgumentException("a revocation notice is signed with a credential purpose key");
    }
    if (seq < 1 || revokedAt < 0) {
      throw new IllegalArgumentException("seq must be positive and revokedAt non-negative");
    }
    byte[] data = new CborWriter(48).array(3).u64(seq).bytes(Objects.requireNonNull(subject, "subject").bytes())
      .u64(revokedAt).toByteArray();
    byte[] versioned = Cbor.wrapVersioned(Cbor.REVOCATION_DATA, data);
    Signature signature = vault.sign(issuerKey.keyId(), verifier.sha256(versioned));
    byte[] signed = new Cbor.Signed(versioned, signature).encode();
    byte[] att = issuerKey.attestation().rawBytes();
    byte[] encoded = new CborWriter(signed.length + att.length + 1).array(2).raw(signed).raw(att).toByteArray();
    return decode(encoded);
  }

  /**
   * Decodes a notice without verifying it.
   *
   * @param bytes the encoded notice
   * @return the notice
   * @throws IdentityException if the bytes are malformed or too large
   */
  public static RevocationNotice decode(byte[] bytes) {
    byte[] copy = bytes == null ? null : bytes.clone();
    Object[] parts = Cbor.decode(copy, MAX_ENCODED_LENGTH, "revocation notice", r -> {
      Cbor.Array a = new Cbor.Array(r);
      a.require("notice");
      Cbor.Signed s = Cbor.Signed.read(r, MAX_ENCODED_LENGTH);
      a.require("purpose_key_attestation");
      byte[] att = r.readRawItem();
      a.finish();
      return new Object[] {s, att};
    });
    Cbor.Signed signed = (Cbor.Signed) parts[0];
    byte[] inner = Cbor.unwrapVersioned(signed.data(), Cbor.REVOCATION_DATA, MAX_ENCODED_LENGTH, "revocation data");
    long[] numbers = new long[2];
    Identifier subject = Cbor.decode(inner, MAX_ENCODED_LENGTH, "revocation data", r -> {
      Cbor.Array a = new Cbor.Array(r);
      a.require("seq");
      numbers[0] = r.readU64();
      a.require("subject");
      Identifier id = Cbor.readIdentifier(r);
      a.require("revoked_at");
      numbers[1] = r.readU64();
      a.finish();
      return id;
    });
    if (numbers[0] < 1 || numbers[1] < 0) {
      throw new IdentityException(Rule.MALFORMED, "revocation notice: seq " + Long.toUnsignedString(numbers[0])
        + ", revoked_at " + Long.toUnsignedString(numbers[1]));
    }
    PurposeKeyAttestation att = PurposeKeyAttestation.decode((byte[]) parts[1]);
    return new RevocationNotice(numbers[0], subject, numbers[1], signed.data(), signed.signature(), att, copy);
  }

  /**
   * Checks that the notice was signed by a credential purpose key that {@code authority} attested.
   * The attestation's validity window is not checked against the clock: a notice stays true after
   * the key that signed it expires.
   *
   * @param authority the authority whose notices this node honours
   * @param verifier verifies signatures
   * @return this notice
   * @throws IdentityException naming the rule that failed
   */
  public RevocationNotice verify(Identity authority, VerifyingVault verifier) {
    Identifier issuer = issuerKey.attestationData().subject();
    if (!authority.identifier().equals(issuer)) {
      throw new IdentityException(Rule.UNKNOWN_AUTHORITY, issuer.toString());
    }
    // attested keys are checked at the time the notice says it was made
    PurposeKeyAttestationData key = issuerKey.verify(authority, null, issuerKey.attestationData().createdAt(), verifier);
    if (key.publicKey().purpose() != Purpose.CREDENTIALS) {
      throw new IdentityException(Rule.WRONG_PURPOSE, "a revocation notice is signed by a " + key.publicKey().purpose() + " key");
    }
    VerifyingPublicKey pk = key.publicKey().credentialVerifyingKey();
    if (pk.type() != signature.type() || !verifier.verify(pk, verifier.sha256(versionedData), signature)) {
      throw new IdentityException(Rule.REVOCATION_SIGNATURE_INVALID, "notice " + seq + " from " + issuer);
    }
    return this;
  }

  /** @return the sequence number, 1 for an authority's first notice */
  public long seq() {
    return seq;
  }

  /** @return the identity whose membership ended */
  public Identifier subject() {
    return subject;
  }

  /** @return when the membership ended, in seconds since the epoch */
  public long revokedAt() {
    return revokedAt;
  }

  /** @return the authority that signed the notice (not yet verified unless {@link #verify} returned) */
  public Identifier issuer() {
    return issuerKey.attestationData().subject();
  }

  /** @return the encoded notice (a copy) */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** @return the encoded notice in hex */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RevocationNotice && Arrays.equals(((RevocationNotice) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "RevocationNotice[seq=" + seq + ", subject=" + subject + ", revokedAt=" + revokedAt + ", issuer=" + issuer() + "]";
  }
}
