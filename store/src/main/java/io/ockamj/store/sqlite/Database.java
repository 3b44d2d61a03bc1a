package io.ockamj.store.sqlite;

import io.ockamj.store.StoreException;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * One SQLite database file, accessed through a Vert.x JDBC pool with a single connection.
 * <p>
 * Opening a database creates missing parent directories, creates the file if needed (readable and
 * writable by the owner only, where the file system supports POSIX permissions), and configures the
 * connection with {@code PRAGMA journal_mode = WAL}, {@code PRAGMA foreign_keys = ON}, a busy timeout
 * and {@code BEGIN IMMEDIATE} transactions (so that two processes sharing the file queue for the write
 * lock instead of failing half-way through a transaction).
 * <p>
 * <b>Threading.</b> JDBC runs on Vert.x worker threads and file-system work goes through
 * {@code executeBlocking}, so every method may be called from an event loop. Because the pool has a
 * single connection, work submitted concurrently is queued and executed one unit at a time, in
 * submission order.
 * <p>
 * <b>Failures.</b> SQLite failures are mapped to {@link StoreException}s: a file that is not a SQLite
 * database yields {@link StoreException.Reason#NOT_A_DATABASE} ("not a SQLite database: /path"), a file
 * locked by someone else {@link StoreException.Reason#LOCKED}, a constraint violation
 * {@link StoreException.Reason#CONSTRAINT}, and so on.
 * <p>
 * <b>Nesting.</b> Functions passed to {@link #withConnection} or {@link #withTransaction} must use only
 * the connection they are given. Calling back into this database (or a repository on it) from inside
 * such a function waits for the single connection that the function itself holds, and never completes.
 */
public interface Database {

  /**
   * How long a statement waits for a lock held by another connection before failing with
   * {@link StoreException.Reason#LOCKED}.
   */
  Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

  /**
   * Opens (creating if needed) a database file with the {@link #DEFAULT_BUSY_TIMEOUT}.
   *
   * @param vertx the Vert.x instance whose worker pool runs the JDBC calls
   * @param file the database file; missing parent directories are created
   * @return a future completed with the open database, or failed with a {@link StoreException}
   *     (the pool is closed again if opening fails)
   */
  static Future<Database> open(Vertx vertx, Path file) {
    return open(vertx, file, DEFAULT_BUSY_TIMEOUT);
  }

  /**
   * Opens (creating if needed) a database file.
   *
   * @param vertx the Vert.x instance whose worker pool runs the JDBC calls
   * @param file the database file; missing parent directories are created
   * @param busyTimeout how long a statement waits for another connection's lock, at least 0
   * @return a future completed with the open database, or failed with a {@link StoreException}
   *     (the pool is closed again if opening fails)
   */
  static Future<Database> open(Vertx vertx, Path file, Duration busyTimeout) {
    return SqliteDatabase.open(vertx, file, busyTimeout);
  }

  /**
   * Returns the Vert.x instance this database runs on.
   *
   * @return the Vert.x instance
   */
  Vertx vertx();

  /**
   * Returns the absolute, normalized path of the database file.
   *
   * @return the path
   */
  Path path();

  /**
   * Runs one SQL statement with positional parameters ({@code ?}) outside an explicit transaction.
   *
   * @param sql a single SQL statement
   * @param params its parameters; {@code byte[]} values are bound as BLOBs
   * @return a future completed with the rows (empty for statements that return none), or failed with a
   *     {@link StoreException}
   */
  Future<RowSet<Row>> execute(String sql, Tuple params);

  /**
   * Borrows the connection, runs {@code work} with it, and gives it back when the returned future
   * completes. Statements run in auto-commit mode.
   *
   * @param work what to do with the connection; must use only that connection
   * @param <T> the result type
   * @return a future with {@code work}'s result; SQL failures are mapped to {@link StoreException}s,
   *     other failures of {@code work} are passed through unchanged
   */
  <T> Future<T> withConnection(Function<SqlConnection, Future<T>> work);

  /**
   * Borrows the connection, begins a transaction, runs {@code work}, and commits if the future returned
   * by {@code work} succeeds or rolls back if it fails. Either all of {@code work}'s writes land or none.
   *
   * @param work what to do inside the transaction; must use only the given connection and must not
   *     issue {@code BEGIN}, {@code COMMIT} or {@code ROLLBACK} itself
   * @param <T> the result type
   * @return a future with {@code work}'s result once committed; SQL failures are mapped to
   *     {@link StoreException}s, other failures of {@code work} are passed through unchanged
   */
  <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work);

  /**
   * Tells whether {@link #close()} was called.
   *
   * @return {@code true} once closing has started
   */
  boolean isClosed();

  /**
   * Closes the pool and its connection. Work already queued may fail; later calls fail with
   * {@link StoreException.Reason#CLOSED}. Closing twice is harmless.
   *
   * @return a future completed when the connection is closed
   */
  Future<Void> close();
}
