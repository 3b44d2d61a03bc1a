package io.ockamj.store.sqlite;

import io.ockamj.store.PurposeKeyRepository;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link PurposeKeyRepository} on the {@code purpose_key} table.
 */
public final class SqlitePurposeKeyRepository implements PurposeKeyRepository {

  private final Database db;

  /**
   * Creates the repository.
   *
   * @param db the database
   */
  public SqlitePurposeKeyRepository(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Future<Void> store(String identifier, String purpose, byte[] attestation) {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(attestation, "attestation");
    return db.execute("INSERT INTO purpose_key (identifier, purpose, purpose_key_attestation) VALUES (?, ?, ?) "
            + "ON CONFLICT (identifier, purpose) DO UPDATE SET "
            + "purpose_key_attestation = excluded.purpose_key_attestation",
        Tuple.of(identifier, purpose, attestation.clone())).mapEmpty();
  }

  @Override
  public Future<Optional<byte[]>> get(String identifier, String purpose) {
    return db.execute("SELECT purpose_key_attestation FROM purpose_key WHERE identifier = ? AND purpose = ?",
        Tuple.of(identifier, purpose)).map(rs -> Rows.first(rs, row -> Rows.bytes(row, "purpose_key_attestation")));
  }

  @Override
  public Future<Map<String, byte[]>> getAll(String identifier) {
    return db.execute("SELECT purpose, purpose_key_attestation FROM purpose_key WHERE identifier = ? "
        + "ORDER BY purpose", Tuple.of(identifier)).map(rs -> {
          Map<String, byte[]> out = new LinkedHashMap<>();
          for (Row row : rs) {
            out.put(row.getString("purpose"), Rows.bytes(row, "purpose_key_attestation"));
          }
          return out;
        });
  }

  @Override
  public Future<Boolean> delete(String identifier, String purpose) {
    return db.execute("DELETE FROM purpose_key WHERE identifier = ? AND purpose = ?", Tuple.of(identifier, purpose))
        .map(rs -> rs.rowCount() > 0);
  }
}
