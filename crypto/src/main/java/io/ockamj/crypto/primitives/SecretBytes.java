package io.ockamj.crypto.primitives;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A holder of secret bytes (a private key, a symmetric key, a chaining key) that is wiped with
 * {@link Arrays#fill(byte[], byte)} when it is {@link #destroy() destroyed} or {@link #close()
 * closed}.
 * <p>
 * {@link #toString()} never shows the contents, only the length. Equality is identity; use
 * {@link #contentEquals(byte[])} for a constant-time comparison.
 * <p>
 * Instances are not thread-safe: confine each one to a single thread (or guard it externally).
 */
public final class SecretBytes implements Destroyable, AutoCloseable {

  private final byte[] bytes;
  private boolean destroyed;

  private SecretBytes(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Takes ownership of an array, without copying. The caller must not keep using it: it is wiped
   * when this holder is destroyed.
   *
   * @param bytes the secret bytes, not {@code null}
   * @return a holder owning {@code bytes}
   */
  public static SecretBytes wrap(byte[] bytes) {
    if (bytes == null) {
      throw new NullPointerException("bytes");
    }
    return new SecretBytes(bytes);
  }

  /**
   * Copies an array into a new holder; the caller keeps (and should wipe) its own array.
   *
   * @param bytes the secret bytes, not {@code null}
   * @return a holder owning a copy of {@code bytes}
   */
  public static SecretBytes copyOf(byte[] bytes) {
    return new SecretBytes(bytes.clone());
  }

  /**
   * Copies a range of an array into a new holder.
   *
   * @param bytes the source array
   * @param offset the first byte to copy
   * @param length how many bytes to copy
   * @return a holder owning a copy of the range
   */
  public static SecretBytes copyOf(byte[] bytes, int offset, int length) {
    return new SecretBytes(Arrays.copyOfRange(bytes, offset, offset + length));
  }

  /**
   * Returns the internal array itself (no copy), for passing to primitives without leaving extra
   * copies of the secret around. The caller must neither modify nor retain it.
   *
   * @return the internal array
   * @throws IllegalStateException if this holder was destroyed
   */
  public byte[] expose() {
    checkAlive();
    return bytes;
  }

  /**
   * Returns a copy of the secret; the caller owns (and should wipe) the copy.
   *
   * @return a fresh copy of the secret
   * @throws IllegalStateException if this holder was destroyed
   */
  public byte[] copy() {
    checkAlive();
    return bytes.clone();
  }

  /**
   * @return the length of the secret in bytes (still available after destruction)
   */
  public int length() {
    return bytes.length;
  }

  /**
   * Compares the secret with other bytes in constant time (for equal lengths).
   *
   * @param other the bytes to compare with
   * @return {@code true} if the contents are equal
   * @throws IllegalStateException if this holder was destroyed
   */
  public boolean contentEquals(byte[] other) {
    checkAlive();
    return MessageDigest.isEqual(bytes, other);
  }

  /**
   * Compares two holders in constant time (for equal lengths).
   *
   * @param other the other holder
   * @return {@code true} if both hold the same bytes
   * @throws IllegalStateException if either holder was destroyed
   */
  public boolean contentEquals(SecretBytes other) {
    return contentEquals(other.expose());
  }

  /**
   * Overwrites the secret with zeros. Idempotent.
   */
  @Override
  public void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  /**
   * @return {@code true} once {@link #destroy()} or {@link #close()} has been called
   */
  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Same as {@link #destroy()}, for try-with-resources.
   */
  @Override
  public void close() {
    destroy();
  }

  /**
   * @return a description with the length only, never the contents
   */
  @Override
  public String toString() {
    return "SecretBytes[" + bytes.length + " bytes" + (destroyed ? ", destroyed]" : "]");
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("secret has been destroyed");
    }
  }

  /**
   * Wipes an array with zeros if it is not {@code null}.
   *
   * @param secret the array to wipe, may be {@code null}
   */
  public static void wipe(byte[] secret) {
    if (secret != null) {
      Arrays.fill(secret, (byte) 0);
    }
  }
}
