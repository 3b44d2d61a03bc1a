package io.ockamj.crypto.identity;

import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.IdentityException.Rule;
import io.ockamj.protocol.cbor.CborWriter;

import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The presentation form of a credential (§6.1, §6.4):
 * {@code [Credential credential, PurposeKeyAttestation purpose_key_attestation]}, the credential
 * together with the attestation of the issuer's credential purpose key. This is what secure-channel
 * handshakes and {@code RefreshCredentials} carry, and its hex is the credential export format
 * (§5.10).
 * <p>
 * The bytes it was decoded from are kept ({@link #bytes()}), and so are those of both parts.
 * Immutable and thread-safe.
 */
public final class CredentialAndPurposeKey {

  /** Largest accepted encoded value, in bytes. */
  public static final int MAX_ENCODED_LENGTH = Credential.MAX_ENCODED_LENGTH + PurposeKeyAttestation.MAX_ENCODED_LENGTH + 16;

  private final Credential credential;
  private final PurposeKeyAttestation attestation;
  private final byte[] bytes;

  private CredentialAndPurposeKey(Credential credential, PurposeKeyAttestation attestation, byte[] bytes) {
    this.credential = credential;
    this.attestation = attestation;
    this.bytes = bytes;
  }

  /**
   * Decodes a presented credential (without verifying it).
   *
   * @param bytes the CBOR bytes (copied)
   * @return the value
   * @throws IdentityException if the bytes are not well formed (see {@link Credential#decode} and
   *   {@link PurposeKeyAttestation#decode})
   */
  public static CredentialAndPurposeKey decode(byte[] bytes) {
    byte[] copy = bytes == null ? null : bytes.clone();
    byte[][] parts = Cbor.decode(copy, MAX_ENCODED_LENGTH, "credential and purpose key", r -> {
      Cbor.Array a = new Cbor.Array(r);
      a.require("credential");
      byte[] c = r.readRawItem();
      a.require("purpose_key_attestation");
      byte[] p = r.readRawItem();
      a.finish();
      return new byte[][] {c, p};
    });
    return new CredentialAndPurposeKey(Credential.decode(parts[0]), PurposeKeyAttestation.decode(parts[1]), copy);
  }

  /**
   * @param hex the export form
   * @return the value, not verified
   * @throws IdentityException if the text is not hex or not well formed
   */
  public static CredentialAndPurposeKey fromHex(String hex) {
    return decode(Cbor.fromHex(hex, "credential and purpose key"));
  }

  /**
   * Pairs a credential with its issuer's attestation, keeping both parts' bytes.
   *
   * @param credential the credential
   * @param attestation the attestation of the key that signed it
   * @return the value
   */
  public static CredentialAndPurposeKey of(Credential credential, PurposeKeyAttestation attestation) {
    byte[] c = credential.rawBytes();
    byte[] p = attestation.rawBytes();
    byte[] encoded = new CborWriter(c.length + p.length + 1).array(2).raw(c).raw(p).toByteArray();
    return new CredentialAndPurposeKey(Objects.requireNonNull(credential), Objects.requireNonNull(attestation), encoded);
  }

  /**
   * @return the credential
   */
  public Credential credential() {
    return credential;
  }

  /**
   * @return the attestation of the issuer's credential purpose key
   */
  public PurposeKeyAttestation purposeKeyAttestation() {
    return attestation;
  }

  /**
   * @return a copy of the bytes this value was decoded from
   */
  public byte[] bytes() {
    return bytes.clone();
  }

  /**
   * @return the encoding rebuilt from the parts' re-encodings (equal to {@link #bytes()} for
   *   Rust-made values)
   */
  public byte[] encode() {
    byte[] c = credential.encode();
    byte[] p = attestation.encode();
    return new CborWriter(c.length + p.length + 1).array(2).raw(c).raw(p).toByteArray();
  }

  /**
   * @return {@link #bytes()} as lowercase hex (the credential export format)
   */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Verifies with the software verifying vault.
   *
   * @param expectedSubject the identifier the credential must be about, or {@code null} for any
   * @param authorities the accepted authorities, with their known histories
   * @param nowSeconds the current time, unix seconds
   * @return the verified credential
   * @throws IdentityException naming the rule that failed
   */
  public VerifiedCredential verify(Identifier expectedSubject, Collection<Identity> authorities, long nowSeconds) {
    return verify(expectedSubject, authorities, nowSeconds, VerifyingVault.software());
  }

  /**
   * Verifies a presented credential (§6.3): the attestation's subject must be one of the accepted
   * authorities, whose known identity then verifies the attestation (§5.9); the attested key must
   * be a credential-signing key that verifies the credential; then the subject and time rules of
   * {@link Credential#verifyWith}. The subject's latest change hash and the schema are not checked,
   * as in Rust.
   *
   * @param expectedSubject the identifier the credential must be about, or {@code null} for any
   * @param authorities the accepted authorities, with their known (verified) histories
   * @param nowSeconds the current time, unix seconds
   * @param verifier the verifying vault
   * @return the verified credential
   * @throws IdentityException naming the rule that failed ({@link Rule#UNKNOWN_AUTHORITY} if the
   *   issuer is not an accepted authority)
   */
  public VerifiedCredential verify(Identifier expectedSubject, Collection<Identity> authorities, long nowSeconds,
                                   VerifyingVault verifier) {
    Identifier issuer = attestation.attestationData().subject();
    Identity authority = null;
    for (Identity a : authorities) {
      if (a.identifier().equals(issuer)) {
        authority = a;
        break;
      }
    }
    if (authority == null) {
      throw new IdentityException(Rule.UNKNOWN_AUTHORITY, issuer.toString());
    }
    PurposeKeyAttestationData key = attestation.verify(authority, null, nowSeconds, verifier);
    CredentialData data = credential.verifyWith(key, expectedSubject, nowSeconds, verifier);
    return new VerifiedCredential(this, data, key);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CredentialAndPurposeKey && Arrays.equals(((CredentialAndPurposeKey) o).bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "CredentialAndPurposeKey[" + credential.credentialData() + ", issuer key " + attestation.attestationData() + "]";
  }
}
