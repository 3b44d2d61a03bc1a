package io.ockamj.crypto.noise;

import io.ockamj.crypto.noise.SecureChannelException.Reason;
import io.ockamj.crypto.primitives.AeadException;
import io.ockamj.crypto.primitives.AesGcm;
import io.ockamj.crypto.primitives.SecretBytes;
import javax.security.auth.Destroyable;

/**
 * The receiving half of an established secure channel (Rust {@code decryptor.rs}).
 * <p>
 * Input is {@code BE64(nonce) || ciphertext || tag} as produced by {@link ChannelEncryptor}.
 * Decryption: reject input shorter than 8 bytes; check the nonce against the replay window
 * ({@link NonceTracker}, window 32); choose the key for the nonce's rekey interval
 * ({@link KeyTracker}: current, previous, or {@code REKEY(current)} for the next interval);
 * AES-256-GCM-decrypt with empty associated data. The replay window and key state are committed
 * only if authentication succeeds, so forged packets cannot disturb the channel. Keys that fall out
 * of use are wiped.
 * <p>
 * A key-exchange-only decryptor (Kafka use case) neither rekeys nor tracks replays.
 * <p>
 * Every failure caused by the input is a {@link SecureChannelException}. Not thread-safe.
 */
public final class ChannelDecryptor implements Destroyable, AutoCloseable {

  private static final byte[] EMPTY = new byte[0];

  private final boolean rekeying;
  private final KeyTracker<SecretBytes> keys;
  private NonceTracker nonces = new NonceTracker();
  private SecretBytes nextKey;
  private long lastNonce = -1L;
  private boolean destroyed;

  /**
   * Creates a decryptor.
   *
   * @param key the 32-byte AES-256-GCM key (copied; the caller keeps its array)
   * @param rekeying {@code true} for normal channels (replay window and rekeying), {@code false}
   *   for key-exchange-only channels
   */
  public ChannelDecryptor(byte[] key, boolean rekeying) {
    if (key == null || key.length != AesGcm.KEY_SIZE) {
      throw new IllegalArgumentException("key must be 32 bytes");
    }
    this.rekeying = rekeying;
    this.keys = new KeyTracker<>(SecretBytes.copyOf(key), ChannelEncryptor.KEY_RENEWAL_INTERVAL);
  }

  /**
   * Decrypts one message.
   *
   * @param wire {@code BE64(nonce) || ciphertext || tag}
   * @return the plaintext
   * @throws SecureChannelException if the input is too short, replayed, outside the window, or
   *   fails authentication
   * @throws IllegalStateException if the decryptor was destroyed
   */
  public byte[] decrypt(byte[] wire) {
    return decrypt(wire, 0, wire.length);
  }

  /**
   * Decrypts one message held in a range of an array.
   *
   * @param buf the array
   * @param off where the message starts
   * @param len the message length
   * @return the plaintext
   * @throws SecureChannelException if the input is too short, replayed, outside the window, or
   *   fails authentication
   * @throws IllegalStateException if the decryptor was destroyed
   */
  public byte[] decrypt(byte[] buf, int off, int len) {
    byte[] out = new byte[Math.max(0, len - ChannelEncryptor.OVERHEAD)];
    decrypt(buf, off, len, out, 0);
    return out;
  }

  /**
   * Decrypts one message held in a range of an array into another array, for callers that reuse
   * one buffer for every plaintext.
   *
   * @param buf the array
   * @param off where the message starts
   * @param len the message length
   * @param out where the plaintext goes; needs {@code len - OVERHEAD} bytes from {@code outOff}
   * @param outOff where to write
   * @return the plaintext length
   * @throws SecureChannelException if the input is too short, replayed, outside the window, or
   *   fails authentication
   * @throws IllegalStateException if the decryptor was destroyed
   */
  public int decrypt(byte[] buf, int off, int len, byte[] out, int outOff) {
    if (destroyed) {
      throw new IllegalStateException("decryptor destroyed");
    }
    if (off < 0 || len < 0 || buf.length - off < len) {
      throw new IllegalArgumentException("range out of bounds");
    }
    if (len < ChannelEncryptor.NONCE_LEN) {
      throw new SecureChannelException(Reason.INVALID_NONCE, "secure channel message shorter than its nonce");
    }
    if (outOff < 0 || out.length - outOff < len - ChannelEncryptor.OVERHEAD) {
      throw new IllegalArgumentException("output buffer too small");
    }
    long nonce = 0;
    for (int i = 0; i < ChannelEncryptor.NONCE_LEN; i++) {
      nonce = (nonce << 8) | (buf[off + i] & 0xFF);
    }
    if (nonce == -1L) {
      // never produced by an encryptor (reserved for REKEY)
      throw new SecureChannelException(Reason.INVALID_NONCE, "reserved nonce");
    }
    int ctOff = off + ChannelEncryptor.NONCE_LEN;
    int ctLen = len - ChannelEncryptor.NONCE_LEN;
    if (!rekeying) {
      int n = open(keys.current(), nonce, buf, ctOff, ctLen, out, outOff);
      lastNonce = nonce;
      return n;
    }
    NonceTracker next = nonces.mark(nonce);
    KeyTracker.Selection sel = keys.select(nonce);
    SecretBytes key;
    if (sel == KeyTracker.Selection.CURRENT) {
      key = keys.current();
    } else if (sel == KeyTracker.Selection.PREVIOUS) {
      key = keys.previous();
    } else {
      if (nextKey == null) {
        // cached until it authenticates a message or the decryptor is destroyed
        nextKey = SecretBytes.wrap(ChannelEncryptor.rekey(keys.current().expose()));
      }
      key = nextKey;
    }
    int n = open(key, nonce, buf, ctOff, ctLen, out, outOff);
    nonces = next;
    if (key == nextKey) {
      nextKey = null;
    }
    SecretBytes deleted = keys.updateKey(key);
    if (deleted != null) {
      deleted.destroy();
    }
    lastNonce = nonce;
    return n;
  }

  private static int open(SecretBytes key, long nonce, byte[] buf, int off, int len, byte[] out, int outOff) {
    try {
      return AesGcm.decrypt(key.expose(), AesGcm.nonce(nonce), EMPTY, buf, off, len, out, outOff);
    } catch (AeadException e) {
      throw new SecureChannelException(Reason.DECRYPTION_FAILED, "secure channel message failed authentication", e);
    }
  }

  /**
   * @return the nonce of the last successfully decrypted message (unsigned), or {@code -1} (that
   *   is, {@code u64::MAX}, never a valid nonce) before the first one. The responder uses it to
   *   decide whether to move its remote route (only when a payload's nonce is greater than the
   *   last one).
   */
  public long lastNonce() {
    return lastNonce;
  }

  /**
   * @return the replay window state
   */
  public NonceTracker nonceTracker() {
    return nonces;
  }

  /**
   * @return the number of rekeys the decryptor has followed
   */
  public long rekeys() {
    return keys.rekeys();
  }

  /**
   * Wipes every key; later calls to {@code decrypt} fail.
   */
  @Override
  public void destroy() {
    keys.current().destroy();
    if (keys.previous() != null) {
      keys.previous().destroy();
    }
    if (nextKey != null) {
      nextKey.destroy();
      nextKey = null;
    }
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
    return "ChannelDecryptor[" + nonces + ", " + keys + (destroyed ? ", destroyed]" : "]");
  }
}
