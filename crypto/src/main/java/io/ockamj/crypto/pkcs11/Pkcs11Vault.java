package io.ockamj.crypto.pkcs11;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SigningVault;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.pkcs11.Pkcs11Exception.Reason;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.ProviderException;
import java.security.PublicKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * A signing vault whose keys live on a PKCS#11 token, reached through the JDK's SunPKCS11 provider
 * (java-stack.md §A.6). It makes ECDSA P-256 keys only (Ockam's {@code ECDSASHA256CurveP256}, as for
 * AWS KMS, protocol §11.3): SunPKCS11 offers no Ed25519 or X25519. The private keys are generated on
 * the token, sensitive and not extractable, and never leave it; the vault signs with them there.
 * <p>
 * <b>Keys on the token.</b> Each key is stored under the alias {@code ockam-<KeyId hex>} (its
 * {@code CKA_LABEL} and {@code CKA_ID}) with a self-signed certificate, without which SunPKCS11's key
 * store would not list it. A key made in one process is found by any later one, in this JVM or
 * another.
 * <p>
 * <b>Sessions.</b> PKCS#11 log-in state belongs to the whole process, so the vaults opened on one
 * configuration file in a JVM share one provider, one log-in and one thread: a later
 * {@link #open} checks its PIN against the one that logged in (a salted hash kept in memory) rather
 * than being let in by the existing log-in, and the last {@link #close()} logs out.
 * <p>
 * <b>Threading and time-outs.</b> Every token operation runs on the session's thread and is waited
 * for at most the configured time-out; a token that does not answer fails the call with
 * {@link Reason#TIMEOUT} and later calls fail at once, until the stuck operation returns. Callers'
 * threads (never an event loop) are thus never held longer than the time-out. Thread-safe.
 * <p>
 * <b>Secrets.</b> The PIN is used to log in and wiped; it and key material never appear in messages
 * or logs.
 */
public final class Pkcs11Vault implements SigningVault, AutoCloseable {

  private static final System.Logger LOG = System.getLogger(Pkcs11Vault.class.getName());

  /** The default time-out of one token operation. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** Prefix of the aliases of the keys this vault makes. */
  public static final String ALIAS_PREFIX = "ockam-";

  private final TokenSession session;
  private final Path config;
  private final Duration timeout;
  private volatile boolean closed;

  /** A key found on the token: its private-key object and its public key. */
  record Key(String alias, PrivateKey privateKey, byte[] publicKey) {
  }

  private Pkcs11Vault(TokenSession session) {
    this.session = session;
    this.config = session.config;
    this.timeout = session.timeout;
  }

  /**
   * Loads the PKCS#11 module a SunPKCS11 configuration names and logs in to its token, with the
   * operation time-out the file sets in our key {@code ockamTimeout = 30s} (taken out of the text
   * SunPKCS11 reads; {@code 500ms}, {@code 30s}, {@code 2m} or seconds, at most 1 h), else the
   * {@link #DEFAULT_TIMEOUT}. If this JVM is already logged in to that configuration's token, the
   * session's time-out applies.
   *
   * @param config the SunPKCS11 configuration file ({@code name}, {@code library}, {@code slot} or
   *   {@code slotListIndex}, ..., and our {@code ockamTimeout})
   * @param pin the user PIN; copied, the caller should wipe its array
   * @return the vault
   * @throws Pkcs11Exception if the configuration, the module, the token or the PIN is wrong
   */
  public static Pkcs11Vault open(Path config, char[] pin) {
    return openWith(config, pin, null);
  }

  /**
   * Loads the module a SunPKCS11 configuration names and logs in to its token.
   *
   * @param config the SunPKCS11 configuration file
   * @param pin the user PIN; copied, the caller should wipe its array
   * @param timeout the longest a token operation (including the log-in) may take; overrides the
   *   configuration file's {@code ockamTimeout}
   * @return the vault
   * @throws Pkcs11Exception if the configuration, the module, the token or the PIN is wrong, or the
   *   token does not answer in time
   */
  public static Pkcs11Vault open(Path config, char[] pin, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("the time-out must be positive");
    }
    return openWith(config, pin, timeout);
  }

  private static Pkcs11Vault openWith(Path config, char[] pin, Duration timeout) {
    Objects.requireNonNull(config, "config");
    if (pin == null || pin.length == 0) {
      throw new Pkcs11Exception(Reason.PIN_MISSING, "no PIN for the PKCS#11 token of " + config);
    }
    Path absolute = config.toAbsolutePath().normalize();
    return new Pkcs11Vault(TokenSession.acquire(absolute, pin, timeout));
  }

  /**
   * @return the configuration file this vault was opened with
   */
  public Path config() {
    return config;
  }

  /**
   * @return the longest one token operation may take in this vault's session
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * @return {@link KeyType#P256} only
   */
  @Override
  public Set<KeyType> signingKeyTypes() {
    return EnumSet.of(KeyType.P256);
  }

  @Override
  public KeyId generateSigningKey(KeyType type) {
    if (!type.isSigning()) {
      throw new IllegalArgumentException(type + " is not a signing key type");
    }
    if (type != KeyType.P256) {
      throw new Pkcs11Exception(Reason.UNSUPPORTED, "a PKCS#11 vault makes P-256 keys (" + KeyType.P256.ockamName()
        + ") only, not " + type.ockamName() + " (SunPKCS11 has no Ed25519)");
    }
    return call("generating a P-256 key", () -> {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC", session.provider);
      g.initialize(new ECGenParameterSpec("secp256r1"));
      KeyPair pair = g.generateKeyPair();
      byte[] sec1 = sec1(pair.getPublic());
      KeyId id = KeyId.of(KeyType.P256, sec1);
      String alias = alias(id);
      X509Certificate cert = SelfSignedCertificate.create(alias, pair.getPublic(), tbs -> signDer(pair.getPrivate(), tbs));
      session.keyStore.setKeyEntry(alias, pair.getPrivate(), null, new Certificate[] {cert});
      LOG.log(System.Logger.Level.DEBUG, "generated P-256 key {0} on the PKCS#11 token of {1}", alias, config);
      return id;
    });
  }

  @Override
  public VerifyingPublicKey verifyingPublicKey(KeyId keyId) {
    return VerifyingPublicKey.p256(require(keyId).publicKey().clone());
  }

  @Override
  public Optional<KeyId> findSigningKey(VerifyingPublicKey publicKey) {
    if (publicKey.type() != KeyType.P256) {
      return Optional.empty();
    }
    KeyId id = KeyId.of(publicKey);
    return find(id).map(k -> id);
  }

  /**
   * As {@link SigningVault#findSigningKey(String)}, also taking the key's label on the token,
   * {@code ockam-<64 hex>}; the key is looked up on the token, not in the list of all keys.
   */
  @Override
  public Optional<KeyId> findSigningKey(String keyId) {
    Objects.requireNonNull(keyId, "keyId");
    String text = keyId.trim();
    KeyId id = keyIdOf(text);
    if (id == null) {
      if (text.startsWith(KeyType.P256.ockamName() + ":")) {
        text = text.substring(KeyType.P256.ockamName().length() + 1);
      }
      try {
        id = KeyId.fromHex(KeyType.P256, text);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    KeyId found = id;
    return find(found).map(k -> found);
  }

  @Override
  public Signature sign(KeyId keyId, byte[] message) {
    Objects.requireNonNull(message, "message");
    Key key = require(keyId);
    byte[] sig = call("signing with " + key.alias(), () -> {
      try {
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSAinP1363Format", session.provider);
        s.initSign(key.privateKey());
        s.update(message);
        return s.sign();
      } catch (GeneralSecurityException | ProviderException e) {
        if (Pkcs11Errors.isMissingObject(e)) {
          session.keys.remove(keyId);
          throw new Pkcs11Exception(Reason.KEY_MISSING, "key " + key.alias() + " is no longer on the PKCS#11 token of "
            + config, e);
        }
        throw e;
      }
    });
    if (sig.length != KeyType.P256.signatureLength()) {
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "the PKCS#11 token returned a " + sig.length + "-byte P-256 signature");
    }
    return Signature.of(KeyType.P256, sig);
  }

  @Override
  public boolean deleteSigningKey(KeyId keyId) {
    if (keyId.type() != KeyType.P256) {
      return false;
    }
    String alias = alias(keyId);
    session.keys.remove(keyId);
    return call("deleting " + alias, () -> {
      if (!session.keyStore.containsAlias(alias) && !(session.refresh() && session.keyStore.containsAlias(alias))) {
        return false;
      }
      session.keyStore.deleteEntry(alias);
      LOG.log(System.Logger.Level.DEBUG, "deleted key {0} from the PKCS#11 token of {1}", alias, config);
      return true;
    });
  }

  @Override
  public List<KeyId> signingKeys() {
    return call("listing keys", () -> {
      session.refresh();
      List<KeyId> out = new ArrayList<>();
      for (String alias : Collections.list(session.keyStore.aliases())) {
        KeyId id = keyIdOf(alias);
        if (id != null && session.keyStore.isKeyEntry(alias) && session.keyStore.getKey(alias, null) != null) {
          out.add(id);
        }
      }
      return out;
    });
  }

  /**
   * Logs out and stops the vault's thread. Keys stay on the token. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    session.release();
  }

  @Override
  public String toString() {
    return "Pkcs11Vault[" + config + (closed ? ", closed]" : "]");
  }

  // ---- internals

  /** The alias of a key on the token. */
  static String alias(KeyId keyId) {
    return ALIAS_PREFIX + keyId.hex();
  }

  private static KeyId keyIdOf(String alias) {
    if (!alias.startsWith(ALIAS_PREFIX) || alias.length() != ALIAS_PREFIX.length() + 2 * KeyId.LENGTH) {
      return null;
    }
    try {
      return KeyId.fromHex(KeyType.P256, alias.substring(ALIAS_PREFIX.length()));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Key require(KeyId keyId) {
    return find(keyId).orElseThrow(() -> new Pkcs11Exception(Reason.KEY_MISSING, "key " + alias(keyId)
      + " is not on the PKCS#11 token of " + config));
  }

  private Optional<Key> find(KeyId keyId) {
    Objects.requireNonNull(keyId, "keyId");
    if (keyId.type() != KeyType.P256) {
      return Optional.empty();
    }
    Key cached = session.keys.get(keyId);
    if (cached != null) {
      return Optional.of(cached);
    }
    String alias = alias(keyId);
    Key found = call("looking up " + alias, () -> {
      if (!session.keyStore.isKeyEntry(alias) && !(session.refresh() && session.keyStore.isKeyEntry(alias))) {
        return null;
      }
      java.security.Key k = session.keyStore.getKey(alias, null);
      Certificate cert = session.keyStore.getCertificate(alias);
      if (!(k instanceof PrivateKey) || cert == null) {
        return null;
      }
      byte[] pub = sec1(cert.getPublicKey());
      if (!KeyId.of(KeyType.P256, pub).equals(keyId)) {
        throw new Pkcs11Exception(Reason.TOKEN_ERROR, "the certificate of " + alias + " on the PKCS#11 token of "
          + config + " does not hold the key's public key");
      }
      return new Key(alias, (PrivateKey) k, pub);
    });
    if (found == null) {
      return Optional.empty();
    }
    session.keys.put(keyId, found);
    return Optional.of(found);
  }

  private byte[] signDer(PrivateKey key, byte[] data) {
    try {
      java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA", session.provider);
      s.initSign(key);
      s.update(data);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "the PKCS#11 token cannot sign: " + Pkcs11Errors.deepest(e), e);
    }
  }

  /** The 65-byte uncompressed SEC1 encoding of a P-256 public key. */
  static byte[] sec1(PublicKey key) {
    if (!(key instanceof ECPublicKey) || ((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() != 256) {
      throw new Pkcs11Exception(Reason.UNSUPPORTED, "not a P-256 public key: " + key.getAlgorithm());
    }
    ECPoint w = ((ECPublicKey) key).getW();
    byte[] out = new byte[65];
    out[0] = 0x04;
    fixed(w.getAffineX(), out, 1);
    fixed(w.getAffineY(), out, 33);
    return out;
  }

  private static void fixed(BigInteger v, byte[] out, int offset) {
    byte[] b = v.toByteArray();
    int n = Math.min(b.length, 32);
    System.arraycopy(b, b.length - n, out, offset + 32 - n, n);
  }

  /** Runs a token operation on the session's thread, unless this vault is closed. */
  private <T> T call(String what, Callable<T> op) {
    if (closed) {
      throw new IllegalStateException("the PKCS#11 vault of " + config + " is closed");
    }
    return session.call(what, op);
  }
}
