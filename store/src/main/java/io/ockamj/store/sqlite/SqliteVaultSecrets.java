package io.ockamj.store.sqlite;

import io.ockamj.store.StoreException;
import io.ockamj.store.StoreException.Reason;
import io.ockamj.store.VaultSecrets;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * {@link VaultSecrets} on one plain JDBC connection.
 */
public final class SqliteVaultSecrets implements VaultSecrets {

  private static final System.Logger LOG = System.getLogger(SqliteVaultSecrets.class.getName());

  // the vault_key table of V1__init.sql, for vault files that the migrator never sees
  private static final String CREATE = "CREATE TABLE IF NOT EXISTS vault_key ("
      + " handle BLOB NOT NULL, key_type TEXT NOT NULL, secret BLOB NOT NULL, created_at INTEGER NOT NULL,"
      + " PRIMARY KEY (handle, key_type))";

  private final Path path;
  private final Connection conn;
  private boolean closed;

  private SqliteVaultSecrets(Path path, Connection conn) {
    this.path = path;
    this.conn = conn;
  }

  /**
   * See {@link VaultSecrets#open(Path, Duration)}.
   *
   * @param file the file
   * @param busyTimeout the busy timeout
   * @return the open secrets
   */
  public static VaultSecrets open(Path file, Duration busyTimeout) {
    Objects.requireNonNull(file, "file");
    Path path = file.toAbsolutePath().normalize();
    if (path.toString().indexOf('?') >= 0) {
      throw new StoreException(Reason.CANNOT_OPEN, "database path must not contain '?': " + path);
    }
    SqliteDatabase.prepareFile(path);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + path);
    Connection c = null;
    try {
      c = ds.getConnection();
      try (Statement s = c.createStatement()) {
        s.execute(CREATE);
      }
      LOG.log(System.Logger.Level.DEBUG, "opened vault secrets in {0}", path);
      return new SqliteVaultSecrets(path, c);
    } catch (SQLException e) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // already failing
        }
      }
      throw mapped(e, path);
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public synchronized void store(byte[] handle, String keyType, byte[] secret) {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(secret, "secret");
    update("INSERT INTO vault_key (handle, key_type, secret, created_at) VALUES (?, ?, ?, ?) "
        + "ON CONFLICT (handle, key_type) DO UPDATE SET secret = excluded.secret", handle, keyType, secret, Rows.now());
  }

  @Override
  public synchronized Optional<byte[]> get(byte[] handle, String keyType) {
    try (PreparedStatement ps = prepare("SELECT secret FROM vault_key WHERE handle = ? AND key_type = ?")) {
      ps.setBytes(1, handle);
      ps.setString(2, keyType);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw mapped(e, path);
    }
  }

  @Override
  public synchronized boolean delete(byte[] handle, String keyType) {
    return update("DELETE FROM vault_key WHERE handle = ? AND key_type = ?", handle, keyType) > 0;
  }

  @Override
  public synchronized List<byte[]> handles(String keyType) {
    try (PreparedStatement ps = prepare("SELECT handle FROM vault_key WHERE key_type = ? ORDER BY created_at, rowid")) {
      ps.setString(1, keyType);
      List<byte[]> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getBytes(1));
        }
      }
      return out;
    } catch (SQLException e) {
      throw mapped(e, path);
    }
  }

  @Override
  public synchronized int deleteAll() {
    return update("DELETE FROM vault_key");
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      conn.close();
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing vault secrets in {0} failed: {1}", path, e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "SqliteVaultSecrets[" + path + "]";
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    if (closed) {
      throw new StoreException(Reason.CLOSED, "vault secrets are closed: " + path);
    }
    return conn.prepareStatement(sql);
  }

  private int update(String sql, Object... params) {
    try (PreparedStatement ps = prepare(sql)) {
      for (int i = 0; i < params.length; i++) {
        if (params[i] instanceof byte[]) {
          ps.setBytes(i + 1, (byte[]) params[i]);
        } else {
          ps.setObject(i + 1, params[i]);
        }
      }
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw mapped(e, path);
    }
  }

  private static StoreException mapped(SQLException e, Path path) {
    Throwable t = SqliteErrors.map(e, path);
    return t instanceof StoreException ? (StoreException) t
        : new StoreException(Reason.SQL, "SQL error on " + path + ": " + e.getMessage(), e);
  }
}
