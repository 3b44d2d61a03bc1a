package io.ockamj.crypto.noise;

import io.ockamj.crypto.primitives.AesGcm;
import io.ockamj.crypto.primitives.SecretBytes;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * The sending half of an established secure channel (Rust {@code encryptor.rs}).
 * <p>
 * Each call to {@link #encrypt(byte[])} takes the next nonce {@code n} (starting at 0) and returns
 * {@code BE64(n) || AES-256-GCM(key, 00000000 || BE64(n), aad = empty, plaintext)}, i.e. 24 bytes
 * of overhead. With rekeying enabled (normal channels) the key is replaced by
 * {@link #rekey(byte[]) REKEY(key)} before encrypting nonce 32, 64, 96, …, so the key for nonce
 * {@code n} is {@code REKEY^(n / 32)(k0)}. Key-exchange-only channels never rekey.
 * <p>
 * The nonce {@code u64::MAX} is never used (it is reserved for REKEY): reaching it raises
 * {@link IllegalStateException}, as Rust's {@code NonceOverflow}.
 * <p>
 * Not thread-safe. Destroy it when the channel closes: the key is wiped with zeros.
 */
public final class ChannelEncryptor implements Destroyable, AutoCloseable {

  /** Number of messages encrypted with one key before rekeying (Rust {@code KEY_RENEWAL_INTERVAL}). */
  public static final int KEY_RENEWAL_INTERVAL = 32;

  /** Length of the big-endian nonce that prefixes every ciphertext. */
  public static final int NONCE_LEN = 8;

  /** Bytes added to every plaintext: nonce prefix plus AES-GCM tag. */
  public static final int OVERHEAD = NONCE_LEN + AesGcm.TAG_SIZE;

  private static final byte[] EMPTY = new byte[0];
  private static final byte[] ZEROS = new byte[32];

  private final byte[] key;
  private final boolean rekeying;
  private long nonce;
  private boolean destroyed;

  /**
   * Creates an encryptor starting at nonce 0.
   *
   * @param key the 32-byte AES-256-GCM key (copied; the caller keeps its array)
   * @param rekeying {@code true} for normal channels, {@code false} for key-exchange-only channels
   */
  public ChannelEncryptor(byte[] key, boolean rekeying) {
    this(key, 0, rekeying);
  }

  /** For tests: starts at an arbitrary nonce with {@code key} being the key of that interval. */
  ChannelEncryptor(byte[] key, long startNonce, boolean rekeying) {
    if (key == null || key.length != AesGcm.KEY_SIZE) {
      throw new IllegalArgumentException("key must be 32 bytes");
    }
    this.key = key.clone();
    this.nonce = startNonce;
    this.rekeying = rekeying;
  }

  /**
   * The Noise REKEY function as Ockam uses it: the first 32 bytes of
   * {@code AES-256-GCM(k, nonce = 00000000 ffffffffffffffff, aad = empty, 32 zero bytes)}.
   *
   * @param key the current 32-byte key (not modified)
   * @return the next key; the caller owns and should wipe it
   */
  public static byte[] rekey(byte[] key) {
    byte[] out = AesGcm.encrypt(key, AesGcm.nonce(-1L), EMPTY, ZEROS);
    byte[] next = Arrays.copyOf(out, 32);
    SecretBytes.wipe(out);
    return next;
  }

  /**
   * Encrypts one message.
   *
   * @param plaintext the plaintext (for normal channels the CBOR of a
   *   {@link SecureChannelMessage})
   * @return {@code BE64(nonce) || ciphertext || tag}
   * @throws IllegalStateException if the nonces are exhausted or the encryptor was destroyed
   */
  public byte[] encrypt(byte[] plaintext) {
    byte[] out = new byte[plaintext.length + OVERHEAD];
    encrypt(plaintext, 0, plaintext.length, out, 0);
    return out;
  }

  /**
   * Encrypts a range of an array into another array.
   *
   * @param in the plaintext array
   * @param off where the plaintext starts
   * @param len the plaintext length
   * @param out the output; needs {@code len + OVERHEAD} bytes from {@code outOff}
   * @param outOff where to write
   * @return the number of bytes written ({@code len + OVERHEAD})
   * @throws IllegalStateException if the nonces are exhausted or the encryptor was destroyed
   */
  public int encrypt(byte[] in, int off, int len, byte[] out, int outOff) {
    if (out.length - outOff < len + OVERHEAD || outOff < 0) {
      throw new IllegalArgumentException("output buffer too small");
    }
    long current = takeNonce(out, outOff);
    int n = AesGcm.encrypt(key, AesGcm.nonce(current), EMPTY, in, off, len, out, outOff + NONCE_LEN);
    nonce = current + 1;
    return NONCE_LEN + n;
  }

  /**
   * Encrypts the plaintext {@code head[0, headLen) || body || tail} without building it (see
   * {@link AesGcm#encrypt(byte[], byte[], byte[], byte[], int, byte[], byte[], byte[], int)}).
   *
   * @param head the first part
   * @param headLen how many bytes of {@code head} belong to the plaintext
   * @param body the second part, whole
   * @param tail the last part, whole
   * @param out the output; needs {@code headLen + body.length + tail.length + OVERHEAD} bytes from {@code outOff}
   * @param outOff where to write
   * @return the number of bytes written
   * @throws IllegalStateException if the nonces are exhausted or the encryptor was destroyed
   */
  public int encrypt(byte[] head, int headLen, byte[] body, byte[] tail, byte[] out, int outOff) {
    if (outOff < 0 || out.length - outOff < (long) headLen + body.length + tail.length + OVERHEAD) {
      throw new IllegalArgumentException("output buffer too small");
    }
    long current = takeNonce(out, outOff);
    int n = AesGcm.encrypt(key, AesGcm.nonce(current), EMPTY, head, headLen, body, tail, out, outOff + NONCE_LEN);
    nonce = current + 1;
    return NONCE_LEN + n;
  }

  /** Rekeys when an interval starts and writes the nonce prefix; the caller advances the nonce once encrypted. */
  private long takeNonce(byte[] out, int outOff) {
    if (destroyed) {
      throw new IllegalStateException("encryptor destroyed");
    }
    if (nonce == -1L) {
      throw new IllegalStateException("secure channel nonce overflow");
    }
    long current = nonce;
    if (rekeying && current != 0 && (current & (KEY_RENEWAL_INTERVAL - 1)) == 0) {
      byte[] next = rekey(key);
      System.arraycopy(next, 0, key, 0, key.length);
      SecretBytes.wipe(next);
    }
    for (int i = 0; i < NONCE_LEN; i++) {
      out[outOff + i] = (byte) (current >>> (56 - 8 * i));
    }
    return current;
  }

  /**
   * @return the nonce the next message will use (unsigned)
   */
  public long nextNonce() {
    return nonce;
  }

  /**
   * @return whether this encryptor rekeys every {@link #KEY_RENEWAL_INTERVAL} messages
   */
  public boolean isRekeying() {
    return rekeying;
  }

  /**
   * Wipes the key; later calls to {@code encrypt} fail.
   */
  @Override
  public void destroy() {
    Arrays.fill(key, (byte) 0);
    destroyed = true;
  }

  /**
   * @return {@code true} once destroyed
   */
  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Same as {@link #destroy()}.
   */
  @Override
  public void close() {
    destroy();
  }

  /**
   * @return a description without key material
   */
  @Override
  public String toString() {
    return "ChannelEncryptor[nextNonce=" + Long.toUnsignedString(nonce) + (destroyed ? ", destroyed]" : "]");
  }
}
