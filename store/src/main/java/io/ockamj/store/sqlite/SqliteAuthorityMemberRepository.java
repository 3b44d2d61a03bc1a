package io.ockamj.store.sqlite;

import io.ockamj.store.AuthorityMemberRecord;
import io.ockamj.store.AuthorityMemberRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AuthorityMemberRepository} on the {@code authority_member} table.
 */
public final class SqliteAuthorityMemberRepository implements AuthorityMemberRepository {

  static final String COLUMNS = "identifier, added_by, added_at, is_pre_trusted, attributes";
  static final String UPSERT = "INSERT INTO authority_member (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?) "
    + "ON CONFLICT (identifier) DO UPDATE SET added_by = excluded.added_by, added_at = excluded.added_at, "
    + "is_pre_trusted = excluded.is_pre_trusted, attributes = excluded.attributes";

  private final Database db;

  /**
   * @param db the database
   */
  public SqliteAuthorityMemberRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  static Tuple tuple(AuthorityMemberRecord m) {
    return Tuple.of(m.identifier(), m.addedBy(), m.addedAt().getEpochSecond(), m.preTrusted() ? 1 : 0, m.attributes());
  }

  @Override
  public Future<Void> add(AuthorityMemberRecord member) {
    Objects.requireNonNull(member, "member");
    return db.execute(UPSERT, tuple(member)).mapEmpty();
  }

  @Override
  public Future<Optional<AuthorityMemberRecord>> get(String identifier) {
    return db.execute("SELECT " + COLUMNS + " FROM authority_member WHERE identifier = ?", Tuple.of(identifier))
      .map(rs -> Rows.first(rs, SqliteAuthorityMemberRepository::toRecord));
  }

  @Override
  public Future<List<AuthorityMemberRecord>> list() {
    return db.execute("SELECT " + COLUMNS + " FROM authority_member ORDER BY identifier", Tuple.tuple())
      .map(rs -> Rows.all(rs, SqliteAuthorityMemberRepository::toRecord));
  }

  @Override
  public Future<Boolean> delete(String identifier) {
    return db.execute("DELETE FROM authority_member WHERE identifier = ?", Tuple.of(identifier))
      .map(rs -> rs.rowCount() > 0);
  }

  @Override
  public Future<Void> replacePreTrusted(List<AuthorityMemberRecord> members) {
    List<AuthorityMemberRecord> copy = List.copyOf(members);
    return db.withTransaction(conn -> conn.preparedQuery("DELETE FROM authority_member WHERE is_pre_trusted = 1")
      .execute(Tuple.tuple()).compose(v -> insertAll(conn, copy, 0)));
  }

  private static Future<Void> insertAll(SqlConnection conn, List<AuthorityMemberRecord> members, int i) {
    if (i == members.size()) {
      return Future.succeededFuture();
    }
    return conn.preparedQuery(UPSERT).execute(tuple(members.get(i))).compose(v -> insertAll(conn, members, i + 1));
  }

  static AuthorityMemberRecord toRecord(Row row) {
    return new AuthorityMemberRecord(row.getString("identifier"), row.getString("added_by"), Rows.instant(row, "added_at"),
      Rows.bool(row, "is_pre_trusted"), Rows.bytes(row, "attributes"));
  }
}
