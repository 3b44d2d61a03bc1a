package io.ockamj.examples;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.store.Store;
import io.ockamj.verticles.credentials.CredentialRetriever;
import io.ockamj.verticles.identity.IdentityManager;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * What an example opens (a Vert.x instance, nodes, stores in a temporary directory, credential
 * retrievers, a TCP echo service), closed in reverse order by {@link #close()}, which then deletes
 * the directory. Keeps the examples about Ockam rather than about cleaning up.
 */
final class ExampleResources implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final Deque<Supplier<Future<?>>> closers = new ArrayDeque<>();
  private Path dir;

  /** @return the Vert.x instance of the example's nodes */
  Vertx vertx() {
    return vertx;
  }

  /** @return the {@code host:port} of a plain TCP service on 127.0.0.1 that sends back what it receives */
  String echoService() {
    int port = vertx.createNetServer().connectHandler(s -> s.handler(s::write)).listen(0, "127.0.0.1").await().actualPort();
    return "127.0.0.1:" + port;
  }

  /** @return a node named {@code name}, with a TCP listener on a free port of 127.0.0.1 if {@code listening} */
  Node node(String name, boolean listening) {
    NodeOptions options = new NodeOptions().setName(name);
    Node node = Node.create(vertx, listening ? options.setTcpListenerAddress("127.0.0.1:0") : options).await();
    closers.push(node::close);
    return node;
  }

  /** @return a new SQLite store {@code name.sqlite3} in the example's temporary directory */
  Store store(String name) {
    try {
      if (dir == null) {
        dir = Files.createTempDirectory("ockam-example");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Store store = Store.open(vertx, dir.resolve(name + ".sqlite3")).await();
    closers.push(store::close);
    return store;
  }

  /** @return an identity manager on the store */
  IdentityManager identities(Store store) {
    IdentityManager identities = IdentityManager.open(vertx, store).await();
    closers.push(identities::close);
    return identities;
  }

  /** @return the retriever, stopped on close */
  CredentialRetriever retriever(CredentialRetriever retriever) {
    closers.push(() -> {
      retriever.close();
      return Future.succeededFuture();
    });
    return retriever;
  }

  /** @return a TCP connection to {@code host:port} */
  NetSocket connect(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return vertx.createNetClient().connect(Integer.parseInt(hostPort.substring(colon + 1)), hostPort.substring(0, colon)).await();
  }

  /**
   * Writes a line and completes with the first line read back (without its newline).
   *
   * @return the line, or failed if the connection closed first
   */
  static Future<String> exchange(NetSocket socket, String line) {
    Promise<String> answer = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(data -> {
      received.appendBuffer(data);
      String text = received.toString();
      int end = text.indexOf('\n');
      if (end >= 0) {
        answer.tryComplete(text.substring(0, end));
      }
    });
    socket.closeHandler(v -> answer.tryFail("the connection was closed"));
    socket.write(line);
    return answer.future();
  }

  /** Closes what was opened, newest first, then Vert.x, then deletes the temporary directory. */
  @Override
  public void close() {
    try {
      while (!closers.isEmpty()) {
        closers.pop().get().otherwiseEmpty().await();
      }
    } finally {
      vertx.close().await();
      if (dir != null) {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
