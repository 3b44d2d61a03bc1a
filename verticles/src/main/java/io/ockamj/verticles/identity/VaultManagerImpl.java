package io.ockamj.verticles.identity;

import io.ockamj.crypto.Vault;
import io.ockamj.crypto.pkcs11.Pkcs11Vault;
import io.ockamj.node.spi.CryptoWorkers;
import io.ockamj.store.IdentityRecord;
import io.ockamj.store.Store;
import io.ockamj.store.StoreException;
import io.ockamj.store.VaultRecord;
import io.ockamj.store.VaultRecord.Kind;
import io.ockamj.store.VaultSecrets;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@link VaultManager} on a {@link Store}.
 */
final class VaultManagerImpl implements VaultManager {

  private static final System.Logger LOG = System.getLogger(VaultManagerImpl.class.getName());
  private static final int MAX_NAME_LENGTH = 128;

  private final Store store;
  private final Path home;
  private final Vertx vertx;
  private final OpenVaults opened;

  /**
   * Creates a manager. Secrets files of new vaults go next to the store's database file.
   *
   * @param vertx the Vert.x instance
   * @param store the store
   * @param env reads environment variables ({@code System::getenv})
   */
  VaultManagerImpl(Vertx vertx, Store store, Function<String, String> env) {
    this.store = Objects.requireNonNull(store, "store");
    this.home = store.path().getParent();
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.opened = new OpenVaults(this.vertx, store.path(), Objects.requireNonNull(env, "env"));
  }

  /**
   * Runs blocking vault work on the crypto workers (a PKCS#11 token may block for long).
   *
   * @param work the work
   * @param <T> its result type
   * @return a future with its result
   */
  <T> Future<T> blocking(Callable<T> work) {
    return CryptoWorkers.of(vertx).run(work);
  }

  // ---- records

  @Override
  public Future<VaultRecord> create(String name, Path path) {
    return store.vaults().list().compose(all -> {
      String n = name != null ? name : all.isEmpty() ? DEFAULT_VAULT_NAME : randomName();
      checkName(n);
      if (all.stream().anyMatch(v -> v.name().equals(n))) {
        return Future.failedFuture(alreadyExists(n));
      }
      boolean hasDatabaseVault = all.stream().anyMatch(v -> v.kind() == Kind.DATABASE);
      if (path == null && !hasDatabaseVault) {
        return save(new VaultRecord(n, Kind.DATABASE, null, null, null, false, Instant.now()));
      }
      Path file = (path != null ? path : home.resolve("vault-" + n)).toAbsolutePath().normalize();
      Optional<VaultRecord> taken = all.stream().filter(v -> file.toString().equals(v.path())).findFirst();
      if (taken.isPresent()) {
        return Future.failedFuture(new IdentityManagerException(Reason.ALREADY_EXISTS, "the vault path " + file
          + " is already used by the vault '" + taken.get().name() + "'"));
      }
      return blocking(() -> {
        if (Files.exists(file)) {
          throw new IdentityManagerException(Reason.ALREADY_EXISTS, "the vault path " + file + " already exists");
        }
        VaultSecrets.open(file).close();
        return null;
      }).compose(v -> save(new VaultRecord(n, Kind.FILE, file.toString(), null, null, false, Instant.now())));
    });
  }

  @Override
  public Future<VaultRecord> createPkcs11(String name, Path pkcs11Config, Path pinFile) {
    Objects.requireNonNull(pkcs11Config, "pkcs11Config");
    return store.vaults().list().compose(all -> {
      String n = name != null ? name : randomName();
      checkName(n);
      if (all.stream().anyMatch(v -> v.name().equals(n))) {
        return Future.failedFuture(alreadyExists(n));
      }
      Path config = pkcs11Config.toAbsolutePath().normalize();
      Path pins = pinFile == null ? null : pinFile.toAbsolutePath().normalize();
      Path file = home.resolve("vault-" + n).toAbsolutePath().normalize();
      VaultRecord record = new VaultRecord(n, Kind.PKCS11, file.toString(), config.toString(),
        pins == null ? null : pins.toString(), false, Instant.now());
      return blocking(() -> {
        // log in once now, so that a wrong module, token or PIN is reported here
        try (Pkcs11Vault token = openToken(record)) {
          LOG.log(System.Logger.Level.DEBUG, "PKCS#11 vault {0}: the token holds {1} Ockam keys", n,
            token.signingKeys().size());
        }
        if (!Files.exists(file)) {
          VaultSecrets.open(file).close();
        }
        return null;
      }).compose(v -> save(record));
    });
  }

  private Future<VaultRecord> save(VaultRecord record) {
    return store.vaults().create(record)
      .recover(err -> Future.failedFuture(isConstraint(err)
        ? new IdentityManagerException(Reason.ALREADY_EXISTS, err.getMessage()) : err))
      .compose(v -> require(record.name()))
      .onSuccess(r -> LOG.log(System.Logger.Level.DEBUG, "created {0} vault {1}", r.kind().column(), r.name()));
  }

  @Override
  public Future<Optional<VaultRecord>> get(String name) {
    return store.vaults().get(Objects.requireNonNull(name, "name"));
  }

  @Override
  public Future<List<VaultRecord>> list() {
    return store.vaults().list();
  }

  @Override
  public Future<VaultRecord> getOrCreate(String name) {
    return get(name).compose(found -> found.isPresent() ? Future.succeededFuture(found.get()) : create(name, null));
  }

  @Override
  public Future<VaultRecord> getOrCreateDefault() {
    return list().compose(all -> {
      if (all.isEmpty()) {
        // another process (two nodes created at once on a fresh home) may make it first: use that one
        return create(DEFAULT_VAULT_NAME, null).recover(err -> get(DEFAULT_VAULT_NAME).compose(made -> made.isPresent()
          ? Future.succeededFuture(made.get()) : Future.failedFuture(err)));
      }
      if (all.size() == 1) {
        return Future.succeededFuture(all.get(0));
      }
      return Future.failedFuture(new IdentityManagerException(Reason.VAULT_AMBIGUOUS, "There are " + all.size()
        + " vaults, please specify which vault should be used"));
    });
  }

  /** The vault of identities stored before vaults existed: the database vault, made if missing. */
  Future<VaultRecord> databaseVault() {
    return list().compose(all -> {
      for (VaultRecord v : all) {
        if (v.kind() == Kind.DATABASE) {
          return Future.succeededFuture(v);
        }
      }
      return create(all.stream().anyMatch(v -> v.name().equals(DEFAULT_VAULT_NAME)) ? randomName() : DEFAULT_VAULT_NAME,
        null);
    });
  }

  @Override
  public Future<Void> move(String name, Path path) {
    return require(name).compose(v -> {
      if (v.kind() == Kind.DATABASE) {
        return Future.failedFuture(new IdentityManagerException(Reason.VAULT_UNAVAILABLE, "The vault " + name + " cannot be moved to "
          + path + " because this is the default vault"));
      }
      if (v.kind() == Kind.PKCS11) {
        return Future.failedFuture(new IdentityManagerException(Reason.VAULT_UNAVAILABLE, "The vault " + name + " cannot be moved to "
          + path + " because its keys are on a PKCS#11 token"));
      }
      Path from = Path.of(v.path());
      Path to = path.toAbsolutePath();
      return closeOne(name)
        .compose(x -> blocking(() -> {
          if (to.getParent() != null) {
            Files.createDirectories(to.getParent());
          }
          // with the write-ahead log, if the vault left one
          for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Path f = from.resolveSibling(from.getFileName() + suffix);
            if (suffix.isEmpty() || Files.exists(f)) {
              Files.copy(f, to.resolveSibling(to.getFileName() + suffix), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
          }
          return null;
        }))
        .compose(x -> store.vaults().updatePath(name, to.toString()))
        .compose(x -> blocking(() -> {
          for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(from.resolveSibling(from.getFileName() + suffix));
          }
          return null;
        }))
        .mapEmpty();
    });
  }

  @Override
  public Future<Boolean> delete(String name) {
    return get(name).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(false);
      }
      VaultRecord v = found.get();
      return store.identities().list().compose(ids -> {
        List<String> users = new ArrayList<>();
        for (IdentityRecord r : ids) {
          if (name.equals(r.vaultName()) || r.vaultName() == null && r.name() != null && v.kind() == Kind.DATABASE) {
            users.add(r.name());
          }
        }
        if (!users.isEmpty()) {
          return Future.failedFuture(new IdentityManagerException(Reason.VAULT_IN_USE, "the vault " + name
            + " cannot be deleted. It is used by the following identities: " + String.join(", ", users)));
        }
        return closeOne(name)
          .compose(x -> blocking(() -> {
            if (v.kind() == Kind.DATABASE) {
              try (VaultSecrets secrets = VaultSecrets.open(store.path())) {
                secrets.deleteAll();
              }
            } else {
              Path file = Path.of(v.path());
              for (String suffix : new String[] {"", "-wal", "-shm"}) {
                Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
              }
            }
            return null;
          }))
          .compose(x -> store.vaults().delete(name))
          .onSuccess(x -> LOG.log(System.Logger.Level.DEBUG, "deleted vault {0}", name));
      });
    });
  }

  // ---- open vaults

  @Override
  public Future<Vault> open(String name) {
    Objects.requireNonNull(name, "name");
    return opened.open(name, () -> require(name));
  }

  private Future<Void> closeOne(String name) {
    return opened.closeOne(name);
  }

  @Override
  public Future<Void> close() {
    return opened.close();
  }

  /** Logs in to the token of a PKCS#11 vault (blocking), see {@link OpenVaults#openToken}. */
  private Pkcs11Vault openToken(VaultRecord record) {
    return opened.openToken(record);
  }

  // ---- helpers

  private Future<VaultRecord> require(String name) {
    return get(name).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
      : Future.failedFuture(new IdentityManagerException(Reason.NOT_FOUND, "no vault found with name " + name)));
  }

  private static String randomName() {
    byte[] b = new byte[4];
    new SecureRandom().nextBytes(b);
    return "vault-" + HexFormat.of().formatHex(b);
  }

  static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IdentityManagerException(Reason.INVALID_NAME, "a vault name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IdentityManagerException(Reason.INVALID_NAME, "a vault name is at most " + MAX_NAME_LENGTH
        + " characters");
    }
    if (name.chars().anyMatch(c -> Character.isISOControl(c) || c == '/' || c == '\\')) {
      throw new IdentityManagerException(Reason.INVALID_NAME,
        "a vault name must not contain control characters or path separators");
    }
  }

  private static boolean isConstraint(Throwable err) {
    return err instanceof StoreException && ((StoreException) err).reason() == StoreException.Reason.CONSTRAINT;
  }

  private static IdentityManagerException alreadyExists(String name) {
    return new IdentityManagerException(Reason.ALREADY_EXISTS, "a vault named '" + name + "' already exists");
  }
}
