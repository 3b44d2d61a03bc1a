package io.ockamj.junit5;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.WorkerInfo;
import io.ockamj.node.spi.CryptoWorkers;
import io.ockamj.protocol.Address;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.deployment.DeploymentContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** The Vert.x instance and node of one test, what they started with, and the checks when they close. */
final class TestNode {

  private final Vertx vertx;
  private final Node node;
  private final TcpTransport tcp;
  private final Set<Address> workersAtStart;
  private final OckamExtension.Settings settings;
  private final String listener;

  private TestNode(Vertx vertx, Node node, OckamExtension.Settings settings) {
    this.vertx = vertx;
    this.node = node;
    this.settings = settings;
    this.tcp = TcpTransport.of(node);
    this.listener = node.tcpListenerAddress();
    this.workersAtStart = node.listWorkers().stream().map(WorkerInfo::primaryAddress).collect(Collectors.toSet());
  }

  static TestNode start(OckamExtension.Settings settings) {
    Vertx vertx = Vertx.vertx();
    NodeOptions options = new NodeOptions().setName(settings.name()).setBuiltinServices(settings.builtinServices())
      .setTcpListenerAddress(settings.tcpListener());
    try {
      Node node = await(Node.create(vertx, options), settings, "creating the node");
      return new TestNode(vertx, node, settings);
    } catch (RuntimeException | Error e) {
      vertx.close();
      throw e;
    }
  }

  Vertx vertx() {
    return vertx;
  }

  Node node() {
    return node;
  }

  /**
   * Closes the node, then Vert.x, and lists what was left behind.
   *
   * @return the problems, empty if none
   */
  List<String> closeAndCheck() {
    List<String> problems = new ArrayList<>();
    try {
      if (settings.requireStopped()) {
        List<String> left = workersStartedSince();
        if (!left.isEmpty()) {
          problems.add("the test left workers running: " + left);
        }
        if (!tcp.connections().isEmpty()) {
          problems.add("the test left TCP connections open: " + peers(tcp.connections()));
        }
      }
      try {
        await(node.close(), settings, "closing the node");
      } catch (RuntimeException | AssertionError e) {
        problems.add(e.getMessage());
      }
      List<WorkerInfo> workers = node.listWorkers();
      if (!workers.isEmpty()) {
        problems.add("workers still registered after the node closed: "
          + workers.stream().map(w -> w.primaryAddress().toString()).collect(Collectors.toList()));
      }
      if (!tcp.connections().isEmpty()) {
        problems.add("TCP connections still open after the node closed: " + peers(tcp.connections()));
      }
      List<String> deployed = deployedBesidesCrypto();
      if (!deployed.isEmpty()) {
        problems.add("verticles still deployed after the node closed: " + deployed);
      }
      if (listener != null && stillAccepts(listener, settings)) {
        problems.add("the node's TCP listener " + listener + " still accepts connections after the node closed");
      }
    } finally {
      try {
        await(vertx.close(), settings, "closing Vert.x");
      } catch (RuntimeException | AssertionError e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private List<String> workersStartedSince() {
    List<String> left = new ArrayList<>();
    for (WorkerInfo w : node.listWorkers()) {
      if (!workersAtStart.contains(w.primaryAddress())) {
        left.add(w.primaryAddress() + " (" + w.type() + ")");
      }
    }
    return left;
  }

  /**
   * Whether the listener keeps accepting until the close timeout. With Java NIO a closed listening
   * socket that is registered with a selector is only released when the selector next runs, a moment
   * after Netty reports it closed; until then the kernel still completes connections to it.
   */
  private static boolean stillAccepts(String hostPort, OckamExtension.Settings settings) {
    long seconds = settings.timeoutSeconds() > 0 ? settings.timeoutSeconds() : 30;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (accepts(hostPort)) {
      if (System.nanoTime() > deadline) {
        return true;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
    return false;
  }

  private static boolean accepts(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 2000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static List<String> peers(List<TcpConnectionInfo> connections) {
    return connections.stream().map(TcpConnectionInfo::peer).collect(Collectors.toList());
  }

  private List<String> deployedBesidesCrypto() {
    List<String> out = new ArrayList<>();
    for (DeploymentContext d : ((VertxInternal) vertx).deploymentManager().deployments()) {
      if (!CryptoWorkers.POOL.equals(d.deployment().options().getWorkerPoolName())) {
        out.add(d.deployment().identifier());
      }
    }
    return out;
  }

  private static <T> T await(Future<T> future, OckamExtension.Settings settings, String what) {
    long seconds = settings.timeoutSeconds() > 0 ? settings.timeoutSeconds() : 30;
    try {
      return future.toCompletionStage().toCompletableFuture().get(seconds, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(what + " did not finish within " + seconds + " s");
    } catch (ExecutionException e) {
      throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(what + " was interrupted", e);
    }
  }

}
