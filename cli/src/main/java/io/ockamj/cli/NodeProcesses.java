package io.ockamj.cli;

import io.ockamj.store.OckamHome;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts nodes as background processes (this program again, with {@code --foreground}), waits for
 * them to be ready, and stops them.
 */
final class NodeProcesses {

  /** The line a foreground node prints when it is ready (CliIT relies on it). */
  static final Pattern READY = Pattern.compile("Node (\\S+) is running, listening on (\\S+), identity (I[0-9a-f]{64})");

  /**
   * JVM flags of background nodes; {@code OCKAM_NODE_JAVA_OPTS} replaces them. Small heap and serial
   * GC for a small footprint, but the full JIT: only C2 compiles AES-GCM to the CPU's AES and
   * carry-less multiply instructions, and portals measured 2-3 times slower with C1 alone. A fixed
   * 16 MiB young generation: with the default (about 9 MiB of eden on a heap that starts at 8 MiB)
   * a busy portal collected 300 times a second and filled the old generation with buffers in
   * flight, so full collections followed; portal direct 6.3-6.9 instead of 6.0-6.2 Gbit/s on
   * 2 cores, idle RSS 104-111 instead of 98-106 MiB.
   */
  static final List<String> DEFAULT_JVM_FLAGS = List.of("-XX:+UseSerialGC", "-Xss512k",
    "-Xms32m", "-Xmn16m", "-Xmx96m", "-XX:MaxMetaspaceSize=96m", "-XX:ReservedCodeCacheSize=48m", "-XX:MaxDirectMemorySize=64m",
    "-XX:+ExitOnOutOfMemoryError");

  private NodeProcesses() {
  }

  static Path nodeDir(String name) {
    return OckamHome.resolve().directory().resolve("nodes").resolve(name);
  }

  static Path stdout(String name) {
    return nodeDir(name).resolve("stdout.log");
  }

  static Path stderr(String name) {
    return nodeDir(name).resolve("stderr.log");
  }

  /** A node process that was started and the place in its error log where this start begins. */
  record Started(Process process, long stderrOffset) {
  }

  /** The node reported ready: its bound listener and identifier. */
  record Ready(String name, String address, String identifier, long pid) {
  }

  /**
   * Starts {@code ockam node create NAME --foreground ARGS...} in the background, output to the
   * node's log files.
   */
  static Started spawn(String name, List<String> nodeArgs) {
    return spawn(name, List.of("node", "create", name, "--foreground", "--child-process"), nodeArgs);
  }

  /**
   * Starts {@code ockam COMMAND... ARGS...} in the background as the process of node {@code name}
   * (e.g. {@code authority create NAME --foreground --child-process}), output to the node's log files.
   */
  static Started spawn(String name, List<String> command, List<String> nodeArgs) {
    Path dir = nodeDir(name);
    long offset;
    try {
      Files.createDirectories(dir);
      Files.write(stdout(name), new byte[0]);
      offset = Files.exists(stderr(name)) ? Files.size(stderr(name)) : 0;
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot write the node's logs under " + dir + ": "
        + e.getClass().getSimpleName() + " " + e.getMessage() + " (check OCKAM_HOME)");
    }
    List<String> jvm = jvmCommand();
    List<String> mainArgs = new ArrayList<>(command);
    mainArgs.addAll(nodeArgs);
    Optional<Started> spare = SpareNodes.take(jvm, mainArgs, stdout(name), stderr(name), offset);
    if (spare.isPresent()) {
      return spare.get();
    }
    List<String> cmd = new ArrayList<>(withSession(jvm));
    cmd.add(Main.class.getName());
    cmd.addAll(mainArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(stdout(name).toFile()))
      .redirectError(ProcessBuilder.Redirect.appendTo(stderr(name).toFile()))
      .redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '/' ? "/dev/null" : "NUL")));
    try {
      return new Started(pb.start(), offset);
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot start a node process: " + e.getMessage());
    }
  }

  /**
   * The java command a node process runs with, up to its main class: the java binary, the node's
   * JVM flags ({@link #DEFAULT_JVM_FLAGS} or {@code OCKAM_NODE_JAVA_OPTS}), the native SQLite library
   * and class-data archive of this launch, the state directory and the class path.
   */
  static List<String> jvmCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(
      System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
    String opts = System.getenv("OCKAM_NODE_JAVA_OPTS");
    if (opts != null && !opts.isBlank()) {
      cmd.addAll(List.of(opts.trim().split("\\s+")));
    } else {
      cmd.addAll(DEFAULT_JVM_FLAGS);
    }
    // the native SQLite library the launcher took out of the jar, if any
    for (String p : List.of("org.sqlite.lib.path", "org.sqlite.lib.name", "org.sqlite.tmpdir")) {
      if (System.getProperty(p) != null) {
        cmd.add("-D" + p + "=" + System.getProperty(p));
      }
    }
    // the class-data archive the launcher made for this jar, if any: the node loads its classes from it
    String cds = System.getProperty("ockam.cds");
    if (cds != null && Files.isRegularFile(Path.of(cds))) {
      // at the address it was dumped for, not relocated (see the ockam script)
      cmd.addAll(List.of("-XX:SharedArchiveFile=" + cds, "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0",
        "-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
    }
    if (cds != null) {
      // a spare node process starts the next one with the same command
      cmd.add("-Dockam.cds=" + cds);
    }
    cmd.add("-D" + OckamHome.PROPERTY + "=" + OckamHome.resolve().directory());
    String format = System.getProperty("java.util.logging.SimpleFormatter.format");
    if (format != null) {
      cmd.add("-Djava.util.logging.SimpleFormatter.format=" + format);
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    return cmd;
  }

  /** A command in a session of its own, where the system can: closing the terminal does not hang the node up. */
  static List<String> withSession(List<String> command) {
    if (!new File("/usr/bin/setsid").canExecute()) {
      return command;
    }
    List<String> cmd = new ArrayList<>();
    cmd.add("/usr/bin/setsid");
    cmd.addAll(command);
    return cmd;
  }

  /**
   * Waits for the ready line; fails with the node's own error line (and exit code) if it exits first.
   */
  static Ready awaitReady(String name, Started started, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try (Spinner spinner = Spinner.start("Starting node " + name)) {
      while (true) {
        Optional<Ready> ready = readyLine(name, started.process().pid());
        if (ready.isPresent()) {
          // the next node of this home starts from a spare process, if it may (a node in a spare starts
          // the next one itself, once it is ready: not on this command's time)
          if (started.process() instanceof SpareNodes.Taken taken) {
            taken.release();
          } else {
            SpareNodes.ensure();
          }
          return ready.get();
        }
        if (started.process().waitFor(10, TimeUnit.MILLISECONDS)) {
          ready = readyLine(name, started.process().pid());
          if (ready.isPresent()) {
            return ready.get();
          }
          int code = started.process().exitValue();
          String reason = lastError(name, started.stderrOffset());
          if (started.process() instanceof SpareNodes.Taken) {
            // the spare that ran it is gone too
            SpareNodes.ensure();
          }
          throw new ExitCodes.CliException(code == 0 ? ExitCodes.FAILURE : code,
            NodeCommand.isAlreadyRunning(reason) ? reason : "node " + name + " did not start: " + reason);
        }
        if (System.nanoTime() > deadline) {
          started.process().destroyForcibly();
          throw new ExitCodes.CliException(ExitCodes.TIMEOUT, "node " + name + " did not start within "
            + timeout.toSeconds() + " s; see 'ockam node logs " + name + "'");
        }
      }
    }
  }

  private static Optional<Ready> readyLine(String name, long pid) throws IOException {
    Path out = stdout(name);
    if (!Files.exists(out)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      Matcher m = READY.matcher(line);
      if (m.matches()) {
        return Optional.of(new Ready(m.group(1), m.group(2), m.group(3), pid));
      }
    }
    return Optional.empty();
  }

  /** The last {@code error:} line the node wrote to its error log since {@code offset}. */
  static String lastError(String name, long offset) {
    try (RandomAccessFile f = new RandomAccessFile(stderr(name).toFile(), "r")) {
      long len = f.length();
      long from = Math.max(offset, len - 64 * 1024);
      byte[] b = new byte[(int) (len - from)];
      f.seek(from);
      f.readFully(b);
      String[] lines = new String(b, StandardCharsets.UTF_8).split("\n");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (lines[i].startsWith("error: ")) {
          return lines[i].substring("error: ".length()).trim();
        }
      }
      for (int i = lines.length - 1; i >= 0; i--) {
        if (!lines[i].isBlank()) {
          return lines[i].trim();
        }
      }
    } catch (IOException ignored) {
      // no log
    }
    return "it exited; see 'ockam node logs " + name + "'";
  }

  /**
   * Stops a process: SIGTERM, then waits; after {@code grace} it is killed.
   *
   * @return {@code true} if it exited within the grace period
   */
  static boolean stop(long pid, Duration grace) throws InterruptedException {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    return h.isEmpty() || stop(h.get(), grace);
  }

  /**
   * Stops a process as {@link #stop(long, Duration)} does. The handle keeps the start of the process
   * it was taken for: once that one has ended, it neither waits for nor signals the process that got
   * its pid after it.
   *
   * @return {@code true} if it exited within the grace period
   */
  static boolean stop(ProcessHandle h, Duration grace) throws InterruptedException {
    if (!running(h)) {
      return true;
    }
    h.destroy();
    if (awaitExit(h, grace)) {
      return true;
    }
    h.destroyForcibly();
    awaitExit(h, Duration.ofSeconds(5));
    return false;
  }

  /**
   * Waits for as long as it takes until a process has exited (see {@link #running}: not the JDK's
   * {@code onExit}, which waits for an exited node until it is reaped, in some containers for ever).
   *
   * @param h the process
   * @throws InterruptedException if interrupted
   */
  static void awaitEnd(ProcessHandle h) throws InterruptedException {
    while (running(h)) {
      Thread.sleep(100);
    }
  }

  /** Polls (a node is not our child: nothing tells us when it ends) until the process has exited. */
  private static boolean awaitExit(ProcessHandle h, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (running(h)) {
      if (System.nanoTime() - end >= 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /**
   * A process's whole command line, its arguments separated by spaces. The JDK's
   * {@code ProcessHandle.Info} cuts it at 4096 bytes on Linux, before the main class of a JVM with a
   * long class path; {@code /proc} has all of it.
   *
   * @param h the process
   * @return its command line; empty if the system does not say
   */
  static Optional<String> commandLine(ProcessHandle h) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
      return Optional.of(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
    } catch (IOException | RuntimeException e) {
      return h.info().commandLine();
    }
  }

  /**
   * Whether a process runs: alive and not a zombie. A node whose parent (the command that started it)
   * has exited is reaped by the system's init process; where that one does not reap promptly (a
   * container whose first process is a shell or the application), an exited node stays a zombie and
   * the JDK calls it alive, so a stop waited its whole grace period and then reported a kill.
   *
   * @param h the process
   * @return {@code true} if it is still running
   */
  static boolean running(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"), StandardCharsets.US_ASCII);
      // pid (comm) state ...: the name may hold spaces and parentheses, the state follows the last ')'
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      // no /proc (not Linux) or the process is gone meanwhile
      return h.isAlive();
    }
  }
}
