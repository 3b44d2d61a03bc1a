package io.ockamj.store.sqlite;

import io.ockamj.protocol.errors.OckamException;
import io.ockamj.store.StoreException.Reason;
import io.ockamj.store.StoreException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.SQLException;

/**
 * Maps JDBC / SQLite failures to {@link StoreException}s.
 */
public final class SqliteErrors {

  private SqliteErrors() {
  }

  /**
   * Maps a failure to a {@link StoreException} if it comes from SQL; project exceptions and other
   * non-SQL failures (for example thrown by a caller's function) are returned unchanged.
   *
   * @param failure the failure
   * @param path the database file, for the message
   * @return the mapped failure
   */
  public static Throwable map(Throwable failure, Path path) {
    if (failure instanceof OckamException) {
      return failure;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLiteException) {
        return fromSqlite((SQLiteException) t, path);
      }
      if (t instanceof SQLException) {
        return new StoreException(Reason.SQL, "SQL error on " + path + ": " + t.getMessage(), failure);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return failure;
  }

  /**
   * Tells whether a mapped failure is about the database file or its environment rather than about the
   * statements that were run (such failures are not blamed on a migration).
   *
   * @param failure a mapped failure
   * @return {@code true} for not-a-database, corrupt, locked, cannot-open, read-only and closed
   */
  public static boolean isEnvironmental(Throwable failure) {
    if (!(failure instanceof StoreException)) {
      return false;
    }
    switch (((StoreException) failure).reason()) {
      case NOT_A_DATABASE:
      case CORRUPT:
      case LOCKED:
      case CANNOT_OPEN:
      case READ_ONLY:
      case CLOSED:
        return true;
      default:
        return false;
    }
  }

  private static StoreException fromSqlite(SQLiteException e, Path path) {
    SQLiteErrorCode code = e.getResultCode();
    SQLiteErrorCode primary = code == null ? SQLiteErrorCode.UNKNOWN_ERROR
        : SQLiteErrorCode.getErrorCode(code.code & 0xff);
    switch (primary) {
      case SQLITE_NOTADB:
        return new StoreException(Reason.NOT_A_DATABASE, "not a SQLite database: " + path, e);
      case SQLITE_CORRUPT:
        return new StoreException(Reason.CORRUPT, "SQLite database is corrupt: " + path, e);
      case SQLITE_BUSY:
      case SQLITE_LOCKED:
        return new StoreException(Reason.LOCKED,
            "SQLite database is locked by another connection or process: " + path, e);
      case SQLITE_CANTOPEN:
        return new StoreException(Reason.CANNOT_OPEN, "cannot open SQLite database: " + path, e);
      case SQLITE_READONLY:
      case SQLITE_PERM:
        return new StoreException(Reason.READ_ONLY, "SQLite database is read-only: " + path, e);
      case SQLITE_CONSTRAINT:
        return new StoreException(Reason.CONSTRAINT, "constraint violated in " + path + ": " + detail(e), e);
      default:
        return new StoreException(Reason.SQL, "SQLite error on " + path + ": " + detail(e), e);
    }
  }

  // sqlite-jdbc messages look like "[SQLITE_CONSTRAINT_UNIQUE] A UNIQUE constraint failed (UNIQUE
  // constraint failed: identity.name)"; the part in parentheses is SQLite's own text.
  private static String detail(SQLiteException e) {
    String m = String.valueOf(e.getMessage());
    int open = m.indexOf(" (");
    if (open >= 0 && m.endsWith(")")) {
      return m.substring(open + 2, m.length() - 1);
    }
    return m;
  }
}
