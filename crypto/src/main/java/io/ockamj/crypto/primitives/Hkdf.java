package io.ockamj.crypto.primitives;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869), backed by JCA {@code HmacSHA256}, plus the Noise form used by
 * Ockam's vault ({@code hkdf(salt, ikm, n)}: empty info, {@code n} outputs of 32 bytes each).
 * <p>
 * Thread-safe: each thread reuses its own {@link Mac} instance. Intermediate keys (the PRK) are
 * wiped before returning.
 */
public final class Hkdf {

  /** Length of one HKDF-SHA-256 output block, in bytes. */
  public static final int HASH_LEN = 32;

  /** Largest output length RFC 5869 allows for SHA-256: 255 blocks. */
  public static final int MAX_OUTPUT = 255 * HASH_LEN;

  private static final byte[] EMPTY = new byte[0];

  private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 not available", e);
    }
  });

  private Hkdf() {
  }

  /**
   * HKDF-Extract: {@code PRK = HMAC-SHA-256(salt, ikm)}. An empty or {@code null} salt is replaced
   * by 32 zero bytes, as RFC 5869 specifies (HMAC pads keys with zeros, so this is the same value).
   *
   * @param salt the salt (the Noise chaining key), may be empty or {@code null}
   * @param ikm the input keying material, may be empty or {@code null}
   * @return the 32-byte pseudo-random key; the caller owns and should wipe it
   */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    return hmac(salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt, ikm == null ? EMPTY : ikm);
  }

  /**
   * HKDF-Expand: {@code T(i) = HMAC(prk, T(i-1) || info || i)}, concatenated and truncated.
   *
   * @param prk the pseudo-random key (at least 32 bytes)
   * @param info the context information, may be empty or {@code null}
   * @param length the number of output bytes, 0 to {@link #MAX_OUTPUT}
   * @return {@code length} bytes of output keying material
   * @throws IllegalArgumentException if {@code length} is out of range
   */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 0 || length > MAX_OUTPUT) {
      throw new IllegalArgumentException("HKDF output length out of range: " + length);
    }
    byte[] inf = info == null ? EMPTY : info;
    byte[] out = new byte[length];
    Mac mac = init(prk);
    byte[] t = EMPTY;
    int pos = 0;
    for (int i = 1; pos < length; i++) {
      mac.update(t);
      mac.update(inf);
      mac.update((byte) i);
      byte[] next = mac.doFinal();
      SecretBytes.wipe(t);
      t = next;
      int n = Math.min(HASH_LEN, length - pos);
      System.arraycopy(t, 0, out, pos, n);
      pos += n;
    }
    SecretBytes.wipe(t);
    return out;
  }

  /**
   * Full HKDF (extract then expand).
   *
   * @param salt the salt, may be empty or {@code null}
   * @param ikm the input keying material, may be empty or {@code null}
   * @param info the context information, may be empty or {@code null}
   * @param length the number of output bytes, 0 to {@link #MAX_OUTPUT}
   * @return {@code length} bytes of output keying material
   */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    byte[] prk = extract(salt, ikm);
    try {
      return expand(prk, info, length);
    } finally {
      SecretBytes.wipe(prk);
    }
  }

  /**
   * The Noise {@code HKDF(chaining_key, input_key_material)} function as Ockam's vault runs it:
   * HKDF-SHA-256 with salt = chaining key, empty info, and {@code outputs} 32-byte outputs.
   * {@code MixKey} uses 2 outputs ({@code ck}, {@code k}), {@code Split} uses 2 with empty IKM.
   *
   * @param chainingKey the salt (Noise {@code ck})
   * @param ikm the input keying material (a DH output, or empty)
   * @param outputs the number of 32-byte outputs, 1 to 255
   * @return {@code outputs} arrays of 32 bytes each; the caller owns and should wipe them
   */
  public static byte[][] deriveKeys(byte[] chainingKey, byte[] ikm, int outputs) {
    if (outputs < 1 || outputs > 255) {
      throw new IllegalArgumentException("HKDF outputs out of range: " + outputs);
    }
    byte[] okm = derive(chainingKey, ikm, EMPTY, outputs * HASH_LEN);
    byte[][] out = new byte[outputs][];
    for (int i = 0; i < outputs; i++) {
      out[i] = Arrays.copyOfRange(okm, i * HASH_LEN, (i + 1) * HASH_LEN);
    }
    SecretBytes.wipe(okm);
    return out;
  }

  /**
   * HMAC-SHA-256 of {@code data} under {@code key}.
   *
   * @param key a non-empty key
   * @param data the data
   * @return the 32-byte MAC
   */
  public static byte[] hmac(byte[] key, byte[] data) {
    Mac mac = init(key);
    return mac.doFinal(data);
  }

  private static Mac init(byte[] key) {
    Mac mac = MAC.get();
    try {
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot initialise HmacSHA256", e);
    }
    return mac;
  }
}
