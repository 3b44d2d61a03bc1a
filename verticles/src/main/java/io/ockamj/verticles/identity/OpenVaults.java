package io.ockamj.verticles.identity;

import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.Vault;
import io.ockamj.crypto.VaultException;
import io.ockamj.crypto.pkcs11.Pkcs11Exception;
import io.ockamj.crypto.pkcs11.Pkcs11Vault;
import io.ockamj.node.spi.CryptoWorkers;
import io.ockamj.store.StoreException;
import io.ockamj.store.VaultRecord;
import io.ockamj.store.VaultSecrets;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The vaults a {@link VaultManagerImpl} has opened, by name: opening one from its record (software
 * vault on the database or a secrets file, or a PKCS#11 token combined with a secrets file) on the
 * crypto workers, sharing it between callers, and closing it. The manager keeps the records.
 */
final class OpenVaults {

  private static final System.Logger LOG = System.getLogger(VaultManagerImpl.class.getName());

  private final Vertx vertx;
  private final Path databaseFile;
  private final Function<String, String> env;
  private final Map<String, Future<Vault>> open = new HashMap<>();
  private boolean closed;

  OpenVaults(Vertx vertx, Path databaseFile, Function<String, String> env) {
    this.vertx = vertx;
    this.databaseFile = databaseFile;
    this.env = env;
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return CryptoWorkers.of(vertx).run(work);
  }

  /** The open vault of that name, opened from the record {@code lookup} finds if not open yet. */
  Future<Vault> open(String name, Supplier<Future<VaultRecord>> lookup) {
    synchronized (open) {
      if (closed) {
        return Future.failedFuture(new IllegalStateException("the vault manager is closed"));
      }
      Future<Vault> f = open.get(name);
      if (f != null && !f.failed()) {
        return f;
      }
      f = lookup.get().compose(r -> blocking(() -> openNow(r)));
      open.put(name, f);
      f.onFailure(err -> {
        synchronized (open) {
          open.remove(name);
        }
      });
      return f;
    }
  }

  private Vault openNow(VaultRecord r) {
    switch (r.kind()) {
      case DATABASE:
        return software(databaseFile);
      case FILE:
        return software(Path.of(r.path()));
      case PKCS11:
      default:
        Pkcs11Vault token = openToken(r);
        try {
          return Vault.combine(token, software(Path.of(r.path())));
        } catch (RuntimeException e) {
          token.close();
          throw e;
        }
    }
  }

  private static SoftwareVault software(Path file) {
    try {
      return SoftwareVault.create(new StoreSecretStorage(VaultSecrets.open(file)));
    } catch (StoreException e) {
      throw new IdentityManagerException(Reason.VAULT_UNAVAILABLE, "the vault secrets in " + file
        + " cannot be opened: " + e.getMessage(), e);
    }
  }

  /** Logs in to the token of a PKCS#11 vault (blocking); the PIN comes from {@link TokenPins}. */
  Pkcs11Vault openToken(VaultRecord r) {
    char[] pin = TokenPins.pin(r, env);
    try {
      return Pkcs11Vault.open(Path.of(r.pkcs11Config()), pin);
    } catch (Pkcs11Exception e) {
      throw new IdentityManagerException(Reason.VAULT_UNAVAILABLE, "vault '" + r.name() + "': " + e.getMessage(), e);
    } finally {
      Arrays.fill(pin, '\0');
    }
  }

  /** Closes one vault if it is open (before its record is deleted). */
  Future<Void> closeOne(String name) {
    Future<Vault> f;
    synchronized (open) {
      f = open.remove(name);
    }
    if (f == null) {
      return Future.succeededFuture();
    }
    return f.transform(ar -> ar.succeeded() ? blocking(() -> {
      ar.result().close();
      return null;
    }) : Future.succeededFuture());
  }

  /** Closes every open vault; later opens fail. Never fails. */
  Future<Void> close() {
    List<String> names;
    synchronized (open) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      names = new ArrayList<>(open.keySet());
    }
    List<Future<Void>> all = names.stream().map(this::closeOneAfterClose).collect(Collectors.toList());
    return Future.join(all).<Void>mapEmpty().recover(err -> Future.succeededFuture());
  }

  private Future<Void> closeOneAfterClose(String name) {
    Future<Vault> f;
    synchronized (open) {
      f = open.remove(name);
    }
    if (f == null) {
      return Future.succeededFuture();
    }
    return f.transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture();
      }
      return blocking(() -> {
        try {
          ar.result().close();
        } catch (VaultException | IllegalStateException e) {
          LOG.log(System.Logger.Level.DEBUG, "closing vault {0}: {1}", name, e.getMessage());
        }
        return null;
      });
    });
  }
}
