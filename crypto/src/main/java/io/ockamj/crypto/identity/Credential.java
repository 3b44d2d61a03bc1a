package io.ockamj.crypto.identity;

import io.ockamj.crypto.Signature;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A credential (§6.1): {@code [bstr data, CredentialSignature]}, where {@code data} is the encoded
 * {@code VersionedData(1, 3, CredentialData)} signed (through its SHA-256) by the issuer's
 * credential purpose key. It travels with that key's attestation as a
 * {@link CredentialAndPurposeKey}.
 * <p>
 * The bytes it was decoded from are kept ({@link #bytes()}). Immutable and thread-safe.
 */
public final class Credential {

  /** Largest accepted encoded credential, in bytes. */
  public static final int MAX_ENCODED_LENGTH = 64 * 1024;

  private final byte[] versionedData;
  private final CredentialData data;
  private final Signature signature;
  private final byte[] bytes;

  private Credential(byte[] versionedData, CredentialData data, Signature signature, byte[] bytes) {
    this.versionedData = versionedData;
    this.data = data;
    this.signature = signature;
    this.bytes = bytes;
  }

  /**
   * Decodes a credential (without verifying it).
   *
   * @param bytes the CBOR bytes (copied)
   * @return the credential
   * @throws IdentityException ({@link Rule#MALFORMED}, {@link Rule#TOO_LARGE},
   *   {@link Rule#UNSUPPORTED_VERSION}, {@link Rule#WRONG_DATA_TYPE}) if the bytes are not a
   *   well-formed credential
   */
  public static Credential decode(byte[] bytes) {
    byte[] copy = bytes == null ? null : bytes.clone();
    Cbor.Signed signed = Cbor.decode(copy, MAX_ENCODED_LENGTH, "credential", r -> Cbor.Signed.read(r, MAX_ENCODED_LENGTH));
    byte[] inner = Cbor.unwrapVersioned(signed.data(), Cbor.CREDENTIAL_DATA, MAX_ENCODED_LENGTH, "credential data");
    CredentialData data = Cbor.decode(inner, MAX_ENCODED_LENGTH, "credential data", CredentialData::read);
    return new Credential(signed.data(), data, signed.signature(), copy);
  }

  /**
   * Builds a credential from signed bytes and a signature, encoding it deterministically.
   *
   * @param versionedData the encoded {@code VersionedData(1, 3, …)}
   * @param signature the issuer purpose key's signature over SHA-256 of {@code versionedData}
   * @return the credential, not verified
   * @throws IdentityException if {@code versionedData} does not decode
   */
  public static Credential of(byte[] versionedData, Signature signature) {
    return decode(new Cbor.Signed(versionedData, signature).encode());
  }

  /**
   * @return a copy of the signed bytes (the encoded {@code VersionedData})
   */
  public byte[] versionedData() {
    return versionedData.clone();
  }

  /**
   * @return the decoded credential data (not verified unless a verify method returned it)
   */
  public CredentialData credentialData() {
    return data;
  }

  /**
   * @return the issuer purpose key's signature
   */
  public Signature signature() {
    return signature;
  }

  /**
   * @return a copy of the bytes this credential was decoded from
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  /**
   * @return the encoding rebuilt from the parts (equal to {@link #bytes()} for Rust-made credentials)
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
   * Verifies the credential against an issuer purpose key whose attestation the caller has
   * <em>already verified</em> (§6.3 rules 3–7): the key is a credential-signing key, the signature
   * verifies, the subject is present (and the expected one, if given), the credential's window lies
   * inside the key's, {@code created_at <= now + 60 s} and {@code expires_at >= now}.
   * Most callers want {@link CredentialAndPurposeKey#verify}, which verifies the attestation too.
   *
   * @param issuerKey the verified attestation data of the issuer's credential purpose key
   * @param expectedSubject the identifier the subject must be, or {@code null} for any
   * @param nowSeconds the current time, unix seconds
   * @param verifier the verifying vault
   * @return the verified credential data
   * @throws IdentityException naming the rule of §6.3 that failed
   */
  public CredentialData verifyWith(PurposeKeyAttestationData issuerKey, Identifier expectedSubject, long nowSeconds,
                                   VerifyingVault verifier) {
    if (issuerKey.publicKey().purpose() != Purpose.CREDENTIALS) {
      throw new IdentityException(Rule.WRONG_PURPOSE, "the issuer's purpose key is a " + issuerKey.publicKey().purpose() + " key");
    }
    VerifyingPublicKey key = issuerKey.publicKey().credentialVerifyingKey();
    if (key.type() != signature.type() || !verifier.verify(key, verifier.sha256(versionedData), signature)) {
      throw new IdentityException(Rule.CREDENTIAL_SIGNATURE_INVALID, "issuer " + issuerKey.subject());
    }
    if (data.subject().isEmpty()) {
      throw new IdentityException(Rule.CREDENTIAL_SUBJECT_MISSING, "");
    }
    if (expectedSubject != null && !expectedSubject.equals(data.subject().get())) {
      throw new IdentityException(Rule.CREDENTIAL_SUBJECT_MISMATCH, "expected " + expectedSubject + ", got "
        + data.subject().get());
    }
    if (data.createdAt() < issuerKey.createdAt() || data.expiresAt() > issuerKey.expiresAt()) {
      throw new IdentityException(Rule.CREDENTIAL_OUTSIDE_ATTESTATION_VALIDITY, "[" + data.createdAt() + ", "
        + data.expiresAt() + "] not inside [" + issuerKey.createdAt() + ", " + issuerKey.expiresAt() + "]");
    }
    if (PurposeKeyAttestation.createdInFuture(data.createdAt(), nowSeconds)) {
      throw new IdentityException(Rule.CREDENTIAL_CREATED_IN_FUTURE, "created_at " + data.createdAt() + ", now " + nowSeconds);
    }
    if (data.expiresAt() < nowSeconds) {
      throw new IdentityException(Rule.CREDENTIAL_EXPIRED, "expired at " + data.expiresAt() + ", now " + nowSeconds);
    }
    return data;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Credential && Arrays.equals(((Credential) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Credential[" + data + "]";
  }
}
