package io.ockamj.store.sqlite;

import io.ockamj.store.StoreException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Column decoding shared by the SQLite repositories (the JDBC client returns SQLite INTEGERs as
 * {@code Integer} or {@code Long} and BLOBs as {@code byte[]}).
 */
final class Rows {

  private Rows() {
  }

  static byte[] bytes(Row row, String column) {
    Object v = row.getValue(column);
    if (v == null || v instanceof byte[]) {
      return (byte[]) v;
    }
    if (v instanceof Buffer) {
      return ((Buffer) v).getBytes();
    }
    if (v instanceof String) {
      return ((String) v).getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalStateException("column " + column + " is not a BLOB: " + v.getClass().getName());
  }

  /** A JSON object column; {@code null} or blank reads as an empty object. */
  static JsonObject json(Row row, String column, String what) {
    try {
      String text = row.getString(column);
      return text == null || text.isBlank() ? new JsonObject() : new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new StoreException(StoreException.Reason.SQL, what + " has an invalid JSON " + column, e);
    }
  }

  static Long longOrNull(Row row, String column) {
    Object v = row.getValue(column);
    return v == null ? null : ((Number) v).longValue();
  }

  static boolean bool(Row row, String column) {
    Object v = row.getValue(column);
    return v != null && ((Number) v).intValue() != 0;
  }

  static Instant instant(Row row, String column) {
    Long seconds = longOrNull(row, column);
    return seconds == null ? null : Instant.ofEpochSecond(seconds);
  }

  static Long seconds(Instant instant) {
    return instant == null ? null : instant.getEpochSecond();
  }

  static long now() {
    return Instant.now().getEpochSecond();
  }

  static <T> Optional<T> first(RowSet<Row> rows, Function<Row, T> mapper) {
    for (Row row : rows) {
      return Optional.ofNullable(mapper.apply(row));
    }
    return Optional.empty();
  }

  static <T> List<T> all(RowSet<Row> rows, Function<Row, T> mapper) {
    List<T> out = new ArrayList<>(rows.size());
    for (Row row : rows) {
      out.add(mapper.apply(row));
    }
    return out;
  }
}
