package io.ockamj.crypto.pkcs11;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Real SoftHSM2 tokens for tests. A test never touches the system token directory: every token
 * lives under a {@code softhsm2.conf} of its own ({@code directories.tokendir}), which the process
 * using the token reads from {@code SOFTHSM2_CONF}.
 * <p>
 * SoftHSM reads {@code SOFTHSM2_CONF} once per process and only sees the tokens that exist at that
 * moment, so in-process tests share one token per JVM ({@link #shared()}; surefire sets
 * {@code SOFTHSM2_CONF} to {@code target/softhsm/softhsm2.conf}), while tests that run {@code ockam}
 * in child processes make as many as they like with {@link #create(Path, String)} and pass
 * {@link Token#environment()} to the children.
 * <p>
 * A machine without SoftHSM2 fails these tests with a message saying what to install; they are not
 * skipped.
 */
public final class SoftHsm {

  /** The user PIN of every test token. */
  public static final String PIN = "246810";
  /** The security officer PIN of every test token. */
  public static final String SO_PIN = "97531135";

  private static final List<String> LIBRARIES = List.of(
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
    "/opt/homebrew/lib/softhsm/libsofthsm2.so",
    "/usr/local/opt/softhsm/lib/softhsm/libsofthsm2.so");

  private static Token shared;

  private SoftHsm() {
  }

  /**
   * A token made with {@code softhsm2-util --init-token}.
   *
   * @param softhsmConf the {@code softhsm2.conf} whose token directory holds it
   * @param label its label
   * @param slot its slot id
   * @param pkcs11Config a SunPKCS11 configuration file for it
   */
  public record Token(Path softhsmConf, String label, long slot, Path pkcs11Config) {

    /** @return a copy of the user PIN */
    public char[] pin() {
      return PIN.toCharArray();
    }

    /** @return the environment a process needs to see this token */
    public Map<String, String> environment() {
      return Map.of("SOFTHSM2_CONF", softhsmConf.toString());
    }

    /** @return the path of the SoftHSM2 module */
    public Path library() {
      return SoftHsm.library();
    }
  }

  /**
   * The token of this JVM, made on first use under {@code $SOFTHSM2_CONF} (whose directory is
   * emptied first).
   *
   * @return the token
   */
  public static synchronized Token shared() {
    if (shared == null) {
      String conf = System.getenv("SOFTHSM2_CONF");
      if (conf == null || conf.isBlank()) {
        throw new IllegalStateException("SOFTHSM2_CONF is not set: run the PKCS#11 tests through Maven, whose "
          + "surefire configuration points it at target/softhsm/softhsm2.conf");
      }
      Path dir = Path.of(conf).toAbsolutePath().getParent();
      deleteTree(dir);
      shared = create(dir, "ockam-test");
      if (!shared.softhsmConf().equals(Path.of(conf).toAbsolutePath())) {
        throw new IllegalStateException("SOFTHSM2_CONF must be named softhsm2.conf: " + conf);
      }
    }
    return shared;
  }

  /**
   * Makes a token in a directory of its own: writes {@code dir/softhsm2.conf} (token directory
   * {@code dir/tokens}) if missing, initializes a token with {@link #PIN} and writes a SunPKCS11
   * configuration {@code dir/<label>.cfg} naming its slot.
   *
   * @param dir the directory
   * @param label the token label
   * @return the token
   */
  public static Token create(Path dir, String label) {
    Path library = library();
    String util = tool("softhsm2-util", "softhsm2");
    try {
      Path tokens = dir.resolve("tokens");
      Files.createDirectories(tokens);
      Path conf = dir.resolve("softhsm2.conf");
      if (!Files.exists(conf)) {
        Files.writeString(conf, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\nlog.level = ERROR\n");
      }
      String out = run(Map.of("SOFTHSM2_CONF", conf.toString()), util, "--init-token", "--free", "--label", label,
        "--so-pin", SO_PIN, "--pin", PIN);
      Matcher m = Pattern.compile("reassigned to slot (\\d+)").matcher(out);
      if (!m.find()) {
        throw new IllegalStateException("softhsm2-util did not say which slot it used: " + out);
      }
      long slot = Long.parseLong(m.group(1));
      Path cfg = dir.resolve(label + ".cfg");
      Files.writeString(cfg, "name = SoftHSM\nlibrary = " + library + "\nslot = " + slot + "\n");
      return new Token(conf, label, slot, cfg);
    } catch (IOException e) {
      throw new IllegalStateException("cannot make a SoftHSM2 token in " + dir + ": " + e, e);
    }
  }

  /**
   * @return the SoftHSM2 PKCS#11 module
   * @throws IllegalStateException if SoftHSM2 is not installed
   */
  public static Path library() {
    for (String l : LIBRARIES) {
      if (Files.isRegularFile(Path.of(l))) {
        return Path.of(l);
      }
    }
    throw new IllegalStateException("the SoftHSM2 module libsofthsm2.so is not installed (looked in " + LIBRARIES
      + "): install SoftHSM2 (Debian/Ubuntu: apt-get install softhsm2 opensc), as .ci/run does");
  }

  /**
   * Finds a command on the PATH.
   *
   * @param name the command
   * @param debianPackage the package that provides it
   * @return its path
   * @throws IllegalStateException if it is not installed
   */
  public static String tool(String name, String debianPackage) {
    for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      Path p = Path.of(d.isEmpty() ? "." : d, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new IllegalStateException(name + " is not installed: install " + debianPackage
      + " (Debian/Ubuntu: apt-get install softhsm2 opensc), as .ci/run does");
  }

  /**
   * Deletes an object from a token with {@code pkcs11-tool} (OpenSC), from another process, as an
   * administrator would.
   *
   * @param token the token
   * @param type {@code privkey}, {@code pubkey} or {@code cert}
   * @param alias the object's key-store alias (SunPKCS11 writes it as {@code CKA_ID})
   */
  public static void deleteObject(Token token, String type, String alias) {
    run(token.environment(), tool("pkcs11-tool", "opensc"), "--module", library().toString(), "--slot",
      Long.toString(token.slot()), "--login", "--pin", PIN, "--delete-object", "--type", type, "--id",
      java.util.HexFormat.of().formatHex(alias.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Runs a command and returns its output.
   *
   * @param env extra environment variables
   * @param command the command and its arguments
   * @return stdout and stderr together
   * @throws IllegalStateException if it fails or takes more than a minute
   */
  public static String run(Map<String, String> env, String... command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().putAll(env);
      Process p = pb.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " did not finish");
      }
      String text = new String(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException(command[0] + " failed (exit " + p.exitValue() + "): " + text.strip());
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command[0] + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Deletes a directory tree if it exists.
   *
   * @param dir the directory
   */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot delete " + dir + ": " + e, e);
    }
  }
}
