package io.ockamj.crypto;

import io.ockamj.crypto.primitives.AesGcm;
import io.ockamj.crypto.primitives.Hkdf;
import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.primitives.X25519;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Destroyable;

/**
 * A vault that keeps secret keys in memory (Ockam's software vault, protocol §11.2): Ed25519 and
 * P-256 signing keys, static and ephemeral X25519 keys (each a 32-byte secret) and the secret
 * buffers of handshakes.
 * <p>
 * <b>Persistence.</b> A vault created with a {@link SecretStorage} writes every static key it
 * generates or imports there, deletes it there, and reads keys it does not hold in memory from there
 * (so that a key created by another process sharing the storage is found). Ephemeral keys and secret
 * buffers are never persisted. Without storage, everything is lost when the vault is closed.
 * <p>
 * Thread-safe. Secrets are wiped when a key or buffer is deleted and when the vault is
 * {@link #close() closed}; they are never logged or shown by {@link #toString()}.
 */
public final class SoftwareVault implements Vault, Destroyable {

  private static final byte[] EMPTY = new byte[0];
  private static final int MAX_BUFFER = 64;

  private final SecureRandom random;
  private final SoftwareKeys keys;
  private final SecretBuffers buffers;
  private volatile boolean destroyed;

  private SoftwareVault(SecretStorage storage, SecureRandom random) {
    this.keys = new SoftwareKeys(storage);
    this.random = random;
    this.buffers = new SecretBuffers(random.nextLong());
  }

  /**
   * @return an empty in-memory vault using a default {@link SecureRandom}
   */
  public static SoftwareVault create() {
    return new SoftwareVault(null, new SecureRandom());
  }

  /**
   * @param random the source of randomness for new keys
   * @return an empty in-memory vault
   */
  public static SoftwareVault create(SecureRandom random) {
    return new SoftwareVault(null, Objects.requireNonNull(random, "random"));
  }

  /**
   * Creates a vault that persists its static keys. The vault owns the storage and closes it when it
   * is closed.
   *
   * @param storage where static keys are kept
   * @return the vault
   */
  public static SoftwareVault create(SecretStorage storage) {
    return new SoftwareVault(Objects.requireNonNull(storage, "storage"), new SecureRandom());
  }

  // ---- signing keys

  @Override
  public KeyId generateSigningKey(KeyType type) {
    if (!type.isSigning()) {
      throw new IllegalArgumentException(type + " is not a signing key type");
    }
    byte[] secret = SignatureSchemes.generateSecret(type, random);
    try {
      return importSecret(type, secret);
    } finally {
      SecretBytes.wipe(secret);
    }
  }

  @Override
  public VerifyingPublicKey verifyingPublicKey(KeyId keyId) {
    return VerifyingPublicKey.of(keyId.type(), keys.entry(keyId, true).publicKey);
  }

  @Override
  public Optional<KeyId> findSigningKey(VerifyingPublicKey publicKey) {
    KeyId id = KeyId.of(publicKey);
    return keys.lookup(id) != null ? Optional.of(id) : Optional.empty();
  }

  @Override
  public Signature sign(KeyId keyId, byte[] message) {
    SoftwareKeys.Entry e = keys.entry(keyId, true);
    byte[] sig;
    synchronized (e) {
      sig = SignatureSchemes.sign(keyId.type(), e.alive(keyId).expose(), e.publicKey, message);
    }
    return Signature.of(keyId.type(), sig);
  }

  @Override
  public boolean deleteSigningKey(KeyId keyId) {
    return keyId.type().isSigning() && keys.delete(keyId);
  }

  @Override
  public List<KeyId> signingKeys() {
    return keys.staticKeys(true);
  }

  // ---- X25519 keys

  @Override
  public KeyId generateX25519Key() {
    byte[] secret = X25519.generateSecret(random);
    try {
      return importSecret(KeyType.X25519, secret);
    } finally {
      SecretBytes.wipe(secret);
    }
  }

  @Override
  public KeyId generateEphemeralX25519Key() {
    byte[] secret = X25519.generateSecret(random);
    try {
      return importEphemeralX25519Key(secret);
    } finally {
      SecretBytes.wipe(secret);
    }
  }

  /**
   * Adds an ephemeral X25519 key with a given secret (kept in memory only), for test vectors that fix
   * the ephemeral key. Never reuse a fixed ephemeral key outside tests.
   *
   * @param secret the 32-byte secret; copied
   * @return the key id
   * @throws VaultException if the secret is not 32 bytes
   */
  public KeyId importEphemeralX25519Key(byte[] secret) {
    checkAlive();
    return keys.importEphemeralX25519(secret);
  }

  @Override
  public byte[] x25519PublicKey(KeyId keyId) {
    return keys.entry(keyId, false).publicKey.clone();
  }

  @Override
  public Optional<KeyId> findX25519Key(byte[] publicKey) {
    if (publicKey == null || publicKey.length != KeyType.X25519.publicKeyLength()) {
      return Optional.empty();
    }
    KeyId id = KeyId.of(KeyType.X25519, publicKey);
    SoftwareKeys.Entry e = keys.lookup(id);
    return e != null && !e.ephemeral ? Optional.of(id) : Optional.empty();
  }

  @Override
  public boolean deleteX25519Key(KeyId keyId) {
    return keyId.type() == KeyType.X25519 && keys.delete(keyId);
  }

  @Override
  public List<KeyId> x25519Keys() {
    return keys.staticKeys(false);
  }

  @Override
  public SecretHandle x25519Ecdh(KeyId keyId, byte[] peerPublic) {
    SoftwareKeys.Entry e = keys.entry(keyId, false);
    // a static key is shared by every handshake of a node: hold its lock only to copy the secret
    // (a deletion waits for the copy, not for the scalar multiplication), so that the crypto
    // workers' agreements with it run in parallel
    byte[] secret;
    synchronized (e) {
      secret = e.alive(keyId).copy();
    }
    byte[] shared;
    try {
      shared = X25519.agree(secret, peerPublic);
    } finally {
      SecretBytes.wipe(secret);
    }
    return buffers.put(SecretBytes.wrap(shared));
  }

  // ---- secret buffers

  @Override
  public SecretHandle importSecretBuffer(byte[] secret) {
    checkAlive();
    if (secret == null || secret.length == 0 || secret.length > MAX_BUFFER) {
      throw new VaultException("a secret buffer must be 1 to " + MAX_BUFFER + " bytes");
    }
    return buffers.put(SecretBytes.copyOf(secret));
  }

  @Override
  public List<SecretHandle> hkdf(SecretHandle salt, SecretHandle ikm, int outputs) {
    if (outputs < 1 || outputs > 3) {
      throw new IllegalArgumentException("HKDF outputs must be 1 to 3, not " + outputs);
    }
    SecretBytes s = buffers.get(salt);
    SecretBytes i = ikm == null ? null : buffers.get(ikm);
    byte[][] out;
    synchronized (s) {
      byte[] saltBytes = SecretBuffers.alive(s, salt).expose();
      if (i == null) {
        out = Hkdf.deriveKeys(saltBytes, EMPTY, outputs);
      } else {
        synchronized (i) {
          out = Hkdf.deriveKeys(saltBytes, SecretBuffers.alive(i, ikm).expose(), outputs);
        }
      }
    }
    List<SecretHandle> handles = new ArrayList<>(outputs);
    for (byte[] o : out) {
      handles.add(buffers.put(SecretBytes.wrap(o)));
    }
    return handles;
  }

  @Override
  public byte[] aeadEncrypt(SecretHandle key, byte[] nonce, byte[] aad, byte[] plaintext) {
    SecretBytes k = buffers.aeadKey(key);
    synchronized (k) {
      return AesGcm.encrypt(SecretBuffers.alive(k, key).expose(), nonce, aad, plaintext);
    }
  }

  @Override
  public byte[] aeadDecrypt(SecretHandle key, byte[] nonce, byte[] aad, byte[] in, int off, int len) {
    SecretBytes k = buffers.aeadKey(key);
    synchronized (k) {
      return AesGcm.decrypt(SecretBuffers.alive(k, key).expose(), nonce, aad, in, off, len);
    }
  }

  @Override
  public SecretBytes exportSecretBuffer(SecretHandle handle) {
    SecretBytes b = buffers.get(handle);
    synchronized (b) {
      return SecretBytes.copyOf(SecretBuffers.alive(b, handle).expose());
    }
  }

  @Override
  public boolean deleteSecretBuffer(SecretHandle handle) {
    return buffers.delete(handle);
  }

  /**
   * @return the number of secret buffers held (handshakes in progress hold a few each)
   */
  public int secretBufferCount() {
    return buffers.size();
  }

  // ---- import and export

  /**
   * Adds a static secret key, for example a test vector's; a vault with storage persists it.
   * Importing a key that is already present returns its id and changes nothing.
   *
   * @param type the key type
   * @param secret the 32-byte secret (an Ed25519 seed, a P-256 scalar or an X25519 scalar); copied,
   *   the caller keeps and should wipe its array
   * @return the key id (derived from the public key, see {@link KeyId})
   * @throws VaultException if the secret is not 32 bytes or is not a valid P-256 scalar
   */
  public KeyId importSecret(KeyType type, byte[] secret) {
    checkAlive();
    return keys.importStatic(type, secret);
  }

  /**
   * Returns a copy of a static secret, for a backup. Nothing in the node calls it: identities and
   * channels only ask the vault for operations.
   *
   * @param keyId the key
   * @return a copy of the 32-byte secret; the caller owns and must destroy it
   * @throws VaultException if there is no such key
   */
  public SecretBytes exportSecret(KeyId keyId) {
    SoftwareKeys.Entry e = keys.entry(keyId, keyId.type().isSigning());
    synchronized (e) {
      return SecretBytes.copyOf(e.alive(keyId).expose());
    }
  }

  /**
   * @return the ids of every static key (signing and X25519, in memory and in storage), in no
   *   particular order
   */
  public List<KeyId> keys() {
    List<KeyId> out = keys.staticKeys(true);
    out.addAll(keys.staticKeys(false));
    return out;
  }

  /**
   * @param keyId a key id
   * @return {@code true} if the vault holds that key (in memory or in storage)
   */
  public boolean contains(KeyId keyId) {
    return keys.lookup(keyId) != null;
  }

  // ---- life cycle

  /**
   * Wipes and forgets every secret held in memory; persisted keys stay in the storage. The vault
   * cannot be used afterwards.
   */
  @Override
  public void destroy() {
    destroyed = true;
    keys.destroy();
    buffers.destroy();
  }

  /**
   * {@link #destroy() Destroys} the vault and closes its storage.
   */
  @Override
  public void close() {
    destroy();
    keys.closeStorage();
  }

  /**
   * @return {@code true} once {@link #destroy()} has been called
   */
  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  /**
   * @return the number of keys and buffers in memory, never their contents
   */
  @Override
  public String toString() {
    return "SoftwareVault[" + keys.size() + " keys, " + buffers.size() + " buffers"
      + (keys.persistent() ? ", persistent" : "") + (destroyed ? ", destroyed]" : "]");
  }

  // ---- internals

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("vault has been destroyed");
    }
  }
}
