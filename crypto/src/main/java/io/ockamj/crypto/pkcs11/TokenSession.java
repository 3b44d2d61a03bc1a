package io.ockamj.crypto.pkcs11;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.pkcs11.Pkcs11Exception.Reason;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.AuthProvider;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One log-in to the token of a SunPKCS11 configuration file, shared by the {@link Pkcs11Vault}s
 * opened on it in this JVM: the provider and key store, the PIN check for later openers, the
 * session's single thread with its time-out, the cache of keys found, and the log-out when the last
 * vault is closed. The vault runs the key operations through {@link #call(String, Callable)}.
 */
final class TokenSession {

  private static final System.Logger LOG = System.getLogger(Pkcs11Vault.class.getName());

  private static final AtomicInteger THREADS = new AtomicInteger();

  // Our template for generated EC private keys, appended to the user's configuration so that it
  // wins: the key is sensitive and never extractable (it becomes a token object when stored).
  private static final String KEY_TEMPLATE = "\n"
    + "attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {\n"
    + "  CKA_SENSITIVE = true\n"
    + "  CKA_EXTRACTABLE = false\n"
    + "  CKA_SIGN = true\n"
    + "}\n";

  private static final Map<Path, TokenSession> SESSIONS = new HashMap<>();

  final Path config;
  final Duration timeout;
  final Map<KeyId, Pkcs11Vault.Key> keys = new ConcurrentHashMap<>();
  private final ExecutorService executor;
  private final AtomicReference<Future<?>> stuck = new AtomicReference<>();
  private final byte[] pinSalt = new byte[16];
  private byte[] pinHash;
  private int refs;
  volatile Provider provider;
  volatile KeyStore keyStore;

  private TokenSession(Path config, Duration timeout) {
    this.config = config;
    this.timeout = timeout;
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ockam-pkcs11-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * The session of a configuration: the existing one if this JVM is logged in to it (after checking
   * the PIN against the one that logged in), else a new log-in with the given time-out, or if that
   * is {@code null} the one the configuration file sets ({@link Pkcs11Config}), else the default.
   */
  static TokenSession acquire(Path absolute, char[] pin, Duration timeout) {
    synchronized (SESSIONS) {
      TokenSession existing = SESSIONS.get(absolute);
      if (existing != null) {
        if (!MessageDigest.isEqual(existing.pinHash, pinHash(existing.pinSalt, pin))) {
          throw new Pkcs11Exception(Reason.WRONG_PIN, "wrong PIN for the PKCS#11 token of " + absolute);
        }
        existing.refs++;
        return existing;
      }
      Pkcs11Config parsed = Pkcs11Config.parse(readConfig(absolute), absolute);
      String text = parsed.providerText();
      Duration chosen = timeout != null ? timeout
        : parsed.timeout() != null ? parsed.timeout() : Pkcs11Vault.DEFAULT_TIMEOUT;
      TokenSession fresh = new TokenSession(absolute, chosen);
      char[] pinCopy = pin.clone();
      try {
        fresh.call("logging in", () -> {
          fresh.login(text, pinCopy);
          return null;
        });
      } catch (RuntimeException e) {
        fresh.executor.shutdownNow();
        throw e;
      } finally {
        Arrays.fill(pinCopy, '\0');
      }
      new SecureRandom().nextBytes(fresh.pinSalt);
      fresh.pinHash = pinHash(fresh.pinSalt, pin);
      fresh.refs = 1;
      SESSIONS.put(absolute, fresh);
      LOG.log(System.Logger.Level.DEBUG, "logged in to the PKCS#11 token of {0}", absolute);
      return fresh;
    }
  }

  /** Drops one vault's reference; the last one logs out and stops the thread. */
  void release() {
    synchronized (SESSIONS) {
      if (--refs > 0) {
        return;
      }
      SESSIONS.remove(config, this);
    }
    keys.clear();
    Provider p = provider;
    if (p instanceof AuthProvider && stuck.get() == null) {
      Future<?> f = executor.submit(() -> {
        ((AuthProvider) p).logout();
        return null;
      });
      try {
        f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.log(System.Logger.Level.DEBUG, "logging out of the PKCS#11 token of {0} failed: {1}", config,
          Pkcs11Errors.deepest(e));
      }
    }
    executor.shutdownNow();
  }

  private static byte[] pinHash(byte[] salt, char[] pin) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(salt);
      // no String: the PIN's bytes are wiped once hashed
      java.nio.ByteBuffer utf8 = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(pin));
      d.update(utf8.duplicate());
      if (utf8.hasArray()) {
        Arrays.fill(utf8.array(), (byte) 0);
      }
      return d.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String readConfig(Path config) {
    try {
      return Files.readString(config, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new Pkcs11Exception(Reason.CONFIG_INVALID, "PKCS#11 configuration file not found: " + config, e);
    } catch (IOException | RuntimeException e) {
      throw new Pkcs11Exception(Reason.CONFIG_INVALID, "cannot read PKCS#11 configuration file " + config + ": " + e, e);
    }
  }

  private void login(String configText, char[] pin) {
    Provider base = Security.getProvider("SunPKCS11");
    if (base == null) {
      throw new Pkcs11Exception(Reason.UNSUPPORTED, "this JVM has no SunPKCS11 provider (module jdk.crypto.cryptoki)");
    }
    Provider p;
    try {
      p = base.configure("--" + configText + KEY_TEMPLATE);
    } catch (RuntimeException e) {
      throw Pkcs11Errors.openFailure(e, config);
    }
    KeyStore ks;
    try {
      ks = KeyStore.getInstance("PKCS11", p);
      ks.load(null, pin);
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw Pkcs11Errors.openFailure(e, config);
    }
    provider = p;
    keyStore = ks;
  }

  /**
   * Re-reads the token's objects: SunPKCS11's key store maps them once, when loaded, and would not
   * see keys another process added or removed. The session is logged in, so no PIN is needed.
   * Call on the session's thread.
   */
  boolean refresh() throws IOException, GeneralSecurityException {
    keyStore.load(null, null);
    return true;
  }

  /** Runs a token operation on the session's thread, waiting at most the time-out. */
  <T> T call(String what, Callable<T> op) {
    Future<?> previous = stuck.get();
    if (previous != null) {
      if (!previous.isDone()) {
        throw new Pkcs11Exception(Reason.TIMEOUT, "the PKCS#11 token of " + config + " has not answered an earlier "
          + "operation for more than " + timeout.toMillis() + " ms; " + what + " refused");
      }
      stuck.compareAndSet(previous, null);
    }
    Future<T> f;
    try {
      f = executor.submit(op);
    } catch (RejectedExecutionException e) {
      throw new IllegalStateException("the PKCS#11 vault of " + config + " is closed", e);
    }
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      stuck.set(f);
      throw new Pkcs11Exception(Reason.TIMEOUT, "the PKCS#11 token of " + config + " did not answer within "
        + timeout.toMillis() + " ms (" + what + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Pkcs11Exception(Reason.TIMEOUT, "interrupted while " + what + " on the PKCS#11 token of " + config, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof Pkcs11Exception) {
        throw (Pkcs11Exception) cause;
      }
      if (Pkcs11Errors.isMissingObject(cause)) {
        throw new Pkcs11Exception(Reason.KEY_MISSING, "a key is no longer on the PKCS#11 token of " + config
          + " (" + what + ")", cause);
      }
      throw new Pkcs11Exception(Reason.TOKEN_ERROR, "the PKCS#11 token of " + config + " failed " + what + ": "
        + Pkcs11Errors.deepest(cause), cause);
    }
  }
}
