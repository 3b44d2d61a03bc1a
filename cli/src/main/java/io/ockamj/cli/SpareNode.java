package io.ockamj.cli;

import io.ockamj.store.OckamHome;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A spare node process (see {@link SpareNodes}): started by the command line after a node of its
 * home reported ready, it runs a node of its own in a scratch directory and stops it (so the
 * classes a node needs are loaded and initialized), then waits on {@code OCKAM_HOME/spare/node.sock}
 * for the next {@code node create}, {@code node start} or {@code authority create} of that home, and
 * becomes that node: its output goes to the node's logs and it runs the node's command line, as a
 * new process would. Anything the JVM itself prints later (not the node) is in the node's
 * {@code jvm.log}.
 */
public final class SpareNode {

  private static final int MAX_ITEMS = 4096;

  private final Path home;
  private final Path dir;
  private final String command;
  private final AtomicBoolean taken = new AtomicBoolean();
  private volatile long lastUse = System.nanoTime();
  private long warmUpMillis;
  private ServerSocketChannel server;

  private SpareNode(Path home, String command) {
    this.home = home;
    this.dir = home.resolve("spare");
    this.command = command;
  }

  /**
   * Runs a spare process until it becomes a node (then until that node stops) or gives up.
   *
   * @param args none
   */
  public static void main(String[] args) {
    Path home = OckamHome.resolve().directory();
    String command = System.getProperty(SpareNodes.COMMAND_PROPERTY, "");
    System.exit(new SpareNode(home, command).run());
  }

  private int run() {
    try {
      SpareNodes.createDirectory(dir);
      if (!claimPidFile()) {
        return ExitCodes.OK;
      }
      long t0 = System.nanoTime();
      warmUp();
      warmUpMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      server = bind();
      if (server == null) {
        return cleanUp(ExitCodes.OK);
      }
      lastUse = System.nanoTime();
      watch();
      while (true) {
        SocketChannel client;
        try {
          client = server.accept();
        } catch (IOException e) {
          // closed by the watch: idle, or the home or the jar is gone
          return cleanUp(ExitCodes.OK);
        }
        lastUse = System.nanoTime();
        Integer code = serve(client);
        if (code != null) {
          return code;
        }
      }
    } catch (Exception e) {
      System.err.println("spare node: " + e);
      return cleanUp(ExitCodes.FAILURE);
    }
  }

  /** The pid file names this process, unless another live spare holds it. */
  private boolean claimPidFile() throws IOException {
    Path pid = SpareNodes.pidFile();
    String self = Long.toString(ProcessHandle.current().pid());
    try {
      Files.writeString(Files.createFile(pid), self);
      return true;
    } catch (FileAlreadyExistsException e) {
      if (SpareNodes.runningSpare(pid)) {
        return false;
      }
      Files.writeString(pid, self);
      return true;
    }
  }

  /**
   * A node of its own in a scratch state directory, started and stopped with the output off: the
   * node's classes and those of Vert.x, Netty, SQLite and the crypto providers are then loaded and
   * initialized, which is most of a node's start-up.
   */
  private void warmUp() throws Exception {
    PrintStream out = System.out;
    PrintStream err = System.err;
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    Path scratch = Files.createTempDirectory(dir, "warm-up-");
    try {
      PrintStream none = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
      System.setOut(none);
      System.setErr(none);
      root.setLevel(Level.OFF);
      System.setProperty(OckamHome.PROPERTY, scratch.toString());
      Main.parseOnly("node", "create", "warm-up", "--foreground", "--child-process", "--tcp-listener-address", "127.0.0.1:0");
      NodeForeground node = new NodeForeground("warm-up", "127.0.0.1:0", null, List.of(), List.of(), true, null, null);
      node.start(false).get().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } finally {
      System.setProperty(OckamHome.PROPERTY, home.toString());
      System.setOut(out);
      System.setErr(err);
      root.setLevel(level);
      deleteTree(scratch);
    }
  }

  /** Listens on the home's spare socket, unless another spare does. */
  private ServerSocketChannel bind() throws IOException {
    Path socket = SpareNodes.socket();
    if (Files.exists(socket)) {
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        probe.connect(UnixDomainSocketAddress.of(socket));
        return null;
      } catch (IOException e) {
        Files.deleteIfExists(socket);
      }
    }
    ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    s.bind(UnixDomainSocketAddress.of(socket));
    return s;
  }

  /** Closes the socket when the spare has waited long enough or has no reason to wait any more. */
  private void watch() {
    long idle = SpareNodes.idle().toNanos();
    Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]);
    Thread t = new Thread(() -> {
      while (!taken.get()) {
        boolean stale = System.nanoTime() - lastUse > idle || !Files.isDirectory(home) || !Files.exists(jar)
          || !Long.toString(ProcessHandle.current().pid()).equals(readPid());
        if (stale && taken.compareAndSet(false, true)) {
          // (a client that connected and sends nothing does not keep the spare either)
          System.exit(cleanUp(ExitCodes.OK));
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "ockam-spare-watch");
    t.setDaemon(true);
    t.start();
  }

  private String readPid() {
    try {
      return Files.readString(SpareNodes.pidFile()).trim();
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * One request: declines (and ends the spare) when it was not started as the request's node would
   * be; else becomes that node.
   *
   * @return the exit code to end with, or {@code null} to wait for another request
   */
  private Integer serve(SocketChannel client) throws Exception {
    DataInputStream in = new DataInputStream(Channels.newInputStream(client));
    DataOutputStream out = new DataOutputStream(Channels.newOutputStream(client));
    List<String> mainArgs = new ArrayList<>();
    String reason;
    Path stdout;
    Path stderr;
    try {
      if (in.readInt() != SpareNodes.MAGIC) {
        client.close();
        return null;
      }
      String hash = in.readUTF();
      String cwd = in.readUTF();
      int n = bounded(in.readInt());
      Map<String, String> env = new HashMap<>();
      for (int i = 0; i < n; i++) {
        env.put(in.readUTF(), in.readUTF());
      }
      stdout = Path.of(in.readUTF());
      stderr = Path.of(in.readUTF());
      n = bounded(in.readInt());
      for (int i = 0; i < n; i++) {
        mainArgs.add(in.readUTF());
      }
      reason = !nodeProcess(mainArgs) ? "not a node's command line" : !hash.equals(command) ? "another java command"
        : !cwd.equals(System.getProperty("user.dir")) ? "another working directory"
        : !withoutVolatile(env).equals(withoutVolatile(System.getenv())) ? "another environment" : null;
    } catch (IOException e) {
      client.close();
      return null;
    }
    if (reason != null || !taken.compareAndSet(false, true)) {
      out.writeUTF("no: " + (reason == null ? "closing" : reason));
      out.flush();
      client.close();
      // a spare made for other commands: the next node starts one that fits
      return cleanUp(ExitCodes.OK);
    }
    out.writeUTF("ok");
    out.writeLong(ProcessHandle.current().pid());
    out.flush();
    try {
      // the command's go: it may have given up waiting (and started a process of its own) meanwhile
      if (in.readByte() != 1) {
        throw new IOException("no go");
      }
    } catch (IOException e) {
      client.close();
      taken.set(false);
      lastUse = System.nanoTime();
      return null;
    }
    cleanUp(ExitCodes.OK);
    becomeNode(stdout, stderr);
    startNextSpare(stdout);
    System.Logger log = System.getLogger(SpareNode.class.getName());
    log.log(System.Logger.Level.INFO, "this node runs in a spare process (pid " + ProcessHandle.current().pid()
      + ", warmed up in " + warmUpMillis + " ms)");
    int code = Main.run(mainArgs.toArray(new String[0]));
    try {
      out.writeInt(code);
      out.flush();
    } catch (IOException ignored) {
      // the command that started the node is gone: nobody asks
    }
    return code;
  }

  /**
   * Once this node is ready, starts the home's next spare process (as the command that started a
   * node in a new process does), so that the command that handed the node over need not.
   */
  private static void startNextSpare(Path stdout) {
    Thread t = new Thread(() -> {
      long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      try {
        while (System.nanoTime() - end < 0) {
          if (Files.readString(stdout).contains(" is running, listening on ")) {
            SpareNodes.ensure();
            return;
          }
          Thread.sleep(20);
        }
      } catch (IOException | InterruptedException | RuntimeException e) {
        // no next spare: the next node starts a process of its own
      }
    }, "ockam-next-spare");
    t.setDaemon(true);
    t.start();
  }

  /** The node's logs become this process's output; the JDK logging writes to them too. */
  private void becomeNode(Path stdout, Path stderr) throws IOException {
    System.setOut(new PrintStream(new FileOutputStream(stdout.toFile(), true), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new FileOutputStream(stderr.toFile(), true), true, StandardCharsets.UTF_8));
    // the console handler writes to the error stream it found when it was made
    LogManager.getLogManager().reset();
    LogManager.getLogManager().readConfiguration();
    String log = System.getProperty(SpareNodes.LOG_PROPERTY);
    if (log != null) {
      try {
        Files.move(Path.of(log), stdout.resolveSibling("jvm.log"), StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException ignored) {
        // it stays in the spare directory
      }
    }
  }

  /** Only what a node process runs: {@code node create NAME --foreground --child-process ...} (or {@code authority create}). */
  static boolean nodeProcess(List<String> args) {
    return args.size() >= 5 && (args.get(0).equals("node") || args.get(0).equals("authority")) && args.get(1).equals("create")
      && args.get(3).equals("--foreground") && args.get(4).equals("--child-process");
  }

  private static int bounded(int n) throws IOException {
    if (n < 0 || n > MAX_ITEMS) {
      throw new IOException("too many items: " + n);
    }
    return n;
  }

  private static Map<String, String> withoutVolatile(Map<String, String> env) {
    Map<String, String> m = new HashMap<>(env);
    SpareNodes.VOLATILE_ENV.forEach(m::remove);
    return m;
  }

  /** Removes the socket and the pid file if they are this spare's. */
  private int cleanUp(int code) {
    try {
      if (server != null) {
        server.close();
        Files.deleteIfExists(SpareNodes.socket());
      }
      if (Long.toString(ProcessHandle.current().pid()).equals(readPid())) {
        Files.deleteIfExists(SpareNodes.pidFile());
      }
    } catch (IOException ignored) {
      // best effort: a later spare cleans up what is left
    }
    return code;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a scratch directory left behind is removed with the spare directory
    }
  }
}
