package io.ockamj.store.sqlite;

import io.ockamj.store.IdentityAttributesRecord;
import io.ockamj.store.IdentityAttributesRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link IdentityAttributesRepository} on the {@code identity_attributes} table.
 */
public final class SqliteIdentityAttributesRepository implements IdentityAttributesRepository {

  private static final String COLUMNS = "identifier, attributes, added, expires, attested_by";

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqliteIdentityAttributesRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Void> store(IdentityAttributesRecord a) {
    Objects.requireNonNull(a, "attributes");
    return db.execute("INSERT INTO identity_attributes (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
            + "ON CONFLICT (identifier) DO UPDATE SET attributes = excluded.attributes, added = excluded.added, "
            + "expires = excluded.expires, attested_by = excluded.attested_by",
        Tuple.of(a.identifier(), a.attributes(), a.added().getEpochSecond(), Rows.seconds(a.expires()),
            a.attestedBy())).mapEmpty();
  }

  @Override
  public Future<Optional<IdentityAttributesRecord>> get(String identifier) {
    return db.execute("SELECT " + COLUMNS + " FROM identity_attributes WHERE identifier = ?", Tuple.of(identifier))
        .map(rs -> Rows.first(rs, SqliteIdentityAttributesRepository::toRecord));
  }

  @Override
  public Future<List<IdentityAttributesRecord>> list() {
    return db.execute("SELECT " + COLUMNS + " FROM identity_attributes ORDER BY identifier", Tuple.tuple())
        .map(rs -> Rows.all(rs, SqliteIdentityAttributesRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String identifier) {
    return db.execute("DELETE FROM identity_attributes WHERE identifier = ?", Tuple.of(identifier))
        .map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Integer> deleteExpired(Instant now) {
    return db.execute("DELETE FROM identity_attributes WHERE expires IS NOT NULL AND expires <= ?",
        Tuple.of(now.getEpochSecond())).map(rs -> Math.max(0, rs.rowCount()));
  }

  private static IdentityAttributesRecord toRecord(Row row) {
    return new IdentityAttributesRecord(row.getString("identifier"), Rows.bytes(row, "attributes"),
        Rows.instant(row, "added"), Rows.instant(row, "expires"), row.getString("attested_by"));
  }
}
