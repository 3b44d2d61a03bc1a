package io.ockamj.store.sqlite;

import io.ockamj.store.StoreException;

/**
 * A migration could not be planned or applied.
 * <p>
 * Raised for duplicate migration versions (before anything runs), for an already-applied SQL migration
 * whose checksum changed, and for a migration that failed while running (its transaction, including its
 * bookkeeping row, is rolled back). The reason is always {@link StoreException.Reason#MIGRATION}.
 */
public class MigrationException extends StoreException {

  private static final long serialVersionUID = 1L;

  /** The version of the migration concerned, or -1. */
  private final int version;

  /**
   * Creates an exception.
   *
   * @param version the version of the migration concerned, or {@code -1} if none in particular
   * @param message what went wrong
   * @param cause the underlying failure, may be {@code null}
   */
  public MigrationException(int version, String message, Throwable cause) {
    super(Reason.MIGRATION, message, cause);
    this.version = version;
  }

  /**
   * Returns the version of the migration concerned.
   *
   * @return the version, or {@code -1} if the failure is not about one migration
   */
  public int version() {
    return version;
  }
}
