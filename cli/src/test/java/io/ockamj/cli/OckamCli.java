package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way the CLI tests run {@code ockam}: a real process of this build's {@link Main} on the test's
 * class path (the same JVM flags as {@code ./ockam}), with its own {@code OCKAM_HOME}, run as a script
 * would run it. Immutable: {@link #tty}, {@link #env}, {@link #cwd}, {@link #stdin}, {@link #inHome} and
 * {@link #packaged} return a copy, so a test keeps one base and derives the variants it needs.
 *
 * <pre>
 * OckamCli cli = OckamCli.home(dir.resolve("home"));
 * String id = cli.ok("identity", "create", "alice");          // exit 0 asserted, stdout
 * OckamCli.Run r = cli.run("node", "show", "nope");            // any exit code
 * assertThat(r.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE);
 * </pre>
 *
 * Standard input is empty unless {@link #stdin} gives it; environment variables that change the
 * command's behaviour ({@code QUIET}, {@code NO_COLOR}, {@code OCKAM_TTY}, {@code OCKAM_HOME}, the retry
 * settings, the PKCS#11 PIN) are removed unless the test sets them, and spare node processes are off
 * ({@code OCKAM_SPARE_NODE=0}) unless it turns them on. The background nodes and foreground processes a test
 * starts are tracked by a {@link Spawned}, which kills what is left of them at the end.
 */
final class OckamCli {

  /** How long one command may take before the test fails. */
  static final long TIMEOUT_SECONDS = 120;

  private static final List<String> CLEARED = List.of("QUIET", "NO_COLOR", "OCKAM_TTY", "OCKAM_HOME", "NO_INPUT",
    "OCKAM_COMMAND_RETRY_COUNT", "OCKAM_COMMAND_RETRY_DELAY", "OCKAM_LOG_LEVEL", "OCKAM_LOGGING", "OCKAM_PKCS11_PIN");

  /** Reads the commands' standard error: threads of its own, so that parallel commands never wait for a pool. */
  private static final ExecutorService READERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "ockam-output");
    t.setDaemon(true);
    return t;
  });

  /** The line a foreground node prints when it is ready: its name, port and identifier. */
  private static final Pattern READY =
    Pattern.compile("Node (\\S+) is running, listening on 127\\.0\\.0\\.1:(\\d+), identity (I[0-9a-f]{64})");

  private final Path home;
  private final boolean homeInEnvironment;
  private final boolean packaged;
  private final Boolean tty;
  private final Map<String, String> env;
  private final Path cwd;
  private final String stdin;

  private OckamCli(Path home, boolean homeInEnvironment, boolean packaged, Boolean tty, Map<String, String> env, Path cwd,
      String stdin) {
    this.home = home;
    this.homeInEnvironment = homeInEnvironment;
    this.packaged = packaged;
    this.tty = tty;
    this.env = env;
    this.cwd = cwd;
    this.stdin = stdin;
  }

  /** Commands run with {@code home} as their {@code OCKAM_HOME} ({@code -Dockam.home}); standard output is a pipe. */
  static OckamCli home(Path home) {
    return new OckamCli(home, false, false, null, Map.of(), null, null);
  }

  /**
   * Commands given {@code home} as the environment variable {@code OCKAM_HOME} only, without
   * {@code -Dockam.home}: for the tests of how the command finds its home.
   */
  static OckamCli homeInEnvironment(Path home) {
    return new OckamCli(home, true, false, null, Map.of(), null, null);
  }

  /** The same, with another {@code OCKAM_HOME}. */
  OckamCli inHome(Path other) {
    return new OckamCli(other, homeInEnvironment, packaged, tty, env, cwd, stdin);
  }

  /**
   * The same, run from the fat jar ({@code java -jar target/*-fat.jar}, what {@code ./ockam} runs) when
   * the package phase made it, else from the test class path as usual.
   */
  OckamCli packaged() {
    return new OckamCli(home, homeInEnvironment, true, tty, env, cwd, stdin);
  }

  /** The same, told that standard output is (or is not) a terminal ({@code -Dockam.tty}). */
  OckamCli tty(boolean terminal) {
    return new OckamCli(home, homeInEnvironment, packaged, terminal, env, cwd, stdin);
  }

  /** The same, with these environment variables added (they win over {@link #home} and the cleared ones). */
  OckamCli env(Map<String, String> more) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.putAll(more);
    return new OckamCli(home, homeInEnvironment, packaged, tty, Map.copyOf(all), cwd, stdin);
  }

  /** The same, run in this working directory. */
  OckamCli cwd(Path dir) {
    return new OckamCli(home, homeInEnvironment, packaged, tty, env, dir, stdin);
  }

  /** The same, with this text (UTF-8) on standard input. */
  OckamCli stdin(String text) {
    return new OckamCli(home, homeInEnvironment, packaged, tty, env, cwd, text);
  }

  /** The {@code OCKAM_HOME} of these commands. */
  Path home() {
    return home;
  }

  /** The command line that runs {@code ockam args...}. */
  List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(
      System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    if (!homeInEnvironment) {
      cmd.add("-Dockam.home=" + home);
    }
    if (tty != null) {
      cmd.add("-Dockam.tty=" + tty);
    }
    File[] fat = packaged ? new File("target").listFiles((d, n) -> n.endsWith("-fat.jar")) : null;
    if (fat != null && fat.length == 1) {
      cmd.addAll(List.of("-jar", fat[0].getAbsolutePath()));
    } else {
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    }
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A process builder for {@code ockam args...} with this harness's environment and directory. */
  ProcessBuilder builder(String... args) {
    ProcessBuilder pb = new ProcessBuilder(command(args));
    CLEARED.forEach(pb.environment()::remove);
    if (homeInEnvironment) {
      pb.environment().put("OCKAM_HOME", home.toString());
    }
    // no spare node processes (a JVM each, warming up beside the tests) unless a test asks: SpareNodeIT
    pb.environment().put(SpareNodes.ENV, "0");
    pb.environment().putAll(env);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    return pb;
  }

  /** Runs {@code ockam args...} to its end, whatever its exit code. */
  Run run(String... args) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Process p = builder(args).start();
    // both outputs are read on threads of their own, so a command that never ends fails the test at
    // the timeout instead of blocking it on a read
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()), READERS);
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()), READERS);
    try (var in = p.getOutputStream()) {
      if (stdin != null) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException closedEarly) {
      // the command did not read its input: what it printed still says what happened
    }
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("ockam " + String.join(" ", args) + " did not end in " + TIMEOUT_SECONDS + " s; stdout: "
        + out.getNow("") + " stderr: " + err.getNow(""));
    }
    try {
      return new Run(p.exitValue(), out.get(30, TimeUnit.SECONDS), err.get(30, TimeUnit.SECONDS), List.of(args),
        (System.nanoTime() - t0) / 1_000_000);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("the output of ockam " + String.join(" ", args) + " could not be read to its end", e);
    }
  }

  /** Runs {@code ockam args...}, asserts that it exited with 0 and returns its standard output. */
  String ok(String... args) throws IOException, InterruptedException {
    return run(args).assertOk().out();
  }

  /** Runs {@code ockam args...}, asserts that it exited with 0 and returns its standard output as a JSON object. */
  JsonObject json(String... args) throws IOException, InterruptedException {
    return new JsonObject(ok(args));
  }

  /** Runs {@code ockam args...}, asserts that it exited with 0 and returns its standard output as a JSON array. */
  JsonArray jsonArray(String... args) throws IOException, InterruptedException {
    return new JsonArray(ok(args));
  }

  /**
   * Starts {@code ockam node create NAME --foreground --tcp-listener-address 127.0.0.1:0 more...} (its
   * standard error discarded), tracked by {@code spawned}, and waits for the line that says it is ready.
   */
  Foreground foreground(Spawned spawned, String name, String... more) throws IOException {
    List<String> args = new ArrayList<>(List.of("node", "create", name, "--foreground"));
    args.addAll(List.of(more));
    args.addAll(List.of("--tcp-listener-address", "127.0.0.1:0"));
    Process p = spawned.process(builder(args.toArray(String[]::new)).redirectError(ProcessBuilder.Redirect.DISCARD).start());
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    assertThat(line).as("the ready line of node %s", name).isNotNull();
    Matcher m = READY.matcher(line);
    assertThat(m.matches()).as("ready line: %s", line).isTrue();
    assertThat(m.group(1)).isEqualTo(name);
    return new Foreground(p, Integer.parseInt(m.group(2)), m.group(3));
  }

  private static String drain(java.io.InputStream s) {
    try {
      return new String(s.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * A foreground node that said it is ready.
   *
   * @param process its process
   * @param port the port of its TCP listener on 127.0.0.1
   * @param identifier the identifier of its identity
   */
  record Foreground(Process process, int port, String identifier) {

    /** Stops the node as Ctrl-C would (SIGTERM) and waits for its end. */
    void stop() throws InterruptedException {
      process.destroy();
      assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("the foreground node ended").isTrue();
    }
  }

  /**
   * What a test started and must not leave behind: background nodes by pid (as {@code node create}
   * reports them) and foreground processes. Safe to use from several threads; {@link #close} kills
   * what is still alive.
   */
  static final class Spawned implements AutoCloseable {

    // pid -> the start time of the process tracked under it: once that process has ended, the system
    // gives its pid to another (it wraps at 32768 here, and threads count), maybe another test's node
    private final Map<Long, java.time.Instant> pids = new ConcurrentHashMap<>();
    private final Set<Process> processes = ConcurrentHashMap.newKeySet();

    /** Tracks a background process by its pid, if it still runs; returns the pid. */
    long pid(long pid) {
      ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).ifPresent(t -> pids.put(pid, t));
      return pid;
    }

    /** Tracks the process named by the {@code pid} field of a command's JSON (a node, an authority); returns the JSON. */
    JsonObject node(JsonObject json) {
      pid(json.getLong("pid"));
      return json;
    }

    /** Tracks a process this test started; returns it. */
    Process process(Process p) {
      processes.add(p);
      return p;
    }

    /** The pids tracked so far. */
    Set<Long> pids() {
      return Set.copyOf(pids.keySet());
    }

    /** Whether the process {@code pid} runs (an exited process nobody reaped yet does not: see {@link NodeProcesses#running}). */
    static boolean alive(long pid) {
      return ProcessHandle.of(pid).map(NodeProcesses::running).orElse(false);
    }

    /**
     * Kills (SIGKILL) every tracked process still alive and waits (10 s at most each) for its end. A
     * pid is killed only while it names the process that was tracked (same start time), never the
     * process that got the pid after it.
     */
    @Override
    public void close() {
      List<ProcessHandle> killed = new ArrayList<>();
      processes.forEach(p -> killed.add(p.toHandle()));
      pids.forEach((pid, started) -> ProcessHandle.of(pid)
        .filter(h -> h.info().startInstant().map(started::equals).orElse(false))
        .ifPresent(killed::add));
      killed.forEach(ProcessHandle::destroyForcibly);
      for (ProcessHandle h : killed) {
        // not onExit(): a killed node nobody reaps stays a zombie, which the JDK waits for as if alive
        try {
          io.ockamj.testing.Await.until("process " + h.pid() + " ended", () -> !NodeProcesses.running(h), java.time.Duration.ofSeconds(10));
        } catch (AssertionError stillThere) {
          // nothing more a test can do; the next ones use homes of their own
        }
      }
    }
  }

  /**
   * One finished command.
   *
   * @param exitCode its exit code
   * @param out its standard output, as printed
   * @param err its standard error, as printed
   * @param args its arguments
   * @param millis how long it ran, from its start to its end, in milliseconds
   */
  record Run(int exitCode, String out, String err, List<String> args, long millis) {

    /** Standard output without leading and trailing white space. */
    String text() {
      return out.trim();
    }

    /** Standard error without leading and trailing white space. */
    String errText() {
      return err.strip();
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

    /**
     * Asserts the exit code and that standard error is one line, {@code error: ...}, that contains each
     * of {@code texts} and no stack trace.
     */
    Run assertOneLineError(int code, String... texts) {
      assertThat(exitCode).as("exit code of ockam %s (stderr: %s)", String.join(" ", args), err).isEqualTo(code);
      assertThat(errText()).as("stderr of ockam %s", String.join(" ", args)).startsWith("error: ").contains(texts)
        .doesNotContain("\n").doesNotContain("Exception");
      return this;
    }
  }
}
