package io.ockamj.crypto;

import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.primitives.X25519;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key storage of a {@link SoftwareVault}: secret keys in memory by id, written through to an
 * optional {@link SecretStorage} (static keys only) and read back from it on a miss. The vault runs
 * the operations; this class only adds, finds, lists and wipes keys. Thread-safe.
 */
final class SoftwareKeys {

  private static final System.Logger LOG = System.getLogger(SoftwareVault.class.getName());

  /** A key in memory: its secret (synchronize on the entry to use it), public key and kind. */
  static final class Entry {
    final SecretBytes secret;
    final byte[] publicKey;
    final boolean ephemeral;

    Entry(SecretBytes secret, byte[] publicKey, boolean ephemeral) {
      this.secret = secret;
      this.publicKey = publicKey;
      this.ephemeral = ephemeral;
    }

    // a key deleted by another thread between lookup and use
    SecretBytes alive(KeyId keyId) {
      if (secret.isDestroyed()) {
        throw new VaultException("secret key " + keyId + " was deleted");
      }
      return secret;
    }
  }

  private final SecretStorage storage;
  private final Map<KeyId, Entry> keys = new ConcurrentHashMap<>();
  private volatile boolean destroyed;

  SoftwareKeys(SecretStorage storage) {
    this.storage = storage;
  }

  boolean persistent() {
    return storage != null;
  }

  int size() {
    return keys.size();
  }

  /** Adds a static key (persisted if there is storage); an existing key is left as it is. */
  KeyId importStatic(KeyType type, byte[] secret) {
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

  /** Adds an ephemeral X25519 key, in memory only. */
  KeyId importEphemeralX25519(byte[] secret) {
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
  Entry lookup(KeyId keyId) {
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

  /** Like {@link #lookup(KeyId)}, failing if the key is missing or of the other kind. */
  Entry entry(KeyId keyId, boolean signing) {
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

  /** The static (non-ephemeral) signing or X25519 keys, in memory and in storage. */
  List<KeyId> staticKeys(boolean signing) {
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

  /** Wipes a key from memory and, unless it is ephemeral, from storage. */
  boolean delete(KeyId keyId) {
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

  /** Wipes every key held in memory; storage keeps its keys. */
  void destroy() {
    destroyed = true;
    for (KeyId id : new ArrayList<>(keys.keySet())) {
      forget(id);
    }
  }

  /** Closes the storage, if any. */
  void closeStorage() {
    if (storage != null) {
      storage.close();
    }
  }

  private void checkAlive() {
    if (destroyed) {
      throw new IllegalStateException("vault has been destroyed");
    }
  }
}
