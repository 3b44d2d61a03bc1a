package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one way the CLI tests run {@code ockam}: a real process of this build's {@link Main} on the test's
 * class path (the same JVM flags as {@code ./ockam}), with its own {@code OCKAM_HOME}, run as a script
 * would run it. Immutable: {@link #tty}, {@link #env}, {@link #cwd}, {@link #stdin} and {@link #inHome}
 * return a copy, so a test keeps one base and derives the variants it needs.
 *
 * <pre>
 * OckamCli cli = OckamCli.home(dir.resolve("home"));
 * String id = cli.ok("identity", "create", "alice");          // exit 0 asserted, stdout
 * OckamCli.Run r = cli.run("node", "show", "nope");            // any exit code
 * assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
 * </pre>
 *
 * Standard input is empty unless {@link #stdin} gives it; environment variables that change the
 * command's behaviour ({@code QUIET}, {@code OCKAM_TTY}, {@code OCKAM_HOME}, the retry settings) are
 * removed unless the test sets them.
 */
final class OckamCli {

  /** How long one command may take before the test fails. */
  static final long TIMEOUT_SECONDS = 120;

  private static final List<String> CLEARED = List.of("QUIET", "OCKAM_TTY", "OCKAM_HOME", "NO_INPUT",
    "OCKAM_COMMAND_RETRY_COUNT", "OCKAM_COMMAND_RETRY_DELAY", "OCKAM_LOG_LEVEL", "OCKAM_LOGGING");

  private final Path home;
  private final Boolean tty;
  private final Map<String, String> env;
  private final Path cwd;
  private final String stdin;

  private OckamCli(Path home, Boolean tty, Map<String, String> env, Path cwd, String stdin) {
    this.home = home;
    this.tty = tty;
    this.env = env;
    this.cwd = cwd;
    this.stdin = stdin;
  }

  /** Commands run with {@code home} as their {@code OCKAM_HOME}; standard output is a pipe. */
  static OckamCli home(Path home) {
    return new OckamCli(home, null, Map.of(), null, null);
  }

  /** The same, with another {@code OCKAM_HOME}. */
  OckamCli inHome(Path other) {
    return new OckamCli(other, tty, env, cwd, stdin);
  }

  /** The same, told that standard output is (or is not) a terminal ({@code -Dockam.tty}). */
  OckamCli tty(boolean terminal) {
    return new OckamCli(home, terminal, env, cwd, stdin);
  }

  /** The same, with these environment variables added. */
  OckamCli env(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.putAll(more);
    return new OckamCli(home, tty, Map.copyOf(all), cwd, stdin);
  }

  /** The same, run in this working directory. */
  OckamCli cwd(Path dir) {
    return new OckamCli(home, tty, env, dir, stdin);
  }

  /** The same, with this text (UTF-8) on standard input. */
  OckamCli stdin(String text) {
    return new OckamCli(home, tty, env, cwd, text);
  }

  /** The {@code OCKAM_HOME} of these commands. */
  Path home() {
    return home;
  }

  /** The command line that runs {@code ockam args...}. */
  List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(
      System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dockam.home=" + home));
    if (tty != null) {
      cmd.add("-Dockam.tty=" + tty);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A process builder for {@code ockam args...} with this harness's environment and directory. */
  ProcessBuilder builder(String... args) {
    ProcessBuilder pb = new ProcessBuilder(command(args));
    CLEARED.forEach(pb.environment()::remove);
    pb.environment().putAll(env);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    return pb;
  }

  /** Runs {@code ockam args...} to its end, whatever its exit code. */
  Run run(String... args) throws IOException, InterruptedException {
    Process p = builder(args).start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException closedEarly) {
      // the command did not read its input: what it printed still says what happened
    }
    String out = drain(p.getInputStream());
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("ockam " + String.join(" ", args) + " did not end in " + TIMEOUT_SECONDS + " s");
    }
    return new Run(p.exitValue(), out, err.join(), List.of(args));
  }

  /** Runs {@code ockam args...}, asserts that it exited with 0 and returns its standard output. */
  String ok(String... args) throws IOException, InterruptedException {
    return run(args).assertOk().out();
  }

  private static String drain(java.io.InputStream s) {
    try {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * One finished command.
   *
   * @param exitCode its exit code
   * @param out its standard output, as printed
   * @param err its standard error, as printed
   * @param args its arguments
   */
  record Run(int exitCode, String out, String err, List<String> args) {

    /** Standard output without leading and trailing white space. */
    String text() {
      return out.trim();
    }

    /** The last non-blank line of standard error: the error line, after any log lines. */
    String error() {
      String[] lines = err.strip().split("\n");
      return lines[lines.length - 1];
    }

    /** Asserts that the command exited with 0 (the message shows its standard error). */
    Run assertOk() {
      assertThat(exitCode).as("ockam %s: %s", String.join(" ", args), err).isZero();
      return this;
    }

    /** Asserts the exit code and that standard error contains {@code text}. */
    Run assertFails(int code, String text) {
      assertThat(exitCode).as("exit code of ockam %s (stderr: %s)", String.join(" ", args), err).isEqualTo(code);
      assertThat(err).as("stderr of ockam %s", String.join(" ", args)).contains(text);
      return this;
    }
  }
}
