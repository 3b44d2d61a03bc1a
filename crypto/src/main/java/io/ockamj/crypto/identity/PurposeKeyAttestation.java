package io.ockamj.crypto.identity;

import io.ockamj.crypto.Signature;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A purpose-key attestation (§5.9): {@code [bstr data, PurposeKeyAttestationSignature]}, where
 * {@code data} is the encoded {@code VersionedData(1, 2, PurposeKeyAttestationData)} signed
 * (through its SHA-256) by the subject identity's current primary key.
 * <p>
 * The bytes it was decoded from are kept ({@link #bytes()}); send and store those. Immutable and
 * thread-safe.
 */
public final class PurposeKeyAttestation {

  /** Largest accepted encoded attestation, in bytes. */
  public static final int MAX_ENCODED_LENGTH = 4096;
  /** Clock drift allowed for {@code created_at} ({@code MAX_ALLOWED_TIME_DRIFT}), in seconds. */
  public static final long MAX_ALLOWED_TIME_DRIFT = 60;

  private final byte[] versionedData;
  private final PurposeKeyAttestationData data;
  private final Signature signature;
  private final byte[] bytes;

  private PurposeKeyAttestation(byte[] versionedData, PurposeKeyAttestationData data, Signature signature, byte[] bytes) {
    this.versionedData = versionedData;
    this.data = data;
    this.signature = signature;
    this.bytes = bytes;
  }

  /**
   * Decodes an attestation (without verifying it).
   *
   * @param bytes the CBOR bytes (copied)
   * @return the attestation
   * @throws IdentityException ({@link Rule#MALFORMED}, {@link Rule#TOO_LARGE},
   *   {@link Rule#UNSUPPORTED_VERSION}, {@link Rule#WRONG_DATA_TYPE}) if the bytes are not a
   *   well-formed attestation
   */
  public static PurposeKeyAttestation decode(byte[] bytes) {
    byte[] copy = bytes == null ? null : bytes.clone();
    Cbor.Signed signed = Cbor.decode(copy, MAX_ENCODED_LENGTH, "purpose key attestation",
      r -> Cbor.Signed.read(r, MAX_ENCODED_LENGTH));
    byte[] inner = Cbor.unwrapVersioned(signed.data(), Cbor.ATTESTATION_DATA, MAX_ENCODED_LENGTH,
      "purpose key attestation data");
    PurposeKeyAttestationData data = Cbor.decode(inner, MAX_ENCODED_LENGTH, "purpose key attestation data",
      PurposeKeyAttestationData::read);
    return new PurposeKeyAttestation(signed.data(), data, signed.signature(), copy);
  }

  /**
   * @param hex the attestation as hex
   * @return the attestation, not verified
   * @throws IdentityException if the text is not hex or not a well-formed attestation
   */
  public static PurposeKeyAttestation fromHex(String hex) {
    return decode(Cbor.fromHex(hex, "purpose key attestation"));
  }

  /**
   * Builds an attestation from signed bytes and a signature, encoding it deterministically.
   *
   * @param versionedData the encoded {@code VersionedData(1, 2, …)}
   * @param signature the subject's signature over SHA-256 of {@code versionedData}
   * @return the attestation, not verified
   * @throws IdentityException if {@code versionedData} does not decode
   */
  public static PurposeKeyAttestation of(byte[] versionedData, Signature signature) {
    return decode(new Cbor.Signed(versionedData, signature).encode());
  }

  /**
   * @return a copy of the signed bytes (the encoded {@code VersionedData})
   */
  public byte[] versionedData() {
    return versionedData.clone();
  }

  /**
   * @return the decoded attestation data (not verified unless {@link #verify} returned it)
   */
  public PurposeKeyAttestationData attestationData() {
    return data;
  }

  /**
   * @return the subject's signature
   */
  public Signature signature() {
    return signature;
  }

  /**
   * @return a copy of the bytes this attestation was decoded from
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  /**
   * @return the encoding rebuilt from the parts (equal to {@link #bytes()} for Rust-made attestations)
   */
  public byte[] encode() {
    return new Cbor.Signed(versionedData, signature).encode();
  }

  /**
   * @return {@link #bytes()} as lowercase hex
   */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Verifies the attestation with the software verifying vault.
   *
   * @param subjectIdentity the known identity of the attestation's subject
   * @param expectedSubject the identifier the subject must be, or {@code null} for any
   * @param nowSeconds the current time, unix seconds
   * @return the verified data
   * @throws IdentityException naming the rule of §5.9 that failed
   */
  public PurposeKeyAttestationData verify(Identity subjectIdentity, Identifier expectedSubject, long nowSeconds) {
    return verify(subjectIdentity, expectedSubject, nowSeconds, VerifyingVault.software());
  }

  /**
   * Verifies the attestation (§5.9): the subject is the expected one (if given) and is the known
   * {@code subjectIdentity}; the attestation references that identity's latest change; its window
   * lies inside the latest change's attestation window; {@code created_at <= now + 60 s} and
   * {@code expires_at >= now}; and the signature verifies with the latest primary key.
   *
   * @param subjectIdentity the known (verified) identity of the subject; Rust loads it from local
   *   storage, so the caller looks it up by {@code attestationData().subject()}
   * @param expectedSubject the identifier the subject must be, or {@code null} for any
   * @param nowSeconds the current time, unix seconds
   * @param verifier the verifying vault
   * @return the verified data
   * @throws IdentityException naming the rule of §5.9 that failed
   */
  public PurposeKeyAttestationData verify(Identity subjectIdentity, Identifier expectedSubject, long nowSeconds,
                                          VerifyingVault verifier) {
    if (expectedSubject != null && !expectedSubject.equals(data.subject())) {
      throw new IdentityException(Rule.ATTESTATION_SUBJECT_MISMATCH, "expected " + expectedSubject + ", got " + data.subject());
    }
    if (subjectIdentity == null || !subjectIdentity.identifier().equals(data.subject())) {
      throw new IdentityException(Rule.ATTESTATION_SUBJECT_UNKNOWN, data.subject().toString());
    }
    Change latest = subjectIdentity.latestChange();
    if (!latest.hash().equals(data.subjectLatestChangeHash())) {
      throw new IdentityException(Rule.ATTESTATION_NOT_LATEST_CHANGE, "references " + data.subjectLatestChangeHash()
        + ", latest is " + latest.hash());
    }
    ChangeData window = latest.changeData();
    if (data.expiresAt() > window.attestationsValidUntil() || data.createdAt() < window.attestationsValidFrom()) {
      throw new IdentityException(Rule.ATTESTATION_OUTSIDE_IDENTITY_VALIDITY, "[" + data.createdAt() + ", "
        + data.expiresAt() + "] not inside [" + window.attestationsValidFrom() + ", " + window.attestationsValidUntil() + "]");
    }
    if (createdInFuture(data.createdAt(), nowSeconds)) {
      throw new IdentityException(Rule.ATTESTATION_CREATED_IN_FUTURE, "created_at " + data.createdAt() + ", now " + nowSeconds);
    }
    if (data.expiresAt() < nowSeconds) {
      throw new IdentityException(Rule.ATTESTATION_EXPIRED, "expired at " + data.expiresAt() + ", now " + nowSeconds);
    }
    VerifyingPublicKey key = latest.primaryPublicKey();
    if (key.type() != signature.type() || !verifier.verify(key, verifier.sha256(versionedData), signature)) {
      throw new IdentityException(Rule.ATTESTATION_SIGNATURE_INVALID, data.subject().toString());
    }
    return data;
  }

  /**
   * Verifies the attestation and checks its purpose.
   *
   * @param purpose the purpose the key must have
   * @param subjectIdentity the known identity of the subject
   * @param expectedSubject the identifier the subject must be, or {@code null} for any
   * @param nowSeconds the current time, unix seconds
   * @return the verified data
   * @throws IdentityException naming the rule that failed ({@link Rule#WRONG_PURPOSE} for a key of
   *   another purpose)
   */
  public PurposeKeyAttestationData verify(Purpose purpose, Identity subjectIdentity, Identifier expectedSubject,
                                          long nowSeconds) {
    PurposeKeyAttestationData d = verify(subjectIdentity, expectedSubject, nowSeconds);
    if (d.publicKey().purpose() != Objects.requireNonNull(purpose, "purpose")) {
      throw new IdentityException(Rule.WRONG_PURPOSE, "expected " + purpose + ", got " + d.publicKey().purpose());
    }
    return d;
  }

  static boolean createdInFuture(long createdAt, long now) {
    return createdAt > now && createdAt - now > MAX_ALLOWED_TIME_DRIFT;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PurposeKeyAttestation && Arrays.equals(((PurposeKeyAttestation) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "PurposeKeyAttestation[" + data + "]";
  }
}
