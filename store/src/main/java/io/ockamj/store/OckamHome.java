package io.ockamj.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * The state directory of Ockam for the JVM.
 * <p>
 * Resolution order: the system property {@value #PROPERTY}, then the environment variable {@value #ENV},
 * then {@code ~/}{@value #DEFAULT_DIRECTORY}. A leading {@code ~} is expanded to the user's home directory.
 * The default differs from Rust Ockam's {@code ~/.ockam} so that both can be installed side by side.
 * A configured directory must be absolute (or start with {@code ~}): a relative one would name a
 * different directory for every working directory, and background nodes run from another one.
 * <p>
 * Resolving does not touch the file system; opening the {@link Store} creates the directory when needed.
 */
public final class OckamHome {

  /** The environment variable naming the state directory. */
  public static final String ENV = "OCKAM_HOME";
  /** The system property naming the state directory; takes precedence over {@link #ENV}. */
  public static final String PROPERTY = "ockam.home";
  /** The default directory name, under the user's home directory. */
  public static final String DEFAULT_DIRECTORY = ".ockam-jvm";
  /** The node database file name. */
  public static final String DATABASE_FILE = "database.sqlite3";

  private final Path directory;

  private OckamHome(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /**
   * Resolves the state directory from this process's system properties and environment.
   *
   * @return the state directory
   */
  public static OckamHome resolve() {
    return resolve(System.getenv(), System.getProperties());
  }

  /**
   * Resolves the state directory from given settings.
   *
   * @param env the environment variables
   * @param properties the system properties (must contain {@code user.home} for the default)
   * @return the state directory
   * @throws IllegalArgumentException if the configured directory is a relative path
   */
  public static OckamHome resolve(Map<String, String> env, Properties properties) {
    String home = properties.getProperty("user.home", "");
    String configured = properties.getProperty(PROPERTY);
    String source = "-D" + PROPERTY;
    if (configured == null || configured.isBlank()) {
      configured = env.get(ENV);
      source = ENV;
    }
    if (configured == null || configured.isBlank()) {
      return new OckamHome(Path.of(home, DEFAULT_DIRECTORY));
    }
    configured = configured.strip();
    if (configured.equals("~")) {
      return new OckamHome(Path.of(home));
    }
    if (configured.startsWith("~/") || configured.startsWith("~" + java.io.File.separator)) {
      return new OckamHome(Path.of(home, configured.substring(2)));
    }
    Path path = Path.of(configured);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException(source + " must be an absolute path, not '" + configured
        + "' (a relative one depends on the working directory); use e.g. " + source + "=$PWD/" + configured);
    }
    return new OckamHome(path);
  }

  /**
   * Uses a given directory.
   *
   * @param directory the state directory
   * @return the state directory
   */
  public static OckamHome of(Path directory) {
    return new OckamHome(Objects.requireNonNull(directory, "directory"));
  }

  /**
   * Returns the state directory.
   *
   * @return the absolute path of the directory
   */
  public Path directory() {
    return directory;
  }

  /**
   * Returns the node database file.
   *
   * @return {@code <home>/}{@value #DATABASE_FILE}
   */
  public Path database() {
    return directory.resolve(DATABASE_FILE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OckamHome other && directory.equals(other.directory);
  }

  @Override
  public int hashCode() {
    return directory.hashCode();
  }

  @Override
  public String toString() {
    return "OckamHome[" + directory + "]";
  }
}
