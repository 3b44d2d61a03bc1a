package io.ockamj.crypto.noise;

import io.ockamj.crypto.SecretHandle;
import io.ockamj.crypto.SecureChannelVault;
import io.ockamj.crypto.primitives.AesGcm;
import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.primitives.Sha256;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Noise SymmetricState as Ockam's handshake.rs runs it: {@code ck = name}, {@code h = SHA-256(name)}
 * (empty prologue), MixHash, MixKey with HKDF-SHA-256, AES-256-GCM with nonce
 * {@code 00000000 || BE64(n)} and {@code h} as associated data. The chaining key and the cipher key
 * are secret buffers of a {@link SecureChannelVault}; only {@code h} and {@code n} are held here.
 * <p>
 * Mutable and not thread-safe. {@link #copy()} makes a <i>tentative</i> copy that shares the
 * original's buffers: a message is read on a copy, then either {@link #commit()}ted (the buffers it
 * replaced are deleted) or {@link #rollback()}ed (the buffers it made are deleted), so a bad message
 * leaves the original untouched.
 */
final class SymmetricState {

  private final SecureChannelVault vault;
  private byte[] h;
  private SecretHandle ck;
  private SecretHandle k;
  private long n;
  private boolean tentative;
  // tentative copies only: buffers made here, and buffers of the original that this copy replaced
  private final Set<SecretHandle> created = new HashSet<>();
  private final List<SecretHandle> retired = new ArrayList<>();

  SymmetricState(SecureChannelVault vault, byte[] name32) {
    this.vault = vault;
    this.ck = vault.importSecretBuffer(name32);
    this.h = Sha256.digest(name32);
  }

  private SymmetricState(SymmetricState o) {
    this.vault = o.vault;
    this.h = o.h.clone();
    this.ck = o.ck;
    this.k = o.k;
    this.n = o.n;
    this.tentative = true;
  }

  SymmetricState copy() {
    return new SymmetricState(this);
  }

  /** Makes a tentative copy definitive: deletes the original's buffers it replaced. */
  void commit() {
    for (SecretHandle r : retired) {
      vault.deleteSecretBuffer(r);
    }
    retired.clear();
    created.clear();
    tentative = false;
  }

  /** Abandons a tentative copy: deletes the buffers it made; the original's stay. */
  void rollback() {
    for (SecretHandle c : created) {
      vault.deleteSecretBuffer(c);
    }
    created.clear();
    retired.clear();
    ck = null;
    k = null;
    SecretBytes.wipe(h);
  }

  byte[] h() {
    return h;
  }

  /** For tests: a copy of the chaining key. */
  byte[] ck() {
    try (SecretBytes b = vault.exportSecretBuffer(ck)) {
      return b.copy();
    }
  }

  boolean hasKey() {
    return k != null;
  }

  void mixHash(byte[] data) {
    mixHash(data, 0, data.length);
  }

  void mixHash(byte[] data, int off, int len) {
    h = Sha256.digest(h, data, off, len);
  }

  /** MixKey(ikm); deletes {@code ikm}, the old chaining key and the old cipher key. */
  void mixKey(SecretHandle ikm) {
    List<SecretHandle> out;
    try {
      out = vault.hkdf(ck, ikm, 2);
    } finally {
      vault.deleteSecretBuffer(ikm);
    }
    release(ck);
    release(k);
    ck = out.get(0);
    k = out.get(1);
    if (tentative) {
      created.add(ck);
      created.add(k);
    }
    n = 0;
  }

  byte[] encryptAndHash(byte[] plaintext) {
    if (k == null) {
      mixHash(plaintext);
      return plaintext.clone();
    }
    byte[] c = vault.aeadEncrypt(k, AesGcm.nonce(n), h, plaintext);
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
    byte[] p = vault.aeadDecrypt(k, AesGcm.nonce(n), h, msg, off, len);
    mixHash(msg, off, len);
    n++;
    return p;
  }

  /** Split: {@code (k1, k2) = HKDF(ck, empty)}, taken out of the vault for the data phase. */
  SecretBytes[] split() {
    List<SecretHandle> out = vault.hkdf(ck, null, 2);
    try {
      SecretBytes k1 = vault.exportSecretBuffer(out.get(0));
      try {
        return new SecretBytes[] {k1, vault.exportSecretBuffer(out.get(1))};
      } catch (RuntimeException e) {
        k1.destroy();
        throw e;
      }
    } finally {
      vault.deleteSecretBuffer(out.get(0));
      vault.deleteSecretBuffer(out.get(1));
    }
  }

  /** Deletes the buffers of a definitive state and wipes {@code h}. Idempotent. */
  void destroy() {
    if (tentative) {
      rollback();
      return;
    }
    release(ck);
    release(k);
    ck = null;
    k = null;
    SecretBytes.wipe(h);
  }

  private void release(SecretHandle handle) {
    if (handle == null) {
      return;
    }
    if (!tentative || created.remove(handle)) {
      vault.deleteSecretBuffer(handle);
    } else {
      retired.add(handle);
    }
  }
}
