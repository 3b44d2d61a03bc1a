package io.ockamj.console.status;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * A node's HTTP server (Rust Ockam's {@code --http-server}), on 127.0.0.1:
 * <ul>
 *   <li>{@code GET /} and {@code HEAD /}: 200 while the node is {@linkplain State#UP up}, 503 while it
 *     starts or stops; no body</li>
 *   <li>{@code GET /show}: the node's state as JSON ({@link NodeShow}); 503 unless up</li>
 *   <li>{@code GET /metrics} (ours): the registry in the Prometheus text format; 404 when metrics are off</li>
 * </ul>
 * Any other path answers 404. Create it with {@link #start}; it starts in {@link State#STARTING}.
 */
public final class NodeHttpServer {

  private static final System.Logger LOG = System.getLogger(NodeHttpServer.class.getName());
  /** The content type of the Prometheus text exposition format. */
  public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** Where the node is in its life. */
  public enum State {
    /** The node is being set up: health answers 503. */
    STARTING,
    /** The node runs: health answers 200. */
    UP,
    /** The node is shutting down: health answers 503. */
    STOPPING
  }

  private final Vertx vertx;
  private final Supplier<Future<JsonObject>> show;
  private final PrometheusMeterRegistry registry;
  private volatile State state = State.STARTING;
  private volatile HttpServer server;

  private NodeHttpServer(Vertx vertx, Supplier<Future<JsonObject>> show, PrometheusMeterRegistry registry) {
    this.vertx = vertx;
    this.show = show;
    this.registry = registry;
  }

  /**
   * Starts a server on 127.0.0.1.
   *
   * @param vertx the Vert.x instance
   * @param port the port, 0 for a free one
   * @param show what {@code GET /show} answers (called per request, once the node is up)
   * @param registry what {@code GET /metrics} answers, or {@code null} when metrics are off
   * @return the listening server, in state {@link State#STARTING}; failed if the port is taken
   */
  public static Future<NodeHttpServer> start(Vertx vertx, int port, Supplier<Future<JsonObject>> show,
                                             PrometheusMeterRegistry registry) {
    if (port < 0 || port > 65535) {
      return Future.failedFuture(new IllegalArgumentException("invalid HTTP server port " + port));
    }
    NodeHttpServer s = new NodeHttpServer(vertx, Objects.requireNonNull(show, "show"), registry);
    Router router = Router.router(vertx);
    // vertx-web's get() does not match HEAD: both are routed
    router.route(HttpMethod.GET, "/").handler(s::health);
    router.route(HttpMethod.HEAD, "/").handler(s::health);
    router.route(HttpMethod.GET, "/show").handler(s::show);
    router.route(HttpMethod.GET, "/metrics").handler(s::metrics);
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").map(h -> {
      s.server = h;
      LOG.log(System.Logger.Level.INFO, "HTTP server listening on " + s.address());
      return s;
    });
  }

  /**
   * @return the state health reports
   */
  public State state() {
    return state;
  }

  /**
   * @param state the node's new state
   */
  public void state(State state) {
    this.state = Objects.requireNonNull(state, "state");
  }

  /**
   * @return the port it listens on
   */
  public int port() {
    return server.actualPort();
  }

  /**
   * @return {@code 127.0.0.1:PORT}, as {@code http_server_address} shows it
   */
  public String address() {
    return "127.0.0.1:" + port();
  }

  /**
   * @return whether {@code GET /metrics} answers
   */
  public boolean metricsEnabled() {
    return registry != null;
  }

  /**
   * Stops listening.
   *
   * @return completed once closed
   */
  public Future<Void> close() {
    state = State.STOPPING;
    HttpServer h = server;
    return h == null ? Future.succeededFuture() : h.close();
  }

  private void health(RoutingContext rc) {
    rc.response().setStatusCode(state == State.UP ? 200 : 503).end();
  }

  private void show(RoutingContext rc) {
    if (state != State.UP) {
      rc.response().setStatusCode(503).end();
      return;
    }
    Future<JsonObject> f;
    try {
      f = show.get();
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      if (rc.response().ended() || rc.response().closed()) {
        return;
      }
      if (ar.succeeded()) {
        rc.response().putHeader("content-type", "application/json").end(ar.result().encode());
      } else {
        LOG.log(System.Logger.Level.WARNING, "GET /show failed: " + ar.cause());
        rc.response().setStatusCode(500).putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", "failed to read the node's state").encode());
      }
    });
  }

  private void metrics(RoutingContext rc) {
    if (registry == null) {
      rc.response().setStatusCode(404).end();
      return;
    }
    // a scrape walks every meter (the JVM's included): a worker thread, not the event loop
    vertx.executeBlocking(registry::scrape, false).onComplete(ar -> {
      if (rc.response().closed()) {
        return;
      }
      if (ar.succeeded()) {
        rc.response().putHeader("content-type", PROMETHEUS_CONTENT_TYPE).end(ar.result());
      } else {
        rc.response().setStatusCode(500).end();
      }
    });
  }
}
