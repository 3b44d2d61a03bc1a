package io.ockamj.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;

/**
 * What implements the store: found with {@link ServiceLoader} by {@link Store#open} and
 * {@link VaultSecrets#open}; this project's is SQLite ({@code io.ockamj.store.sqlite.SqliteStoreProvider}).
 * A Postgres implementation, say, fills the same repositories. Applications call {@link Store#open}.
 */
public interface StoreProvider {

  /** How long a statement waits for another connection's lock by default: 5 s. */
  Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Opens (creating if needed) a store and brings its schema up to date.
   *
   * @param vertx the Vert.x instance
   * @param file where the store lives
   * @param busyTimeout how long a statement waits for another connection's lock
   * @return the store, or failed with a {@link StoreException}
   */
  Future<Store> open(Vertx vertx, Path file, Duration busyTimeout);

  /**
   * Opens (creating if needed) the secrets of a software vault kept in a file.
   *
   * @param file the node database or a vault file
   * @param busyTimeout how long a statement waits for another connection's lock
   * @return the open secrets
   * @throws StoreException if the file cannot be opened
   */
  VaultSecrets openSecrets(Path file, Duration busyTimeout);

  /**
   * @return the provider on the class path
   * @throws IllegalStateException if there is none
   */
  static StoreProvider get() {
    return StoreProviderHolder.PROVIDER;
  }
}

/** Loads the provider once, on first use. */
final class StoreProviderHolder {
  static final StoreProvider PROVIDER = ServiceLoader.load(StoreProvider.class, StoreProvider.class.getClassLoader())
    .findFirst()
    .orElseThrow(() -> new IllegalStateException("no store implementation on the class path (ockamj-store provides SQLite)"));

  private StoreProviderHolder() {
  }
}
