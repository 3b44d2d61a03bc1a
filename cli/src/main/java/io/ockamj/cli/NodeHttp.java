package io.ockamj.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ockamj.console.status.NodeHttpServer;
import io.ockamj.console.status.NodeMetricsRegistry;
import io.ockamj.console.status.NodeShow;
import io.ockamj.node.Node;
import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The HTTP server of a node run by {@code node create --http-server} / {@code --http-server-port}
 * (as Rust Ockam's), with its meters unless {@code OCKAM_METRICS=off}: the Vert.x instance that
 * reports into the registry, the server (listening before the node starts, answering 503 until
 * {@link #up()}), and the node's record of it ({@code http_server_address}, and the port asked
 * for so that {@code node start} asks again).
 */
final class NodeHttp {

  /** The record's configuration key of the port asked for (0: a free one). */
  static final String PORT_KEY = "http_server_port";
  /** The record's configuration key of the address the server listens on, as Rust's {@code http_server_address}. */
  static final String ADDRESS_KEY = "http_server_address";

  private final Integer port;
  private final PrometheusMeterRegistry registry;
  private NodeHttpServer server;
  private volatile Node node;
  private volatile NodeManager manager;
  private volatile NodeShow.Facts facts;

  /**
   * @param port the port, 0 for a free one, or {@code null} for no server (and no meters)
   */
  NodeHttp(Integer port) {
    this.port = port;
    this.registry = port != null && NodeMetricsRegistry.enabled() ? NodeMetricsRegistry.create() : null;
  }

  /**
   * The port asked for by {@code node create}'s flags.
   *
   * @return the port, 0 for a free one, or {@code null} for no server
   */
  static Integer port(boolean httpServer, Integer httpServerPort) {
    if (httpServer && httpServerPort != null) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "--http-server and --http-server-port cannot be used together");
    }
    if (httpServerPort != null && (httpServerPort < 0 || httpServerPort > 65535)) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --http-server-port " + httpServerPort + ": a port is 0 to 65535");
    }
    return httpServerPort != null ? httpServerPort : httpServer ? Integer.valueOf(0) : null;
  }

  /** @return the arguments of the child process that ask for the same server */
  static List<String> args(Integer port) {
    return port == null ? List.of() : List.of("--http-server-port", String.valueOf(port));
  }

  /** @return the port a stored node asked for, or {@code null} */
  static Integer port(JsonObject config) {
    return config.getInteger(PORT_KEY);
  }

  /** @return the node's Vert.x instance: with its pools and the JVM in the registry when metrics are on */
  Vertx vertx(VertxOptions options) {
    return NodeMetricsRegistry.vertx(options, registry);
  }

  /** Starts the server (503 until {@link #up()}); nothing without a port. */
  Future<Void> listen(Vertx vertx) {
    if (port == null) {
      return Future.succeededFuture();
    }
    return NodeHttpServer.start(vertx, port, this::show, registry).onSuccess(s -> server = s).mapEmpty();
  }

  private Future<JsonObject> show() {
    Node n = node;
    return n == null ? Future.failedFuture("the node is not running yet") : Future.succeededFuture(NodeShow.json(n, manager, facts));
  }

  /** Gives the node its meters; call right after it is created. */
  void meters(Node node) {
    if (registry != null) {
      NodeMeters.install(node, registry);
    }
  }

  /** What {@code GET /show} shows, once the node is set up; and the record's keys in its configuration. */
  void attach(Node node, NodeManager manager, String identityName, boolean isDefault, JsonObject config) {
    this.facts = new NodeShow.Facts(identityName, isDefault, ProcessHandle.current().pid(), address());
    this.manager = manager;
    this.node = node;
    if (server != null) {
      config.put(PORT_KEY, port).put(ADDRESS_KEY, server.address());
    }
  }

  /** @return {@code 127.0.0.1:PORT}, or {@code null} without a server */
  String address() {
    return server == null ? null : server.address();
  }

  /** Health answers 200 from now on. */
  void up() {
    if (server != null) {
      server.state(NodeHttpServer.State.UP);
    }
  }

  /** Health answers 503 from now on. */
  void stopping() {
    if (server != null) {
      server.state(NodeHttpServer.State.STOPPING);
    }
  }
}
