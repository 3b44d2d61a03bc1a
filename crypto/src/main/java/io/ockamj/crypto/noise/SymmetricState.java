package io.ockamj.crypto.noise;

import io.ockamj.crypto.primitives.AesGcm;
import io.ockamj.crypto.primitives.Hkdf;
import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.primitives.Sha256;
import java.util.Arrays;

/**
 * Noise SymmetricState as Ockam's handshake.rs runs it: {@code ck = name}, {@code h = SHA-256(name)}
 * (empty prologue), MixHash, MixKey with HKDF-SHA-256, AES-256-GCM with nonce
 * {@code 00000000 || BE64(n)} and {@code h} as associated data. Mutable and not thread-safe; copied
 * before reading a message so that a bad message leaves the original untouched.
 */
final class SymmetricState {

  private static final byte[] EMPTY = new byte[0];

  private byte[] h;
  private byte[] ck;
  private byte[] k;
  private long n;

  SymmetricState(byte[] name32) {
    this.ck = name32.clone();
    this.h = Sha256.digest(name32);
  }

  private SymmetricState(SymmetricState o) {
    this.h = o.h.clone();
    this.ck = o.ck.clone();
    this.k = o.k == null ? null : o.k.clone();
    this.n = o.n;
  }

  SymmetricState copy() {
    return new SymmetricState(this);
  }

  byte[] h() {
    return h;
  }

  byte[] ck() {
    return ck;
  }

  boolean hasKey() {
    return k != null;
  }

  void mixHash(byte[] data) {
    mixHash(data, 0, data.length);
  }

  void mixHash(byte[] data, int off, int len) {
    byte[] next = Sha256.digest(h, data, off, len);
    h = next;
  }

  /** MixKey(ikm); wipes {@code ikm}, the old chaining key and the old cipher key. */
  void mixKey(byte[] ikm) {
    byte[][] out = Hkdf.deriveKeys(ck, ikm, 2);
    SecretBytes.wipe(ikm);
    SecretBytes.wipe(ck);
    SecretBytes.wipe(k);
    ck = out[0];
    k = out[1];
    n = 0;
  }

  byte[] encryptAndHash(byte[] plaintext) {
    if (k == null) {
      mixHash(plaintext);
      return plaintext.clone();
    }
    byte[] c = AesGcm.encrypt(k, AesGcm.nonce(n), h, plaintext);
    mixHash(c);
    n++;
    return c;
  }

  /** @throws io.ockamj.crypto.primitives.AeadException if authentication fails */
  byte[] decryptAndHash(byte[] msg, int off, int len) {
    if (k == null) {
      mixHash(msg, off, len);
      return Arrays.copyOfRange(msg, off, off + len);
    }
    byte[] p = AesGcm.decrypt(k, AesGcm.nonce(n), h, msg, off, len);
    mixHash(msg, off, len);
    n++;
    return p;
  }

  /** Split: {@code (k1, k2) = HKDF(ck, empty)}. */
  byte[][] split() {
    return Hkdf.deriveKeys(ck, EMPTY, 2);
  }

  void destroy() {
    SecretBytes.wipe(ck);
    SecretBytes.wipe(k);
    SecretBytes.wipe(h);
    k = null;
  }
}
