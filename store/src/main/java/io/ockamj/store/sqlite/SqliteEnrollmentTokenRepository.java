package io.ockamj.store.sqlite;

import io.ockamj.store.AuthorityMemberRecord;
import io.ockamj.store.EnrollmentTokenRecord;
import io.ockamj.store.EnrollmentTokenRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link EnrollmentTokenRepository} on the {@code authority_enrollment_token} table; accepting a
 * token also writes {@code authority_member}, in the same transaction.
 */
public final class SqliteEnrollmentTokenRepository implements EnrollmentTokenRepository {

  private static final String COLUMNS = "one_time_code, reference, issued_by, created_at, expires_at, ttl_count, attributes";

  private final Database db;

  /**
   * @param db the database
   */
  public SqliteEnrollmentTokenRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Void> store(EnrollmentTokenRecord t) {
    Objects.requireNonNull(t, "token");
    return db.execute("INSERT INTO authority_enrollment_token (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
      Tuple.of(t.oneTimeCode(), t.reference(), t.issuedBy(), t.createdAt().getEpochSecond(), t.expiresAt().getEpochSecond(),
        t.ttlCount(), t.attributes())).mapEmpty();
  }

  @Override
  public Future<Optional<EnrollmentTokenRecord>> get(String oneTimeCode) {
    return db.execute("SELECT " + COLUMNS + " FROM authority_enrollment_token WHERE one_time_code = ?", Tuple.of(oneTimeCode))
      .map(rs -> Rows.first(rs, SqliteEnrollmentTokenRepository::toRecord));
  }

  @Override
  public Future<Acceptance> accept(String oneTimeCode, String identifier, Instant now) {
    Objects.requireNonNull(oneTimeCode, "oneTimeCode");
    Objects.requireNonNull(identifier, "identifier");
    long at = now.getEpochSecond();
    return db.withTransaction(conn -> conn.preparedQuery("SELECT 1 FROM authority_member WHERE identifier = ?")
      .execute(Tuple.of(identifier)).compose(member -> conn.preparedQuery("SELECT " + COLUMNS
          + " FROM authority_enrollment_token WHERE one_time_code = ?").execute(Tuple.of(oneTimeCode))
        .compose(rs -> {
          Optional<EnrollmentTokenRecord> found = Rows.first(rs, SqliteEnrollmentTokenRepository::toRecord);
          if (found.isEmpty()) {
            return Future.succeededFuture(new Acceptance(Outcome.UNKNOWN, found));
          }
          EnrollmentTokenRecord t = found.get();
          if (member.size() > 0) {
            return Future.succeededFuture(new Acceptance(Outcome.ALREADY_MEMBER, found));
          }
          if (t.expiresAt().getEpochSecond() <= at) {
            return Future.succeededFuture(new Acceptance(Outcome.EXPIRED, found));
          }
          if (t.ttlCount() <= 0) {
            return Future.succeededFuture(new Acceptance(Outcome.USED_UP, found));
          }
          EnrollmentTokenRecord used = new EnrollmentTokenRecord(t.oneTimeCode(), t.reference(), t.issuedBy(), t.createdAt(),
            t.expiresAt(), t.ttlCount() - 1, t.attributes());
          AuthorityMemberRecord m = new AuthorityMemberRecord(identifier, t.issuedBy(), Instant.ofEpochSecond(at), false,
            t.attributes());
          // the count only goes down while uses are left: a concurrent use cannot take it below 0
          return conn.preparedQuery("UPDATE authority_enrollment_token SET ttl_count = ttl_count - 1 "
              + "WHERE one_time_code = ? AND ttl_count > 0").execute(Tuple.of(oneTimeCode))
            .compose(u -> u.rowCount() == 1
              ? conn.preparedQuery(SqliteAuthorityMemberRepository.UPSERT).execute(SqliteAuthorityMemberRepository.tuple(m))
                .map(v -> new Acceptance(Outcome.ACCEPTED, Optional.of(used)))
              : Future.succeededFuture(new Acceptance(Outcome.USED_UP, found)));
        })));
  }

  @Override
  public Future<Integer> deleteExpiredBefore(Instant before) {
    return db.execute("DELETE FROM authority_enrollment_token WHERE expires_at < ?", Tuple.of(before.getEpochSecond()))
      .map(rs -> rs.rowCount());
  }

  private static EnrollmentTokenRecord toRecord(Row row) {
    return new EnrollmentTokenRecord(row.getString("one_time_code"), row.getString("reference"), row.getString("issued_by"),
      Rows.instant(row, "created_at"), Rows.instant(row, "expires_at"), Rows.longOrNull(row, "ttl_count"),
      Rows.bytes(row, "attributes"));
  }
}
