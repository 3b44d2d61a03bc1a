package io.ockamj.crypto.identity;

import io.ockamj.crypto.Signature;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.primitives.Sha256;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;

import java.util.Objects;
import java.util.Optional;

/**
 * One change of a change history (§5.2):
 * {@code [bstr data, ChangeSignature signature, ChangeSignature? previous_signature]}, where
 * {@code data} is the encoded {@code VersionedData(1, 1, ChangeData)}.
 * <p>
 * The {@code data} bytes are kept exactly as received: the change hash and both signatures cover
 * them. A decoded change is well formed but not verified; {@link Identity#verify(ChangeHistory)}
 * checks the rules. Immutable.
 */
public final class Change {

  /** Largest accepted {@code data} byte string. */
  public static final int MAX_DATA_LENGTH = 4096;

  private final byte[] versionedData;
  private final ChangeData changeData;
  private final ChangeHash hash;
  private final Signature signature;
  private final Signature previousSignature;

  private Change(byte[] versionedData, ChangeData changeData, Signature signature, Signature previousSignature) {
    this.versionedData = versionedData;
    this.changeData = changeData;
    this.hash = ChangeHash.of(Sha256.digest(versionedData));
    this.signature = Objects.requireNonNull(signature, "signature");
    this.previousSignature = previousSignature;
  }

  /**
   * Builds a change from its signed bytes and signatures, decoding the data.
   *
   * @param versionedData the encoded {@code VersionedData} (copied)
   * @param signature the signature by the change's own key over SHA-256 of the data
   * @param previousSignature the signature by the previous key, {@code null} for a first change
   * @return the change
   * @throws IdentityException if the data does not decode as version-1 change data
   */
  public static Change of(byte[] versionedData, Signature signature, Signature previousSignature) {
    byte[] copy = versionedData.clone();
    return new Change(copy, decodeData(copy, -1), signature, previousSignature);
  }

  static ChangeData decodeData(byte[] versionedData, int index) {
    String what = index < 0 ? "change data" : "change " + index + " data";
    byte[] inner = Cbor.unwrapVersioned(versionedData, Cbor.CHANGE_DATA, MAX_DATA_LENGTH, what);
    return Cbor.decode(inner, MAX_DATA_LENGTH, what, ChangeData::read);
  }

  /**
   * @return a copy of the signed bytes: the encoded {@code VersionedData}
   */
  public byte[] versionedData() {
    return versionedData.clone();
  }

  byte[] rawVersionedData() {
    return versionedData;
  }

  /**
   * @return the decoded change data
   */
  public ChangeData changeData() {
    return changeData;
  }

  /**
   * @return SHA-256 of the signed bytes; also the message both signatures sign
   */
  public ChangeHash hash() {
    return hash;
  }

  /**
   * @return the primary public key this change introduces
   */
  public VerifyingPublicKey primaryPublicKey() {
    return changeData.primaryPublicKey();
  }

  /**
   * @return the signature by this change's own primary key
   */
  public Signature signature() {
    return signature;
  }

  /**
   * @return the signature by the previous change's key; empty for a first change
   */
  public Optional<Signature> previousSignature() {
    return Optional.ofNullable(previousSignature);
  }

  void writeTo(CborWriter w) {
    w.array(previousSignature == null ? 2 : 3).bytes(versionedData);
    Cbor.writeSignature(w, signature);
    if (previousSignature != null) {
      Cbor.writeSignature(w, previousSignature);
    }
  }

  static Change read(CborReader r, int index) {
    Cbor.Array a = new Cbor.Array(r);
    a.require("data");
    byte[] data = r.readBytes(MAX_DATA_LENGTH);
    a.require("signature");
    Signature sig = Cbor.readSignature(r);
    Signature prev = a.optional() ? Cbor.readSignature(r) : null;
    a.finish();
    return new Change(data, decodeData(data, index), sig, prev);
  }

  @Override
  public String toString() {
    return "Change[" + hash.hex() + ", " + changeData + "]";
  }
}
