package io.ockamj.crypto;

import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.primitives.X25519;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Destroyable;

/**
 * A vault that keeps secret keys in memory (Ockam's software vault, protocol §11.2): Ed25519 and
 * P-256 signing keys and static X25519 keys, each a 32-byte secret.
 * <p>
 * Persistence is the caller's job: a store reads every key with {@link #keys()} and
 * {@link #exportSecret(KeyId)}, saves {@code (KeyId.type(), secret)}, and at start-up feeds the
 * secrets back through {@link #importSecret(KeyType, byte[])}, which derives the same ids again.
 * <p>
 * Thread-safe. Secrets are wiped when a key is deleted and when the vault is {@link #destroy()
 * destroyed}; they are never logged or shown by {@link #toString()}.
 */
public final class SoftwareVault implements SigningVault, X25519KeyVault, Destroyable {

  private static final System.Logger LOG = System.getLogger(SoftwareVault.class.getName());

  private static final class Entry {
    final SecretBytes secret;
    final byte[] publicKey;

    Entry(SecretBytes secret, byte[] publicKey) {
      this.secret = secret;
      this.publicKey = publicKey;
    }
  }

  private final SecureRandom random;
  private final Map<KeyId, Entry> keys = new ConcurrentHashMap<>();
  private volatile boolean destroyed;

  private SoftwareVault(SecureRandom random) {
    this.random = random;
  }

  /**
   * @return an empty vault using a default {@link SecureRandom}
   */
  public static SoftwareVault create() {
    return new SoftwareVault(new SecureRandom());
  }

  /**
   * @param random the source of randomness for new keys
   * @return an empty vault
   */
  public static SoftwareVault create(SecureRandom random) {
    return new SoftwareVault(Objects.requireNonNull(random, "random"));
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
    return keys.containsKey(id) ? Optional.of(id) : Optional.empty();
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
    List<KeyId> out = new ArrayList<>();
    for (KeyId id : keys.keySet()) {
      if (id.type().isSigning()) {
        out.add(id);
      }
    }
    return out;
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
  public byte[] x25519PublicKey(KeyId keyId) {
    return entry(keyId, false).publicKey.clone();
  }

  @Override
  public Optional<KeyId> findX25519Key(byte[] publicKey) {
    if (publicKey == null || publicKey.length != KeyType.X25519.publicKeyLength()) {
      return Optional.empty();
    }
    KeyId id = KeyId.of(KeyType.X25519, publicKey);
    return keys.containsKey(id) ? Optional.of(id) : Optional.empty();
  }

  @Override
  public SecretBytes x25519Agree(KeyId keyId, byte[] peerPublic) {
    Entry e = entry(keyId, false);
    synchronized (e) {
      return SecretBytes.wrap(X25519.agree(alive(e, keyId).expose(), peerPublic));
    }
  }

  @Override
  public SecretBytes x25519Secret(KeyId keyId) {
    Entry e = entry(keyId, false);
    synchronized (e) {
      return SecretBytes.copyOf(alive(e, keyId).expose());
    }
  }

  @Override
  public boolean deleteX25519Key(KeyId keyId) {
    return keyId.type() == KeyType.X25519 && delete(keyId);
  }

  @Override
  public List<KeyId> x25519Keys() {
    List<KeyId> out = new ArrayList<>();
    for (KeyId id : keys.keySet()) {
      if (id.type() == KeyType.X25519) {
        out.add(id);
      }
    }
    return out;
  }

  // ---- persistence

  /**
   * Adds a secret key, for example one read back from a store. Importing a key that is already
   * present returns its id and changes nothing.
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
    if (secret == null || secret.length != KeyType.SECRET_KEY_LENGTH) {
      throw new VaultException(type + " secret key must be " + KeyType.SECRET_KEY_LENGTH + " bytes");
    }
    if (type == KeyType.P256 && !SignatureSchemes.validP256Scalar(secret)) {
      throw new VaultException("P-256 secret key is not a scalar in [1, n-1]");
    }
    byte[] pub = type == KeyType.X25519 ? X25519.publicKey(secret) : SignatureSchemes.publicKey(type, secret);
    KeyId id = KeyId.of(type, pub);
    Entry fresh = new Entry(SecretBytes.copyOf(secret), pub);
    Entry prev = keys.putIfAbsent(id, fresh);
    if (prev != null) {
      fresh.secret.destroy();
    } else {
      LOG.log(System.Logger.Level.DEBUG, "added {0} key {1}", type, id.hex());
    }
    return id;
  }

  /**
   * Returns a copy of a secret so that a store can persist it.
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
   * @return the ids of every key (signing and X25519), in no particular order
   */
  public List<KeyId> keys() {
    return new ArrayList<>(keys.keySet());
  }

  /**
   * @param keyId a key id
   * @return {@code true} if the vault holds that key
   */
  public boolean contains(KeyId keyId) {
    return keys.containsKey(keyId);
  }

  /**
   * Wipes and forgets every secret. The vault cannot be used afterwards.
   */
  @Override
  public void destroy() {
    destroyed = true;
    for (KeyId id : new ArrayList<>(keys.keySet())) {
      delete(id);
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
   * @return the number of keys, never their contents
   */
  @Override
  public String toString() {
    return "SoftwareVault[" + keys.size() + " keys" + (destroyed ? ", destroyed]" : "]");
  }

  private boolean delete(KeyId keyId) {
    Entry e = keys.remove(keyId);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      e.secret.destroy();
    }
    LOG.log(System.Logger.Level.DEBUG, "deleted key {0}", keyId.hex());
    return true;
  }

  private Entry entry(KeyId keyId, boolean signing) {
    checkAlive();
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.type().isSigning() != signing) {
      throw new VaultException("key " + keyId + " is not " + (signing ? "a signing key" : "an X25519 key"));
    }
    Entry e = keys.get(keyId);
    if (e == null) {
      throw new VaultException("no secret key " + keyId + " in the vault");
    }
    return e;
  }

  // a key deleted by another thread between lookup and use
  private static SecretBytes alive(Entry e, KeyId keyId) {
    if (e.secret.isDestroyed()) {
      throw new VaultException("secret key " + keyId + " was deleted");
    }
    return e.secret;
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("vault has been destroyed");
    }
  }
}
