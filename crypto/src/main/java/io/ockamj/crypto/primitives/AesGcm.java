package io.ockamj.crypto.primitives;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.InvalidKeyException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM with a 12-byte nonce and a 16-byte tag appended to the ciphertext, backed by JCA
 * {@code AES/GCM/NoPadding} (hardware-accelerated on JDK 17).
 * <p>
 * Ockam (and Noise) encode a 64-bit counter {@code n} as the 12-byte nonce
 * {@code 00 00 00 00 || BE64(n)}, see {@link #nonce(long)}; the {@code long} overloads do that.
 * <p>
 * Thread-safe: each thread reuses its own {@link Cipher}. Authentication failures surface as
 * {@link AeadException}, never as a JCA exception.
 */
public final class AesGcm {

  /** AES-256 key length, in bytes. */
  public static final int KEY_SIZE = 32;

  /** Nonce length, in bytes. */
  public static final int NONCE_SIZE = 12;

  /** Authentication tag length, in bytes. */
  public static final int TAG_SIZE = 16;

  private static final ThreadLocal<Cipher> CIPHER = ThreadLocal.withInitial(AesGcm::newCipher);

  private AesGcm() {
  }

  /**
   * Encodes a counter as Ockam's 12-byte AES-GCM nonce: four zero bytes then the counter as
   * unsigned 64-bit big-endian.
   *
   * @param counter the counter (interpreted as unsigned)
   * @return the 12-byte nonce
   */
  public static byte[] nonce(long counter) {
    byte[] n = new byte[NONCE_SIZE];
    for (int i = 0; i < 8; i++) {
      n[4 + i] = (byte) (counter >>> (56 - 8 * i));
    }
    return n;
  }

  /**
   * Encrypts and authenticates.
   *
   * @param key the 32-byte key
   * @param nonce the 12-byte nonce
   * @param aad associated data, may be empty or {@code null}
   * @param plaintext the plaintext
   * @return ciphertext followed by the 16-byte tag
   * @throws IllegalArgumentException if the key or nonce has the wrong length
   */
  public static byte[] encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] plaintext) {
    byte[] out = new byte[plaintext.length + TAG_SIZE];
    encrypt(key, nonce, aad, plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /**
   * Encrypts and authenticates with the nonce {@link #nonce(long) nonce(counter)}.
   *
   * @param key the 32-byte key
   * @param counter the nonce counter
   * @param aad associated data, may be empty or {@code null}
   * @param plaintext the plaintext
   * @return ciphertext followed by the 16-byte tag
   */
  public static byte[] encrypt(byte[] key, long counter, byte[] aad, byte[] plaintext) {
    return encrypt(key, nonce(counter), aad, plaintext);
  }

  /**
   * Encrypts a range of an array into another array (which may be the same array).
   *
   * @param key the 32-byte key
   * @param nonce the 12-byte nonce
   * @param aad associated data, may be empty or {@code null}
   * @param in the plaintext array
   * @param inOff where the plaintext starts
   * @param inLen the plaintext length
   * @param out the output array; needs {@code inLen + 16} bytes from {@code outOff}
   * @param outOff where to write the ciphertext
   * @return the number of bytes written ({@code inLen + 16})
   * @throws IllegalArgumentException if a length is wrong or {@code out} is too small
   */
  public static int encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen,
                            byte[] out, int outOff) {
    if (out.length - outOff < inLen + TAG_SIZE || outOff < 0) {
      throw new IllegalArgumentException("output buffer too small");
    }
    Cipher cipher = initEncrypt(key, nonce, aad);
    try {
      return cipher.doFinal(in, inOff, inLen, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Encrypts the concatenation {@code head[0, headLen) || body || tail} without building it: for
   * messages whose large payload sits between a small header and trailer.
   *
   * @param key the 32-byte key
   * @param nonce the 12-byte nonce
   * @param aad associated data, may be empty or {@code null}
   * @param head the first part
   * @param headLen how many bytes of {@code head} belong to the plaintext
   * @param body the second part, whole
   * @param tail the last part, whole
   * @param out the output array; needs {@code headLen + body.length + tail.length + 16} bytes from {@code outOff}
   * @param outOff where to write the ciphertext
   * @return the number of bytes written (plaintext length + 16)
   * @throws IllegalArgumentException if a length is wrong or {@code out} is too small
   */
  public static int encrypt(byte[] key, byte[] nonce, byte[] aad, byte[] head, int headLen, byte[] body, byte[] tail,
                            byte[] out, int outOff) {
    if (headLen < 0 || headLen > head.length) {
      throw new IllegalArgumentException("head length out of bounds");
    }
    long total = (long) headLen + body.length + tail.length + TAG_SIZE;
    if (outOff < 0 || out.length - outOff < total) {
      throw new IllegalArgumentException("output buffer too small");
    }
    Cipher cipher = initEncrypt(key, nonce, aad);
    try {
      int pos = outOff;
      pos += cipher.update(head, 0, headLen, out, pos);
      pos += cipher.update(body, 0, body.length, out, pos);
      pos += cipher.doFinal(tail, 0, tail.length, out, pos);
      return pos - outOff;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  private static Cipher initEncrypt(byte[] key, byte[] nonce, byte[] aad) {
    checkKeyAndNonce(key, nonce);
    Cipher cipher = CIPHER.get();
    SecretKeySpec spec = new SecretKeySpec(key, "AES");
    GCMParameterSpec params = new GCMParameterSpec(TAG_SIZE * 8, nonce);
    try {
      try {
        cipher.init(Cipher.ENCRYPT_MODE, spec, params);
      } catch (InvalidAlgorithmParameterException reuse) {
        // SunJCE refuses two consecutive encryptions with the same key and nonce on one Cipher
        // instance. Legitimate here (e.g. recomputing a REKEY), so start over with a fresh one.
        cipher = newCipher();
        CIPHER.set(cipher);
        cipher.init(Cipher.ENCRYPT_MODE, spec, params);
      }
      if (aad != null && aad.length > 0) {
        cipher.updateAAD(aad);
      }
      return cipher;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /**
   * Verifies and decrypts.
   *
   * @param key the 32-byte key
   * @param nonce the 12-byte nonce
   * @param aad associated data, may be empty or {@code null}
   * @param ciphertext ciphertext followed by the 16-byte tag
   * @return the plaintext
   * @throws AeadException if authentication fails or the input is shorter than the tag
   */
  public static byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] ciphertext) {
    return decrypt(key, nonce, aad, ciphertext, 0, ciphertext.length);
  }

  /**
   * Verifies and decrypts with the nonce {@link #nonce(long) nonce(counter)}.
   *
   * @param key the 32-byte key
   * @param counter the nonce counter
   * @param aad associated data, may be empty or {@code null}
   * @param ciphertext ciphertext followed by the 16-byte tag
   * @return the plaintext
   * @throws AeadException if authentication fails or the input is shorter than the tag
   */
  public static byte[] decrypt(byte[] key, long counter, byte[] aad, byte[] ciphertext) {
    return decrypt(key, nonce(counter), aad, ciphertext, 0, ciphertext.length);
  }

  /**
   * Verifies and decrypts a range of an array.
   *
   * @param key the 32-byte key
   * @param nonce the 12-byte nonce
   * @param aad associated data, may be empty or {@code null}
   * @param in the array holding ciphertext and tag
   * @param inOff where the ciphertext starts
   * @param inLen ciphertext length including the 16-byte tag
   * @return the plaintext ({@code inLen - 16} bytes)
   * @throws AeadException if authentication fails or {@code inLen < 16}
   */
  public static byte[] decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen) {
    if (inLen < TAG_SIZE) {
      checkKeyAndNonce(key, nonce);
      throw new AeadException("ciphertext shorter than the authentication tag");
    }
    if (inOff < 0 || in.length - inOff < inLen) {
      throw new IllegalArgumentException("input range out of bounds");
    }
    byte[] out = new byte[inLen - TAG_SIZE];
    decrypt(key, nonce, aad, in, inOff, inLen, out, 0);
    return out;
  }

  /**
   * Verifies and decrypts a range of an array into another array (which may not overlap it).
   *
   * @param key the 32-byte key
   * @param nonce the 12-byte nonce
   * @param aad associated data, may be empty or {@code null}
   * @param in the array holding ciphertext and tag
   * @param inOff where the ciphertext starts
   * @param inLen ciphertext length including the 16-byte tag
   * @param out the output array; needs {@code inLen - 16} bytes from {@code outOff}
   * @param outOff where to write the plaintext
   * @return the plaintext length ({@code inLen - 16})
   * @throws AeadException if authentication fails or {@code inLen < 16}
   */
  public static int decrypt(byte[] key, byte[] nonce, byte[] aad, byte[] in, int inOff, int inLen, byte[] out, int outOff) {
    checkKeyAndNonce(key, nonce);
    if (inLen < TAG_SIZE) {
      throw new AeadException("ciphertext shorter than the authentication tag");
    }
    if (inOff < 0 || in.length - inOff < inLen) {
      throw new IllegalArgumentException("input range out of bounds");
    }
    if (outOff < 0 || out.length - outOff < inLen - TAG_SIZE) {
      throw new IllegalArgumentException("output buffer too small");
    }
    Cipher cipher = CIPHER.get();
    try {
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_SIZE * 8, nonce));
      if (aad != null && aad.length > 0) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(in, inOff, inLen, out, outOff);
    } catch (AEADBadTagException e) {
      throw new AeadException("AES-GCM authentication failed", e);
    } catch (InvalidKeyException | InvalidAlgorithmParameterException e) {
      throw new IllegalStateException("cannot initialise AES-GCM", e);
    } catch (GeneralSecurityException e) {
      throw new AeadException("AES-GCM decryption failed", e);
    }
  }

  private static void checkKeyAndNonce(byte[] key, byte[] nonce) {
    if (key == null || key.length != KEY_SIZE) {
      throw new IllegalArgumentException("AES-256-GCM key must be 32 bytes");
    }
    if (nonce == null || nonce.length != NONCE_SIZE) {
      throw new IllegalArgumentException("AES-GCM nonce must be 12 bytes");
    }
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM/NoPadding not available", e);
    }
  }
}
