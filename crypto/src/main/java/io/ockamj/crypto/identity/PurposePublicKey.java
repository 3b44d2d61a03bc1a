package io.ockamj.crypto.identity;

import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The public key inside a purpose-key attestation (§5.9):
 * {@code [0, [bstr32 X25519]]} for a secure-channel static key, or
 * {@code [1, [CredentialVerifyingKey]]} for a credential-signing key, where
 * {@code CredentialVerifyingKey = [0, [bstr32 Ed25519]] | [1, [bstr65 P-256]]}. Immutable.
 */
public final class PurposePublicKey {

  private final Purpose purpose;
  private final byte[] x25519;
  private final VerifyingPublicKey credentialKey;

  private PurposePublicKey(Purpose purpose, byte[] x25519, VerifyingPublicKey credentialKey) {
    this.purpose = purpose;
    this.x25519 = x25519;
    this.credentialKey = credentialKey;
  }

  /**
   * @param x25519PublicKey a 32-byte X25519 public key (copied)
   * @return a secure-channel static key
   */
  public static PurposePublicKey secureChannel(byte[] x25519PublicKey) {
    if (x25519PublicKey == null || x25519PublicKey.length != KeyType.X25519.publicKeyLength()) {
      throw new IllegalArgumentException("an X25519 public key is 32 bytes");
    }
    return new PurposePublicKey(Purpose.SECURE_CHANNEL, x25519PublicKey.clone(), null);
  }

  /**
   * @param key an Ed25519 or P-256 verifying key
   * @return a credential-signing key
   */
  public static PurposePublicKey credentialSigning(VerifyingPublicKey key) {
    return new PurposePublicKey(Purpose.CREDENTIALS, null, Objects.requireNonNull(key, "key"));
  }

  /**
   * @return the purpose
   */
  public Purpose purpose() {
    return purpose;
  }

  /**
   * @return {@link KeyType#X25519} for a secure-channel key, else the credential key's type
   */
  public KeyType keyType() {
    return purpose == Purpose.SECURE_CHANNEL ? KeyType.X25519 : credentialKey.type();
  }

  /**
   * @return a copy of the raw public key bytes
   */
  public byte[] bytes() {
    return purpose == Purpose.SECURE_CHANNEL ? x25519.clone() : credentialKey.bytes();
  }

  /**
   * @return a copy of the X25519 key
   * @throws IllegalStateException if this is not a secure-channel key
   */
  public byte[] x25519PublicKey() {
    if (purpose != Purpose.SECURE_CHANNEL) {
      throw new IllegalStateException("not a secure-channel key");
    }
    return x25519.clone();
  }

  /**
   * @return the credential verifying key
   * @throws IllegalStateException if this is not a credential-signing key
   */
  public VerifyingPublicKey credentialVerifyingKey() {
    if (purpose != Purpose.CREDENTIALS) {
      throw new IllegalStateException("not a credential-signing key");
    }
    return credentialKey;
  }

  void writeTo(CborWriter w) {
    if (purpose == Purpose.SECURE_CHANNEL) {
      w.array(2).u64(0).array(1).bytes(x25519);
    } else {
      w.array(2).u64(1).array(1);
      Cbor.writeVerifyingKey(w, credentialKey);
    }
  }

  static PurposePublicKey read(CborReader r) {
    int variant = Cbor.enumVariant(r, "purpose public key");
    switch (variant) {
      case 0:
        return new PurposePublicKey(Purpose.SECURE_CHANNEL, Cbor.tupleBytes(r, 32, "X25519 public key"), null);
      case 1: {
        Cbor.Array a = new Cbor.Array(r);
        a.require("credential verifying key");
        VerifyingPublicKey k = Cbor.readVerifyingKey(r);
        a.finish();
        return new PurposePublicKey(Purpose.CREDENTIALS, null, k);
      }
      default:
        throw new DecodeException("purpose public key: unknown variant " + variant);
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof PurposePublicKey)) {
      return false;
    }
    PurposePublicKey k = (PurposePublicKey) o;
    return k.purpose == purpose && Arrays.equals(k.x25519, x25519) && Objects.equals(k.credentialKey, credentialKey);
  }

  @Override
  public int hashCode() {
    return Objects.hash(purpose, Arrays.hashCode(x25519), credentialKey);
  }

  @Override
  public String toString() {
    return purpose == Purpose.SECURE_CHANNEL
      ? "SecureChannelStatic(" + HexFormat.of().formatHex(x25519) + ")"
      : "CredentialSigning(" + credentialKey + ")";
  }
}
