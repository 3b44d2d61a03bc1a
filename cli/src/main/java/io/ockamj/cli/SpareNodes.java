package io.ockamj.cli;

import io.ockamj.store.OckamHome;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Spare node processes, the command line's side: a node of this home starts in a JVM that was
 * started and warmed up beforehand (a {@link SpareNode}), instead of a new one, which takes most of
 * a {@code node create}. After a node reports ready, the next spare is started in the background.
 *
 * <p>A spare takes a node only if it was started exactly as the node would be (the same java
 * command, flags and class path, the same working directory and environment); otherwise it declines
 * and exits, and the node starts in a new process as before. It lives in {@code OCKAM_HOME/spare/}
 * and exits when it has been idle for {@code OCKAM_SPARE_NODE_IDLE} (default 60s), when the state
 * directory goes away or when another build of the jar runs. {@code OCKAM_SPARE_NODE=0} turns
 * spares off.
 */
final class SpareNodes {

  /** {@code 0}, {@code false}, {@code off} or {@code no}: no spare processes. */
  static final String ENV = "OCKAM_SPARE_NODE";
  /** How long a spare waits for a node before it exits, e.g. {@code 60s} (the default) or {@code 10m}. */
  static final String ENV_IDLE = "OCKAM_SPARE_NODE_IDLE";
  /** The system property holding the hash of the command a spare was started with. */
  static final String COMMAND_PROPERTY = "ockam.spare.command";
  /** The system property naming the file a spare's own output goes to. */
  static final String LOG_PROPERTY = "ockam.spare.log";
  static final int MAGIC = 0x4f4b5331;
  private static final int WAITING = 0;
  private static final int COMMITTED = 1;
  private static final int ABANDONED = 2;
  /** How long a node start waits for a spare that warms up before it starts a process of its own. */
  static final Duration WAIT_FOR_WARM_UP = Duration.ofSeconds(1);
  /** Environment variables that differ between two commands of one script without changing a node. */
  static final Set<String> VOLATILE_ENV = Set.of("_", "SHLVL", "OLDPWD");

  private SpareNodes() {
  }

  static boolean enabled() {
    String v = System.getenv(ENV);
    return v == null || !Set.of("0", "false", "off", "no").contains(v.trim().toLowerCase(Locale.ROOT));
  }

  static Path directory() {
    return OckamHome.resolve().directory().resolve("spare");
  }

  static Path socket() {
    return directory().resolve("node.sock");
  }

  static Path pidFile() {
    return directory().resolve("node.pid");
  }

  /** @return whether spares are on and one waits for a node of this home */
  static boolean waiting() {
    return enabled() && Files.exists(socket());
  }

  /** The hash a spare started with {@code jvm} carries: the same for the same command. */
  static String commandHash(List<String> jvm) {
    return Integer.toHexString(jvm.hashCode());
  }

  /**
   * Hands a node to the spare process of this home, if there is one and it takes it.
   *
   * @param jvm the java command the node would be started with ({@link NodeProcesses#jvmCommand()})
   * @param mainArgs the node's command line ({@code node create NAME --foreground --child-process ...})
   * @param stdout the node's standard output log
   * @param stderr the node's error log
   * @param stderrOffset where this start begins in the error log
   * @return the node's process, or empty: start one
   */
  static Optional<NodeProcesses.Started> take(List<String> jvm, List<String> mainArgs, Path stdout, Path stderr, long stderrOffset) {
    Path socket = socket();
    if (!enabled()) {
      return Optional.empty();
    }
    // a spare that is still warming up is further on than a new process would be: wait for it a while
    long until = System.nanoTime() + WAIT_FOR_WARM_UP.toNanos();
    while (!Files.exists(socket) && System.nanoTime() - until < 0 && runningSpare(pidFile())) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    if (!Files.exists(socket)) {
      return Optional.empty();
    }
    SocketChannel ch = null;
    try {
      ch = SocketChannel.open(StandardProtocolFamily.UNIX);
      ch.connect(UnixDomainSocketAddress.of(socket));
      SocketChannel channel = ch;
      java.util.concurrent.atomic.AtomicInteger commit = new java.util.concurrent.atomic.AtomicInteger(WAITING);
      CompletableFuture<Long> answer = CompletableFuture.supplyAsync(() -> {
        try {
          DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(channel)));
          out.writeInt(MAGIC);
          out.writeUTF(commandHash(jvm));
          out.writeUTF(System.getProperty("user.dir"));
          Map<String, String> env = System.getenv();
          out.writeInt(env.size());
          for (Map.Entry<String, String> e : env.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeUTF(e.getValue());
          }
          out.writeUTF(stdout.toString());
          out.writeUTF(stderr.toString());
          out.writeInt(mainArgs.size());
          for (String a : mainArgs) {
            out.writeUTF(a);
          }
          out.flush();
          DataInputStream in = new DataInputStream(Channels.newInputStream(channel));
          if (!in.readUTF().equals("ok")) {
            return -1L;
          }
          long spare = in.readLong();
          // the spare becomes the node only on this byte, sent only while this command still waits for it:
          // a command that gave up starts a process of its own, and never two processes run one node
          if (!commit.compareAndSet(WAITING, COMMITTED)) {
            return -1L;
          }
          out.writeByte(1);
          out.flush();
          return spare;
        } catch (IOException e) {
          return -1L;
        }
      }, SpareNodes::daemon);
      long pid;
      try {
        pid = answer.get(3, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        if (commit.compareAndSet(WAITING, ABANDONED)) {
          throw e;
        }
        // committed meanwhile: the spare is the node
        pid = answer.get();
      }
      Optional<ProcessHandle> handle = pid > 0 ? ProcessHandle.of(pid) : Optional.empty();
      if (handle.isEmpty()) {
        ch.close();
        return Optional.empty();
      }
      return Optional.of(new NodeProcesses.Started(new Taken(handle.get(), ch), stderrOffset));
    } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException | TimeoutException
             | RuntimeException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      closeQuietly(ch);
      return Optional.empty();
    }
  }

  /**
   * Starts a spare process for this home in the background unless spares are off or one runs
   * already; returns at once.
   */
  static void ensure() {
    if (!enabled() || idle().isZero()) {
      return;
    }
    try {
      Path dir = directory();
      if (runningSpare(pidFile())) {
        return;
      }
      // what a spare that ended without cleaning up left
      Files.deleteIfExists(socket());
      createDirectory(dir);
      List<String> jvm = NodeProcesses.jvmCommand();
      Path log = dir.resolve("spare.log");
      List<String> cmd = new ArrayList<>(jvm);
      // the properties go before the class path (java reads options up to the main class)
      int cp = cmd.indexOf("-cp");
      cmd.add(cp, "-D" + COMMAND_PROPERTY + "=" + commandHash(jvm));
      cmd.add(cp + 1, "-D" + LOG_PROPERTY + "=" + log);
      cmd.add(SpareNode.class.getName());
      new ProcessBuilder(NodeProcesses.withSession(cmd))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    } catch (IOException | RuntimeException e) {
      // no spare: the next node starts a process of its own, as without spares; the log says why
      try {
        Files.writeString(directory().resolve("spare.log"), "no spare node process started: " + e + System.lineSeparator(),
          java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } catch (IOException | RuntimeException ignored) {
        // nowhere to say it
      }
    }
  }

  /** The spare directory, for its owner alone where the file system has permissions (the socket runs nodes). */
  static void createDirectory(Path dir) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createDirectories(dir, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
      Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    } else {
      Files.createDirectories(dir);
    }
  }

  /**
   * Ends the spare process of this home, if one waits (a spare that became a node meanwhile has
   * removed its pid file and is left alone).
   */
  static void stop() {
    spareProcess(pidFile()).ifPresent(ProcessHandle::destroy);
  }

  /** Whether the pid file names a live process (a spare that is still warming up). */
  static boolean runningSpare(Path pidFile) {
    return spareProcess(pidFile).isPresent();
  }

  /**
   * The spare process the pid file names, if it runs: the pid must name a process that was started
   * as a spare (its command line sets {@link #COMMAND_PROPERTY}), not one that got the pid of a spare that
   * was killed without cleaning up (the system gives pids again).
   *
   * @param pidFile the pid file
   * @return the process
   */
  static Optional<ProcessHandle> spareProcess(Path pidFile) {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return ProcessHandle.of(pid).filter(NodeProcesses::running)
        .filter(h -> NodeProcesses.commandLine(h).map(c -> c.contains("-D" + COMMAND_PROPERTY + "=")).orElse(true));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** {@link #ENV_IDLE}, or 60 seconds. */
  static Duration idle() {
    String v = System.getenv(ENV_IDLE);
    if (v == null || v.isBlank()) {
      return Duration.ofSeconds(60);
    }
    try {
      return Durations.parse(v);
    } catch (RuntimeException e) {
      return Duration.ofSeconds(60);
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r, "ockam-spare-node");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(SocketChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /**
   * A node running in a spare process: not a child of this command, so its exit code comes over
   * the spare's socket, if the node exits while this command waits for it.
   */
  static final class Taken extends Process {
    private final ProcessHandle handle;
    private final SocketChannel channel;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    Taken(ProcessHandle handle, SocketChannel channel) {
      this.handle = handle;
      this.channel = channel;
      daemon(() -> {
        try {
          exit.complete(new DataInputStream(Channels.newInputStream(channel)).readInt());
        } catch (IOException e) {
          // the socket closed without an exit code: the process ended otherwise (or this command is done)
        } finally {
          closeQuietly(channel);
        }
      });
    }

    /**
     * The node is ready: its exit code is no longer awaited. (A thread blocked reading the socket
     * would hold this command's exit for 300 ms: the JVM waits that long for threads in native code.)
     */
    void release() {
      closeQuietly(channel);
    }

    @Override
    public OutputStream getOutputStream() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
      while (!waitFor(100, TimeUnit.MILLISECONDS)) {
        // polled: the node is not our child
      }
      return exitValue();
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        exit.get(timeout, unit);
        return true;
      } catch (TimeoutException e) {
        return !NodeProcesses.running(handle);
      } catch (java.util.concurrent.ExecutionException e) {
        return true;
      }
    }

    @Override
    public int exitValue() {
      Integer code = exit.getNow(null);
      if (code != null) {
        return code;
      }
      if (NodeProcesses.running(handle)) {
        throw new IllegalThreadStateException("the node still runs");
      }
      return ExitCodes.FAILURE;
    }

    @Override
    public void destroy() {
      handle.destroy();
    }

    @Override
    public Process destroyForcibly() {
      handle.destroyForcibly();
      return this;
    }

    @Override
    public boolean isAlive() {
      return NodeProcesses.running(handle);
    }

    @Override
    public long pid() {
      return handle.pid();
    }

    @Override
    public ProcessHandle toHandle() {
      return handle;
    }
  }
}
