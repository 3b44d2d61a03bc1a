package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the CLI integration tests share besides {@link OckamCli}: a TCP echo server for portals to reach,
 * a free port on 127.0.0.1, the identifier in a command's output, and commands run from lambdas, several
 * at once.
 */
final class CliFixtures {

  /** An identifier, as {@code identity create} prints it. */
  static final Pattern IDENTIFIER = Pattern.compile("I[0-9a-f]{64}");

  private CliFixtures() {
  }

  /** The first identifier in {@code text}; fails the test when there is none. */
  static String identifier(String text) {
    Matcher m = IDENTIFIER.matcher(text);
    assertThat(m.find()).as("an identifier in %s", text).isTrue();
    return m.group();
  }

  /** A port on 127.0.0.1 that was free a moment ago. */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** What {@code c} returns; what it throws is thrown again, unchecked (for commands run in lambdas). */
  static <T> T uncheck(Callable<T> c) {
    try {
      return c.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code c} on {@code pool}: commands that run while the test goes on. */
  static <T> CompletableFuture<T> async(Callable<T> c, Executor pool) {
    return CompletableFuture.supplyAsync(() -> uncheck(c), pool);
  }

  /** A TCP echo server on 127.0.0.1 (a daemon thread per connection) until it is closed. */
  static final class EchoServer implements AutoCloseable {

    private final ServerSocket server;

    /** Listens on a free port of 127.0.0.1 and serves from now on. */
    EchoServer() throws IOException {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      daemon(this::accept, "echo").start();
    }

    /** The port it listens on. */
    int port() {
      return server.getLocalPort();
    }

    /** {@code 127.0.0.1:PORT}. */
    String address() {
      return "127.0.0.1:" + port();
    }

    private void accept() {
      while (!server.isClosed()) {
        Socket s;
        try {
          s = server.accept();
        } catch (IOException e) {
          return;
        }
        daemon(() -> {
          try (s) {
            s.getInputStream().transferTo(s.getOutputStream());
          } catch (IOException ignored) {
            // the client went away
          }
        }, "echo-connection").start();
      }
    }

    private static Thread daemon(Runnable r, String name) {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    }

    /** Stops listening; open connections end when their clients close them. */
    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
