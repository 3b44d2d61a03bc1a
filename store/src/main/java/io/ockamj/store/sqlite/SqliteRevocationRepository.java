package io.ockamj.store.sqlite;

import io.ockamj.store.RevocationRecord;
import io.ockamj.store.RevocationRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Objects;

/**
 * {@link RevocationRepository} on the {@code revocation} table.
 */
public final class SqliteRevocationRepository implements RevocationRepository {

  private static final String COLUMNS = "authority, seq, subject, revoked_at, notice";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteRevocationRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Boolean> append(RevocationRecord r) {
    Objects.requireNonNull(r, "notice");
    return db.execute("INSERT INTO revocation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) ON CONFLICT (authority, seq) DO NOTHING",
        Tuple.of(r.authority(), r.seq(), r.subject(), r.revokedAt(), r.notice()))
      .map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Long> lastSeq(String authority) {
    return db.execute("SELECT COALESCE(MAX(seq), 0) AS last FROM revocation WHERE authority = ?", Tuple.of(authority))
      .map(rs -> rs.iterator().next().getLong("last"));
  }

  @Override
  public Future<List<RevocationRecord>> after(String authority, long afterSeq, int limit) {
    if (limit < 1) {
      return Future.failedFuture(new IllegalArgumentException("limit must be positive"));
    }
    return db.execute("SELECT " + COLUMNS + " FROM revocation WHERE authority = ? AND seq > ? ORDER BY seq LIMIT ?",
        Tuple.of(authority, afterSeq, limit))
      .map(rs -> Rows.all(rs, SqliteRevocationRepository::toRecord));
  }

  private static RevocationRecord toRecord(Row row) {
    return new RevocationRecord(row.getString("authority"), row.getLong("seq"), row.getString("subject"),
      row.getLong("revoked_at"), Rows.bytes(row, "notice"));
  }
}
