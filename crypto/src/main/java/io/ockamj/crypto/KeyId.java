package io.ockamj.crypto;

import io.ockamj.crypto.primitives.Sha256;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The handle of a secret key inside a vault: the key type and the SHA-256 of the public key bytes
 * (for P-256, of the 65-byte SEC1 encoding), as Ockam's software vault does (§11.2).
 * <p>
 * Because the id is derived from the public key, the same secret always gets the same id, in any
 * vault. Immutable and thread-safe.
 */
public final class KeyId {

  /** Length of the hash part of an id, in bytes. */
  public static final int LENGTH = 32;

  private final KeyType type;
  private final byte[] hash;

  private KeyId(KeyType type, byte[] hash) {
    this.type = type;
    this.hash = hash;
  }

  /**
   * Derives the id of the key whose public key is given.
   *
   * @param type the key type
   * @param publicKey the public key bytes
   * @return the id
   * @throws IllegalArgumentException if the public key length is wrong for the type
   */
  public static KeyId of(KeyType type, byte[] publicKey) {
    Objects.requireNonNull(type, "type");
    if (publicKey == null || publicKey.length != type.publicKeyLength()) {
      throw new IllegalArgumentException(type + " public key must be " + type.publicKeyLength() + " bytes");
    }
    return new KeyId(type, Sha256.digest(publicKey));
  }

  /**
   * Derives the id of a signing key.
   *
   * @param publicKey the verifying public key
   * @return the id
   */
  public static KeyId of(VerifyingPublicKey publicKey) {
    return new KeyId(publicKey.type(), Sha256.digest(publicKey.rawBytes()));
  }

  /**
   * Rebuilds an id from its parts, for example when read back from a store.
   *
   * @param type the key type
   * @param hex the 64 hex characters of {@link #hex()}
   * @return the id
   * @throws IllegalArgumentException if {@code hex} is not 32 bytes of hex
   */
  public static KeyId fromHex(KeyType type, String hex) {
    Objects.requireNonNull(type, "type");
    byte[] b = HexFormat.of().parseHex(hex);
    if (b.length != LENGTH) {
      throw new IllegalArgumentException("key id must be 32 bytes");
    }
    return new KeyId(type, b);
  }

  /**
   * @return the key type
   */
  public KeyType type() {
    return type;
  }

  /**
   * @return a copy of the 32-byte hash of the public key
   */
  public byte[] bytes() {
    return hash.clone();
  }

  /**
   * @return the hash of the public key as 64 lowercase hex characters
   */
  public String hex() {
    return HexFormat.of().formatHex(hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyId && ((KeyId) o).type == type && Arrays.equals(((KeyId) o).hash, hash);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(hash);
  }

  /**
   * @return {@code <type>:<hex>}, for example {@code EdDSACurve25519:9a3f…}
   */
  @Override
  public String toString() {
    return type.ockamName() + ":" + hex();
  }
}
