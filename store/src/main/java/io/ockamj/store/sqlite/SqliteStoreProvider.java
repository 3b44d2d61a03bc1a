package io.ockamj.store.sqlite;

import io.ockamj.store.Store;
import io.ockamj.store.StoreProvider;
import io.ockamj.store.VaultSecrets;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The SQLite store: a database file migrated with {@link Migrator#defaults()}, through
 * vertx-jdbc-client. Found by {@link Store#open} with {@link java.util.ServiceLoader}.
 */
public final class SqliteStoreProvider implements StoreProvider {

  @Override
  public Future<Store> open(Vertx vertx, Path file, Duration busyTimeout) {
    return SqliteStore.open(vertx, file, busyTimeout, Migrator.defaults());
  }

  @Override
  public VaultSecrets openSecrets(Path file, Duration busyTimeout) {
    return SqliteVaultSecrets.open(file, busyTimeout);
  }
}
