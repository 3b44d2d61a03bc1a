package io.ockamj.store.sqlite;

import io.ockamj.store.CredentialRecord;
import io.ockamj.store.CredentialRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link CredentialRepository} on the {@code credential} table.
 */
public final class SqliteCredentialRepository implements CredentialRepository {

  private static final String COLUMNS = "subject_identifier, issuer_identifier, scope, credential, expires_at";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteCredentialRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Void> store(CredentialRecord c) {
    Objects.requireNonNull(c, "credential");
    return db.execute("INSERT INTO credential (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (subject_identifier, issuer_identifier, scope) DO UPDATE SET "
            + "credential = excluded.credential, expires_at = excluded.expires_at",
        Tuple.of(c.subject(), c.issuer(), c.scope(), c.credential(), c.expiresAt().getEpochSecond())).mapEmpty();
  }

  @Override
  public Future<Optional<CredentialRecord>> get(String subject, String issuer, String scope) {
    return db.execute("SELECT " + COLUMNS + " FROM credential "
            + "WHERE subject_identifier = ? AND issuer_identifier = ? AND scope = ?",
        Tuple.of(subject, issuer, scope)).map(rs -> Rows.first(rs, SqliteCredentialRepository::toRecord));
  }

  @Override
  public Future<List<CredentialRecord>> list(String subject) {
    return db.execute("SELECT " + COLUMNS + " FROM credential WHERE subject_identifier = ? "
            + "ORDER BY issuer_identifier, scope", Tuple.of(subject))
        .map(rs -> Rows.all(rs, SqliteCredentialRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String subject, String issuer, String scope) {
    return db.execute("DELETE FROM credential WHERE subject_identifier = ? AND issuer_identifier = ? AND scope = ?",
        Tuple.of(subject, issuer, scope)).map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Integer> deleteExpired(Instant now) {
    return db.execute("DELETE FROM credential WHERE expires_at <= ?", Tuple.of(now.getEpochSecond()))
        .map(rs -> Math.max(0, rs.rowCount()));
  }

  private static CredentialRecord toRecord(Row row) {
    return new CredentialRecord(row.getString("subject_identifier"), row.getString("issuer_identifier"),
        row.getString("scope"), Rows.bytes(row, "credential"), Rows.instant(row, "expires_at"));
  }
}
