package io.ockamj.store.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A migration written as a SQL script.
 * <p>
 * Scripts are normally classpath resources named {@code V<version>__<name>.sql} (for example
 * {@code db/migration/V1__init.sql}). Because a classpath directory cannot be listed inside a jar, the
 * scripts are enumerated by an <em>index</em> resource: a text file with one script file name per line,
 * resolved relative to the index's directory; blank lines and lines starting with {@code #} are ignored.
 * The default index is {@value #DEFAULT_INDEX}.
 * <p>
 * A script may hold several statements separated by {@code ;}. It must not contain transaction control
 * ({@code BEGIN}, {@code COMMIT}, ...): the {@link Migrator} runs it inside a transaction of its own.
 * <p>
 * The checksum is the SHA-384 of the exact script bytes (as sqlx computes it), in lowercase hex. Once a
 * script has been applied to a database, changing it makes the migrator refuse that database.
 */
public final class SqlMigration {

  /** The index resource listing the store's own migrations. */
  public static final String DEFAULT_INDEX = "db/migration/index.txt";

  private static final Pattern FILE_NAME = Pattern.compile("V([0-9]{1,9})__([A-Za-z0-9_.-]+)\\.sql");

  private final int version;
  private final String name;
  private final String sql;
  private final String checksum;

  private SqlMigration(int version, String name, String sql) {
    if (version <= 0) {
      throw new IllegalArgumentException("migration version must be positive: " + version);
    }
    this.version = version;
    this.name = Objects.requireNonNull(name, "name");
    this.sql = Objects.requireNonNull(sql, "sql");
    this.checksum = sha384(sql.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates a migration from a script held in memory.
   *
   * @param version a positive version
   * @param name a short human-readable name
   * @param sql the script
   * @return the migration
   * @throws IllegalArgumentException if the version is not positive
   */
  public static SqlMigration of(int version, String name, String sql) {
    return new SqlMigration(version, name, sql);
  }

  /**
   * Loads one script from the classpath. The version and name come from the file name
   * ({@code V<version>__<name>.sql}).
   * <p>
   * This reads a resource and therefore blocks: call it from a worker thread or at start-up, not on an
   * event loop.
   *
   * @param loader the class loader to read from
   * @param resource the resource path, for example {@code db/migration/V1__init.sql}
   * @return the migration
   * @throws MigrationException if the resource is missing, unreadable or badly named
   */
  public static SqlMigration fromResource(ClassLoader loader, String resource) {
    String fileName = resource.substring(resource.lastIndexOf('/') + 1);
    Matcher m = FILE_NAME.matcher(fileName);
    if (!m.matches()) {
      throw new MigrationException(-1,
          "migration file name must look like V<version>__<name>.sql: " + resource, null);
    }
    int version = Integer.parseInt(m.group(1));
    return new SqlMigration(version, m.group(2), readResource(loader, resource, version));
  }

  /**
   * Loads every script listed by an index resource, in the order listed.
   * <p>
   * This reads resources and therefore blocks: call it from a worker thread or at start-up, not on an
   * event loop.
   *
   * @param loader the class loader to read from
   * @param indexResource the index resource, for example {@value #DEFAULT_INDEX}
   * @return the migrations
   * @throws MigrationException if the index or a script is missing, unreadable or badly named
   */
  public static List<SqlMigration> fromIndex(ClassLoader loader, String indexResource) {
    String dir = indexResource.contains("/")
        ? indexResource.substring(0, indexResource.lastIndexOf('/') + 1) : "";
    List<SqlMigration> result = new ArrayList<>();
    for (String line : readResource(loader, indexResource, -1).split("\\R")) {
      String entry = line.strip();
      if (!entry.isEmpty() && !entry.startsWith("#")) {
        result.add(fromResource(loader, dir + entry));
      }
    }
    return result;
  }

  private static String readResource(ClassLoader loader, String resource, int version) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      if (in == null) {
        throw new MigrationException(version, "migration resource not found on the classpath: " + resource, null);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MigrationException(version, "cannot read migration resource " + resource + ": " + e, e);
    }
  }

  private static String sha384(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-384").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-384 is not available", e);
    }
  }

  /**
   * Returns the version.
   *
   * @return the version, positive
   */
  public int version() {
    return version;
  }

  /**
   * Returns the name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the script.
   *
   * @return the SQL text
   */
  public String sql() {
    return sql;
  }

  /**
   * Returns the checksum of the script.
   *
   * @return the SHA-384 of the UTF-8 script bytes, 96 lowercase hex digits
   */
  public String checksum() {
    return checksum;
  }

  @Override
  public String toString() {
    return "SqlMigration[V" + version + "__" + name + "]";
  }
}
