package io.ockamj.store;

import io.ockamj.protocol.errors.OckamException;

import java.util.Objects;

/**
 * A failure of the persistent store.
 * <p>
 * Every failed future returned by this module carries a {@code StoreException} (or a subclass such as
 * {@link io.ockamj.store.sqlite.MigrationException}), except where a caller-supplied function failed with its own exception,
 * which is passed through unchanged. The {@link #reason()} tells callers what kind of failure happened
 * without parsing the message; the message names the database file where that helps a human.
 */
public class StoreException extends OckamException {

  private static final long serialVersionUID = 1L;

  /**
   * The kind of failure.
   */
  public enum Reason {
    /** The file exists but is not a SQLite database (for example a text file or random bytes). */
    NOT_A_DATABASE,
    /** The file looks like a SQLite database but its contents are damaged. */
    CORRUPT,
    /** Another connection or process holds a lock on the database and the busy timeout ran out. */
    LOCKED,
    /** The file or its directory cannot be opened or created. */
    CANNOT_OPEN,
    /** The database or its directory is read-only. */
    READ_ONLY,
    /** A write violated a constraint (for example a name that is already taken). */
    CONSTRAINT,
    /** A migration could not be planned or applied; see {@link io.ockamj.store.sqlite.MigrationException}. */
    MIGRATION,
    /** The database was used after it was closed. */
    CLOSED,
    /** A file-system operation outside SQLite failed. */
    IO,
    /** Any other SQL failure. */
    SQL
  }

  /** The kind of failure. */
  private final Reason reason;

  /**
   * Creates an exception.
   *
   * @param reason the kind of failure, not {@code null}
   * @param message what went wrong
   */
  public StoreException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Creates an exception with a cause.
   *
   * @param reason the kind of failure, not {@code null}
   * @param message what went wrong
   * @param cause the underlying failure, may be {@code null}
   */
  public StoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /**
   * Returns the kind of failure.
   *
   * @return the reason, never {@code null}
   */
  public Reason reason() {
    return reason;
  }
}
