package io.ockamj.cli;

import io.ockamj.store.NodeRecord;
import io.ockamj.store.OckamHome;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local nodes' table used directly with sqlite-jdbc on the calling thread, for commands that
 * read it ({@code node list}, resolving {@code /node/NAME}) or only mark a node stopped or delete it
 * ({@code node stop}, {@code node delete}, see {@link NodeRows}): no Vert.x, no connection pool and
 * no migration run, which would cost a short command most of its start-up. A command line is no
 * event loop, so blocking here is fine.
 *
 * <p>Only a database that the store's migrations have already brought up to date is read this way;
 * {@link #open()} answers empty otherwise (no database yet, an older schema, a read that fails), and
 * the caller goes through {@link io.ockamj.store.Store} as before, which creates, migrates and
 * reports errors. The records carry no configuration (an empty object): the callers do not need it.
 */
final class NodeTable implements NodeRows {

  private static final String COLUMNS = "name, identifier, pid, tcp_listener_address, is_default, created_at";

  /** The SQL migrations the store knows, one file name a line; the highest version must be applied. */
  private static final String MIGRATION_INDEX = "db/migration/index.txt";

  private static final Pattern VERSION = Pattern.compile("V(\\d+)__.*");

  /** How long a read waits for a node that is writing the database. */
  private static final int BUSY_TIMEOUT_MS = 5_000;

  private final Connection connection;

  private NodeTable(Connection connection) {
    this.connection = connection;
  }

  /**
   * Opens the local database for reading its nodes.
   *
   * @return the table, or empty if the full store must be used instead (see the class comment)
   */
  static Optional<NodeTable> open() {
    return open(OckamHome.resolve().database());
  }

  /**
   * Opens a database file for reading its nodes.
   *
   * @param file the store's database file
   * @return the table, or empty if the full store must be used instead (see the class comment)
   */
  static Optional<NodeTable> open(Path file) {
    int latest = latestMigration();
    if (latest <= 0 || !Files.isRegularFile(file) || file.toString().indexOf('?') >= 0) {
      return Optional.empty();
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    // as the store's connections: a deleted node takes its outlets, inlets and relays with it
    config.enforceForeignKeys(true);
    Connection c = null;
    try {
      SQLiteDataSource ds = new SQLiteDataSource(config);
      ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
      c = ds.getConnection();
      try (PreparedStatement s = c.prepareStatement("SELECT max(version) FROM _migrations");
           ResultSet rs = s.executeQuery()) {
        if (rs.next() && rs.getInt(1) >= latest) {
          NodeTable t = new NodeTable(c);
          c = null;
          return Optional.of(t);
        }
      }
      return Optional.empty();
    } catch (SQLException e) {
      return Optional.empty();
    } finally {
      closeQuietly(c);
    }
  }

  /** The highest version in the store's migration index, or 0 if it cannot be read. */
  static int latestMigration() {
    try (InputStream in = NodeTable.class.getClassLoader().getResourceAsStream(MIGRATION_INDEX)) {
      if (in == null) {
        return 0;
      }
      int max = 0;
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        Matcher m = VERSION.matcher(line.strip());
        if (m.matches()) {
          max = Math.max(max, Integer.parseInt(m.group(1)));
        }
      }
      return max;
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
  }

  /**
   * The nodes, in the order the store lists them (creation, then insertion).
   *
   * @return the nodes, without their configuration
   * @throws SQLException if the read fails
   */
  List<NodeRecord> list() throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT " + COLUMNS + " FROM node ORDER BY created_at, rowid");
         ResultSet rs = s.executeQuery()) {
      List<NodeRecord> out = new ArrayList<>();
      while (rs.next()) {
        out.add(record(rs));
      }
      return out;
    }
  }

  /**
   * One node.
   *
   * @param name its name
   * @return the node without its configuration, or empty if there is none of that name
   * @throws SQLException if the read fails
   */
  Optional<NodeRecord> get(String name) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("SELECT " + COLUMNS + " FROM node WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() ? Optional.of(record(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<NodeRecord> find(String name) throws SQLException {
    return get(name);
  }

  @Override
  public NodeRecord record(String name) throws SQLException {
    if (name != null) {
      return get(name).orElseThrow(() -> NodeClient.unknown(name));
    }
    try (PreparedStatement s = connection.prepareStatement("SELECT " + COLUMNS + " FROM node WHERE is_default = 1");
         ResultSet rs = s.executeQuery()) {
      if (rs.next()) {
        return record(rs);
      }
    }
    throw NodeClient.noDefault();
  }

  @Override
  public List<NodeRecord> records() throws SQLException {
    return list();
  }

  @Override
  public void clearPid(String name, long pid) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement("UPDATE node SET pid = NULL WHERE name = ? AND pid = ?")) {
      s.setString(1, name);
      s.setLong(2, pid);
      s.executeUpdate();
    }
  }

  @Override
  public boolean delete(String name) throws SQLException {
    // the foreign keys take its outlets, inlets and relays, a trigger its policies
    try (PreparedStatement s = connection.prepareStatement("DELETE FROM node WHERE name = ?")) {
      s.setString(1, name);
      return s.executeUpdate() > 0;
    }
  }

  private static NodeRecord record(ResultSet rs) throws SQLException {
    long pid = rs.getLong("pid");
    Long pidOrNull = rs.wasNull() ? null : pid;
    long created = rs.getLong("created_at");
    return new NodeRecord(rs.getString("name"), rs.getString("identifier"), pidOrNull, rs.getString("tcp_listener_address"),
      rs.getInt("is_default") == 1, null, Instant.ofEpochSecond(created));
  }

  @Override
  public void close() {
    closeQuietly(connection);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // every write was committed when it returned (auto-commit): nothing to lose
      }
    }
  }
}
