package io.ockamj.crypto.primitives;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 helpers backed by JCA {@link MessageDigest}. Thread-safe: each thread reuses its own
 * digest instance.
 */
public final class Sha256 {

  /** Output length of SHA-256, in bytes. */
  public static final int HASH_SIZE = 32;

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::newDigest);

  private Sha256() {
  }

  /**
   * Creates a fresh JCA SHA-256 digest (for incremental hashing by the caller).
   *
   * @return a new {@code MessageDigest}
   */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 not available", e);
    }
  }

  /**
   * Hashes one byte array.
   *
   * @param data the data
   * @return the 32-byte digest
   */
  public static byte[] digest(byte[] data) {
    MessageDigest md = DIGEST.get();
    md.reset();
    return md.digest(data);
  }

  /**
   * Hashes a range of a byte array.
   *
   * @param data the array
   * @param offset the first byte
   * @param length the number of bytes
   * @return the 32-byte digest
   */
  public static byte[] digest(byte[] data, int offset, int length) {
    MessageDigest md = DIGEST.get();
    md.reset();
    md.update(data, offset, length);
    return md.digest();
  }

  /**
   * Hashes the concatenation of several byte arrays, as in Noise {@code MixHash}:
   * {@code SHA-256(h || data)}.
   *
   * @param parts the arrays to hash, in order
   * @return the 32-byte digest
   */
  public static byte[] digest(byte[]... parts) {
    MessageDigest md = DIGEST.get();
    md.reset();
    for (byte[] p : parts) {
      md.update(p);
    }
    return md.digest();
  }

  /**
   * Hashes {@code a} followed by a range of {@code b}.
   *
   * @param a the first part
   * @param b the array holding the second part
   * @param offset the first byte of the second part
   * @param length the length of the second part
   * @return the 32-byte digest of {@code a || b[offset, offset+length)}
   */
  public static byte[] digest(byte[] a, byte[] b, int offset, int length) {
    MessageDigest md = DIGEST.get();
    md.reset();
    md.update(a);
    md.update(b, offset, length);
    return md.digest();
  }
}
