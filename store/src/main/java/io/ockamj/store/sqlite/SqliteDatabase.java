package io.ockamj.store.sqlite;

import io.ockamj.store.StoreException;
import io.ockamj.store.StoreException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * {@link Database} on one SQLite file through a single-connection {@link JDBCPool}.
 */
public final class SqliteDatabase implements Database {

  private static final System.Logger LOG = System.getLogger(SqliteDatabase.class.getName());

  private final Vertx vertx;
  private final Path path;
  private final Pool pool;
  private volatile boolean closed;

  private SqliteDatabase(Vertx vertx, Path path, Pool pool) {
    this.vertx = vertx;
    this.path = path;
    this.pool = pool;
  }

  /**
   * Opens a database file; see {@link Database#open(Vertx, Path, Duration)}.
   *
   * @param vertx the Vert.x instance
   * @param file the database file
   * @param busyTimeout the busy timeout
   * @return the open database
   */
  public static Future<Database> open(Vertx vertx, Path file, Duration busyTimeout) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    if (busyTimeout.isNegative()) {
      return Future.failedFuture(new IllegalArgumentException("negative busy timeout: " + busyTimeout));
    }
    Path path = file.toAbsolutePath().normalize();
    if (path.toString().indexOf('?') >= 0) {
      // sqlite-jdbc reads everything after '?' in the URL as connection options
      return Future.failedFuture(new StoreException(Reason.CANNOT_OPEN,
          "database path must not contain '?': " + path));
    }
    return vertx.<Void>executeBlocking(() -> {
      prepareFile(path);
      return null;
    }, false).compose(v -> {
      Pool pool = JDBCPool.pool(vertx, dataSource(path, busyTimeout), new PoolOptions().setMaxSize(1));
      SqliteDatabase db = new SqliteDatabase(vertx, path, pool);
      return db.initialize()
          .<Database>map(db)
          .recover(err -> pool.close().transform(ignored -> Future.failedFuture(err)));
    });
  }

  private static SQLiteDataSource dataSource(Path path, Duration busyTimeout) {
    SQLiteConfig config = new SQLiteConfig();
    // Applied by sqlite-jdbc on every new connection, so they survive a reconnect of the pool.
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + path);
    return ds;
  }

  // Runs on a worker thread.
  static void prepareFile(Path path) {
    Path parent = path.getParent();
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (parent != null && !Files.isDirectory(parent)) {
        if (posix) {
          Files.createDirectories(parent,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(parent);
        }
      }
      if (Files.isDirectory(path)) {
        throw new StoreException(Reason.CANNOT_OPEN, "database path is a directory: " + path);
      }
      if (!Files.exists(path)) {
        // An empty file is a valid new SQLite database; creating it ourselves sets its permissions,
        // which SQLite copies to the -wal and -shm files.
        try {
          if (posix) {
            Files.createFile(path,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          } else {
            Files.createFile(path);
          }
          LOG.log(System.Logger.Level.DEBUG, "created database file {0}", path);
        } catch (FileAlreadyExistsException raced) {
          // another opener created it first
        }
      }
    } catch (IOException e) {
      throw new StoreException(Reason.CANNOT_OPEN, "cannot create database file: " + path + " (" + e + ")", e);
    }
  }

  private Future<Void> initialize() {
    return withConnection(conn -> conn.query("PRAGMA journal_mode = WAL").execute()
        .compose(rows -> {
          String mode = String.valueOf(rows.iterator().next().getValue(0)).toLowerCase(Locale.ROOT);
          if (!"wal".equals(mode)) {
            LOG.log(System.Logger.Level.WARNING, "journal mode of {0} is {1}, not wal", path, mode);
          }
          return conn.query("PRAGMA foreign_keys = ON").execute();
        })
        // reads the schema, so a damaged file fails here rather than on first use
        .compose(ignored -> conn.query("SELECT count(*) FROM sqlite_schema").execute())
        .<Void>mapEmpty())
        .onSuccess(v -> LOG.log(System.Logger.Level.DEBUG, "opened database {0}", path));
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public Future<RowSet<Row>> execute(String sql, Tuple params) {
    if (closed) {
      return closedFailure();
    }
    return pool.preparedQuery(sql).execute(params).recover(this::mapped);
  }

  @Override
  public <T> Future<T> withConnection(Function<SqlConnection, Future<T>> work) {
    if (closed) {
      return closedFailure();
    }
    return pool.withConnection(work).recover(this::mapped);
  }

  /**
   * {@inheritDoc}
   * <p>
   * Implemented with explicit {@code BEGIN IMMEDIATE} / {@code COMMIT} / {@code ROLLBACK} statements rather
   * than {@code Pool.withTransaction}: vertx-jdbc-client 5.0.10 leaves the JDBC connection with
   * auto-commit off after any transaction (vert-x3/vertx-jdbc-client#356), so later auto-commit writes
   * would silently never be committed. {@code IMMEDIATE} takes the write lock up front, so a transaction
   * never fails half-way because another process wrote first.
   */
  @Override
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) {
    if (closed) {
      return closedFailure();
    }
    Objects.requireNonNull(work, "work");
    return pool.withConnection(conn -> conn.query("BEGIN IMMEDIATE").execute().compose(begun -> {
      Future<T> result;
      try {
        result = Objects.requireNonNull(work.apply(conn), "transaction work returned null");
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      return result.transform(ar -> {
        if (ar.failed()) {
          return rollback(conn).transform(ignored -> Future.<T>failedFuture(ar.cause()));
        }
        return conn.query("COMMIT").execute()
            .map(committed -> ar.result())
            .recover(commitFailure -> rollback(conn).transform(ignored -> Future.<T>failedFuture(commitFailure)));
      });
    })).recover(this::mapped);
  }

  // SQLite may already have rolled back by itself (then ROLLBACK fails with "no transaction is active").
  private Future<Void> rollback(SqlConnection conn) {
    return conn.query("ROLLBACK").execute().<Void>mapEmpty().recover(err -> {
      LOG.log(System.Logger.Level.DEBUG, "rollback on {0} failed: {1}", path, err.getMessage());
      return Future.succeededFuture();
    });
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public Future<Void> close() {
    if (closed) {
      return Future.succeededFuture();
    }
    closed = true;
    return pool.close().onSuccess(v -> LOG.log(System.Logger.Level.DEBUG, "closed database {0}", path));
  }

  private <T> Future<T> mapped(Throwable failure) {
    return Future.failedFuture(SqliteErrors.map(failure, path));
  }

  private <T> Future<T> closedFailure() {
    return Future.failedFuture(new StoreException(Reason.CLOSED, "database is closed: " + path));
  }

  @Override
  public String toString() {
    return "SqliteDatabase[" + path + "]";
  }
}
