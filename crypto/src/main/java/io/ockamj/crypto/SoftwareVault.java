package io.ockamj.crypto;

import io.ockamj.crypto.primitives.AesGcm;
import io.ockamj.crypto.primitives.Hkdf;
import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.primitives.X25519;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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

  private static final System.Logger LOG = System.getLogger(SoftwareVault.class.getName());
  private static final byte[] EMPTY = new byte[0];
  private static final int MAX_BUFFER = 64;

  private static final class Entry {
    final SecretBytes secret;
    final byte[] publicKey;
    final boolean ephemeral;

    Entry(SecretBytes secret, byte[] publicKey, boolean ephemeral) {
      this.secret = secret;
      this.publicKey = publicKey;
      this.ephemeral = ephemeral;
    }
  }

  private final SecureRandom random;
  private final SecretStorage storage;
  private final Map<KeyId, Entry> keys = new ConcurrentHashMap<>();
  private final Map<SecretHandle, SecretBytes> buffers = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle;
  private volatile boolean destroyed;

  private SoftwareVault(SecretStorage storage, SecureRandom random) {
    this.storage = storage;
    this.random = random;
    this.nextHandle = new AtomicLong(random.nextLong());
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
    return VerifyingPublicKey.of(keyId.type(), entry(keyId, true).publicKey);
  }

  @Override
  public Optional<KeyId> findSigningKey(VerifyingPublicKey publicKey) {
    KeyId id = KeyId.of(publicKey);
    return lookup(id) != null ? Optional.of(id) : Optional.empty();
  }

  @Override
  public Signature sign(KeyId keyId, byte[] message) {
    Entry e = entry(keyId, true);
    byte[] sig;
    synchronized (e) {
      sig = SignatureSchemes.sign(keyId.type(), alive(e, keyId).expose(), e.publicKey, message);
    }
    return Signature.of(keyId.type(), sig);
  }

  @Override
  public boolean deleteSigningKey(KeyId keyId) {
    return keyId.type().isSigning() && delete(keyId);
  }

  @Override
  public List<KeyId> signingKeys() {
    return staticKeys(true);
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
    checkSecretLength(KeyType.X25519, secret);
    byte[] pub = X25519.publicKey(secret);
    KeyId id = KeyId.of(KeyType.X25519, pub);
    Entry fresh = new Entry(SecretBytes.copyOf(secret), pub, true);
    if (keys.putIfAbsent(id, fresh) != null) {
      fresh.secret.destroy();
    }
    return id;
  }

  @Override
  public byte[] x25519PublicKey(KeyId keyId) {
    return entry(keyId, false).publicKey.clone();
  }

  @Override
  public Optional<KeyId> findX25519Key(byte[] publicKey) {
    if (publicKey == null || publicKey.length != KeyType.X25519.publicKeyLength()) {
      return Optional.empty();
    }
    KeyId id = KeyId.of(KeyType.X25519, publicKey);
    Entry e = lookup(id);
    return e != null && !e.ephemeral ? Optional.of(id) : Optional.empty();
  }

  @Override
  public boolean deleteX25519Key(KeyId keyId) {
    return keyId.type() == KeyType.X25519 && delete(keyId);
  }

  @Override
  public List<KeyId> x25519Keys() {
    return staticKeys(false);
  }

  @Override
  public SecretHandle x25519Ecdh(KeyId keyId, byte[] peerPublic) {
    Entry e = entry(keyId, false);
    byte[] shared;
    synchronized (e) {
      shared = X25519.agree(alive(e, keyId).expose(), peerPublic);
    }
    return putBuffer(SecretBytes.wrap(shared));
  }

  // ---- secret buffers

  @Override
  public SecretHandle importSecretBuffer(byte[] secret) {
    checkAlive();
    if (secret == null || secret.length == 0 || secret.length > MAX_BUFFER) {
      throw new VaultException("a secret buffer must be 1 to " + MAX_BUFFER + " bytes");
    }
    return putBuffer(SecretBytes.copyOf(secret));
  }

  @Override
  public List<SecretHandle> hkdf(SecretHandle salt, SecretHandle ikm, int outputs) {
    if (outputs < 1 || outputs > 3) {
      throw new IllegalArgumentException("HKDF outputs must be 1 to 3, not " + outputs);
    }
    SecretBytes s = buffer(salt);
    SecretBytes i = ikm == null ? null : buffer(ikm);
    byte[][] out;
    synchronized (s) {
      byte[] saltBytes = alive(s, salt).expose();
      if (i == null) {
        out = Hkdf.deriveKeys(saltBytes, EMPTY, outputs);
      } else {
        synchronized (i) {
          out = Hkdf.deriveKeys(saltBytes, alive(i, ikm).expose(), outputs);
        }
      }
    }
    List<SecretHandle> handles = new ArrayList<>(outputs);
    for (byte[] o : out) {
      handles.add(putBuffer(SecretBytes.wrap(o)));
    }
    return handles;
  }

  @Override
  public byte[] aeadEncrypt(SecretHandle key, byte[] nonce, byte[] aad, byte[] plaintext) {
    SecretBytes k = aeadKey(key);
    synchronized (k) {
      return AesGcm.encrypt(alive(k, key).expose(), nonce, aad, plaintext);
    }
  }

  @Override
  public byte[] aeadDecrypt(SecretHandle key, byte[] nonce, byte[] aad, byte[] in, int off, int len) {
    SecretBytes k = aeadKey(key);
    synchronized (k) {
      return AesGcm.decrypt(alive(k, key).expose(), nonce, aad, in, off, len);
    }
  }

  @Override
  public SecretBytes exportSecretBuffer(SecretHandle handle) {
    SecretBytes b = buffer(handle);
    synchronized (b) {
      return SecretBytes.copyOf(alive(b, handle).expose());
    }
  }

  @Override
  public boolean deleteSecretBuffer(SecretHandle handle) {
    SecretBytes b = handle == null ? null : buffers.remove(handle);
    if (b == null) {
      return false;
    }
    synchronized (b) {
      b.destroy();
    }
    return true;
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
    Objects.requireNonNull(type, "type");
    Entry fresh = newEntry(type, secret);
    KeyId id = KeyId.of(type, fresh.publicKey);
    if (keys.containsKey(id)) {
      fresh.secret.destroy();
      return id;
    }
    if (storage != null) {
      storage.store(id, fresh.secret.expose());
    }
    if (keys.putIfAbsent(id, fresh) != null) {
      fresh.secret.destroy();
    } else {
      LOG.log(System.Logger.Level.DEBUG, "added {0} key {1}", type, id.hex());
    }
    return id;
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
    Entry e = entry(keyId, keyId.type().isSigning());
    synchronized (e) {
      return SecretBytes.copyOf(alive(e, keyId).expose());
    }
  }

  /**
   * @return the ids of every static key (signing and X25519, in memory and in storage), in no
   *   particular order
   */
  public List<KeyId> keys() {
    List<KeyId> out = staticKeys(true);
    out.addAll(staticKeys(false));
    return out;
  }

  /**
   * @param keyId a key id
   * @return {@code true} if the vault holds that key (in memory or in storage)
   */
  public boolean contains(KeyId keyId) {
    return lookup(keyId) != null;
  }

  // ---- life cycle

  /**
   * Wipes and forgets every secret held in memory; persisted keys stay in the storage. The vault
   * cannot be used afterwards.
   */
  @Override
  public void destroy() {
    destroyed = true;
    for (KeyId id : new ArrayList<>(keys.keySet())) {
      forget(id);
    }
    for (SecretHandle h : new ArrayList<>(buffers.keySet())) {
      deleteSecretBuffer(h);
    }
  }

  /**
   * {@link #destroy() Destroys} the vault and closes its storage.
   */
  @Override
  public void close() {
    destroy();
    if (storage != null) {
      storage.close();
    }
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
      + (storage != null ? ", persistent" : "") + (destroyed ? ", destroyed]" : "]");
  }

  // ---- internals

  private Entry newEntry(KeyType type, byte[] secret) {
    checkSecretLength(type, secret);
    if (type == KeyType.P256 && !SignatureSchemes.validP256Scalar(secret)) {
      throw new VaultException("P-256 secret key is not a scalar in [1, n-1]");
    }
    byte[] pub = type == KeyType.X25519 ? X25519.publicKey(secret) : SignatureSchemes.publicKey(type, secret);
    return new Entry(SecretBytes.copyOf(secret), pub, false);
  }

  private static void checkSecretLength(KeyType type, byte[] secret) {
    if (secret == null || secret.length != KeyType.SECRET_KEY_LENGTH) {
      throw new VaultException(type + " secret key must be " + KeyType.SECRET_KEY_LENGTH + " bytes");
    }
  }

  /** The entry of a key in memory, else read from storage; {@code null} if neither has it. */
  private Entry lookup(KeyId keyId) {
    checkAlive();
    Objects.requireNonNull(keyId, "keyId");
    Entry e = keys.get(keyId);
    if (e != null || storage == null) {
      return e;
    }
    Optional<byte[]> stored = storage.load(keyId);
    if (stored.isEmpty()) {
      return null;
    }
    byte[] secret = stored.get();
    Entry fresh;
    try {
      fresh = newEntry(keyId.type(), secret);
    } finally {
      SecretBytes.wipe(secret);
    }
    if (!KeyId.of(keyId.type(), fresh.publicKey).equals(keyId)) {
      fresh.secret.destroy();
      throw new VaultException("the stored secret of key " + keyId + " does not match its id");
    }
    Entry prev = keys.putIfAbsent(keyId, fresh);
    if (prev != null) {
      fresh.secret.destroy();
      return prev;
    }
    return fresh;
  }

  private Entry entry(KeyId keyId, boolean signing) {
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.type().isSigning() != signing) {
      throw new VaultException("key " + keyId + " is not " + (signing ? "a signing key" : "an X25519 key"));
    }
    Entry e = lookup(keyId);
    if (e == null) {
      throw new VaultException("no secret key " + keyId + " in the vault");
    }
    return e;
  }

  private List<KeyId> staticKeys(boolean signing) {
    if (destroyed) {
      return new ArrayList<>();
    }
    Set<KeyId> out = new LinkedHashSet<>();
    for (Map.Entry<KeyId, Entry> e : keys.entrySet()) {
      if (e.getKey().type().isSigning() == signing && !e.getValue().ephemeral) {
        out.add(e.getKey());
      }
    }
    if (storage != null) {
      for (KeyType t : KeyType.values()) {
        if (t.isSigning() == signing) {
          out.addAll(storage.list(t));
        }
      }
    }
    return new ArrayList<>(out);
  }

  private boolean delete(KeyId keyId) {
    checkAlive();
    Entry e = keys.get(keyId);
    boolean found = forget(keyId);
    if (storage != null && (e == null || !e.ephemeral)) {
      found |= storage.delete(keyId);
    }
    if (found) {
      LOG.log(System.Logger.Level.DEBUG, "deleted key {0}", keyId.hex());
    }
    return found;
  }

  private boolean forget(KeyId keyId) {
    Entry e = keys.remove(keyId);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      e.secret.destroy();
    }
    return true;
  }

  private SecretHandle putBuffer(SecretBytes secret) {
    SecretHandle h = SecretHandle.of(nextHandle.getAndIncrement());
    buffers.put(h, secret);
    if (destroyed) {
      deleteSecretBuffer(h);
      throw new IllegalStateException("vault has been destroyed");
    }
    return h;
  }

  private SecretBytes buffer(SecretHandle handle) {
    checkAlive();
    Objects.requireNonNull(handle, "handle");
    SecretBytes b = buffers.get(handle);
    if (b == null) {
      throw new VaultException("no secret buffer " + handle + " in the vault");
    }
    return b;
  }

  private SecretBytes aeadKey(SecretHandle handle) {
    SecretBytes b = buffer(handle);
    if (b.length() != 32) {
      throw new VaultException("secret buffer " + handle + " is not a 32-byte AES-256 key");
    }
    return b;
  }

  // a key deleted by another thread between lookup and use
  private static SecretBytes alive(Entry e, KeyId keyId) {
    if (e.secret.isDestroyed()) {
      throw new VaultException("secret key " + keyId + " was deleted");
    }
    return e.secret;
  }

  private static SecretBytes alive(SecretBytes b, SecretHandle handle) {
    if (b.isDestroyed()) {
      throw new VaultException("secret buffer " + handle + " was deleted");
    }
    return b;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("vault has been destroyed");
    }
  }
}
