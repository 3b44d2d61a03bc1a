package io.ockamj.crypto.noise;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The payload of Noise messages 2 and 3 (section 4.3 of the protocol notes): the sender's change
 * history, the attestation of its SecureChannelStatic purpose key and its credentials, as the CBOR
 * array {@code [change_history, purpose_key_attestation, [CredentialAndPurposeKey...]]}.
 * <p>
 * This class only frames the payload: each part is kept as the exact CBOR bytes received (never
 * re-encoded, since signatures cover them) and written back unchanged. Parsing and verifying the
 * parts belongs to the identity code. Immutable; accessors return copies.
 */
public final class IdentityAndCredentials {

  private final byte[] changeHistory;
  private final byte[] purposeKeyAttestation;
  private final List<byte[]> credentials;

  /**
   * Creates a payload from encoded parts (copied).
   *
   * @param changeHistory the CBOR of the {@code ChangeHistory} (an array of changes)
   * @param purposeKeyAttestation the CBOR of the {@code PurposeKeyAttestation}
   * @param credentials the CBOR of each {@code CredentialAndPurposeKey} (usually 0 or 1)
   */
  public IdentityAndCredentials(byte[] changeHistory, byte[] purposeKeyAttestation, List<byte[]> credentials) {
    this.changeHistory = changeHistory.clone();
    this.purposeKeyAttestation = purposeKeyAttestation.clone();
    this.credentials = CborSupport.copyList(credentials);
  }

  /**
   * @return the CBOR bytes of the change history, exactly as received
   */
  public byte[] changeHistory() {
    return changeHistory.clone();
  }

  /**
   * @return the CBOR bytes of the purpose key attestation, exactly as received
   */
  public byte[] purposeKeyAttestation() {
    return purposeKeyAttestation.clone();
  }

  /**
   * @return the CBOR bytes of each credential, exactly as received
   */
  public List<byte[]> credentials() {
    List<byte[]> out = new ArrayList<>(credentials.size());
    for (byte[] c : credentials) {
      out.add(c.clone());
    }
    return out;
  }

  /**
   * Encodes the payload: {@code [change_history, attestation, [credentials...]]}, with the parts
   * copied verbatim.
   *
   * @return the CBOR bytes
   */
  public byte[] encode() {
    int size = changeHistory.length + purposeKeyAttestation.length + 16;
    for (byte[] c : credentials) {
      size += c.length;
    }
    CborWriter w = new CborWriter(size);
    w.array(3).raw(changeHistory).raw(purposeKeyAttestation).array(credentials.size());
    for (byte[] c : credentials) {
      w.raw(c);
    }
    return w.toByteArray();
  }

  /**
   * Decodes a payload. Leniency follows minicbor: extra trailing fields are ignored and
   * indefinite-length arrays are accepted; the three fields are required and each part must be a
   * CBOR array.
   *
   * @param bytes the payload of a handshake message
   * @return the decoded payload
   * @throws DecodeException if the bytes are malformed
   */
  public static IdentityAndCredentials decode(byte[] bytes) {
    CborReader r = new CborReader(bytes);
    int n = CborSupport.structHeader(r, 3, "IdentityAndCredentials");
    byte[] ch = CborSupport.rawArray(r, "change history");
    CborSupport.requireField(r, n, "IdentityAndCredentials");
    byte[] att = CborSupport.rawArray(r, "purpose key attestation");
    CborSupport.requireField(r, n, "IdentityAndCredentials");
    List<byte[]> creds = CborSupport.rawArrayList(r, "credentials");
    CborSupport.skipRest(r, n, 3);
    return new IdentityAndCredentials(ch, att, creds);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof IdentityAndCredentials)) {
      return false;
    }
    IdentityAndCredentials other = (IdentityAndCredentials) o;
    return Arrays.equals(changeHistory, other.changeHistory)
      && Arrays.equals(purposeKeyAttestation, other.purposeKeyAttestation)
      && listEquals(credentials, other.credentials);
  }

  @Override
  public int hashCode() {
    int h = Arrays.hashCode(changeHistory) * 31 + Arrays.hashCode(purposeKeyAttestation);
    for (byte[] c : credentials) {
      h = h * 31 + Arrays.hashCode(c);
    }
    return h;
  }

  @Override
  public String toString() {
    return "IdentityAndCredentials[changeHistory=" + changeHistory.length + " bytes, attestation="
      + purposeKeyAttestation.length + " bytes, credentials=" + credentials.size() + "]";
  }

  static boolean listEquals(List<byte[]> a, List<byte[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!Arrays.equals(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }
}
