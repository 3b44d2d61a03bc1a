package io.ockamj.console;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ockamj.node.Node;
import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;

/**
 * The web console of a node: one page (plain ES modules from the classpath) and a JSON + server-sent-events
 * API behind a session, served on loopback by default.
 * <p>
 * Without a session only {@code GET /api/health}, {@code POST /api/login} and the page's static files answer;
 * {@code /api/*} needs the session cookie, and its POSTs the CSRF token too:
 * <pre>
 * GET  /api/health                      {"status":"ok"}            (no session)
 * POST /api/login {"token"}             sets the cookie; {"csrf"}  (no session)
 * GET  /api/session                     {"csrf", "node"}
 * GET  /api/snapshot                    the node's state (see NodeSnapshot)
 * GET  /api/events                      text/event-stream: snapshot, trace, action
 * POST /api/channels/:encryptor/close   POST /api/inlets/:alias/delete
 * POST /api/outlets/:address/delete     POST /api/relays/:name/delete
 * POST /api/trace {"address","seconds"} POST /api/probe {"route"}
 * </pre>
 */
public final class ConsoleServer {

  /** The classpath directory of the page. */
  static final String WEBROOT = "io/ockamj/console/webroot";
  /** How often open streams get a snapshot. */
  static final long SNAPSHOT_PERIOD_MS = 1000;
  private static final int MAX_BODY = 4096;
  /** Without open streams, a snapshot (which purges the tracer's counts) every this many periods. */
  private static final long IDLE_PURGE_TICKS = 10;
  private static final System.Logger LOG = System.getLogger(ConsoleServer.class.getName());

  private final NodeManager manager;
  private final HttpServer server;
  private final RouteTracer tracer;
  private final EventStream events = new EventStream();
  private final NodeSnapshot snapshot;
  private final ConsoleAuth auth;
  private long timer = -1;
  private String host;

  private ConsoleServer(NodeManager manager, ConsoleKey key, String version) {
    this.manager = manager;
    installMeters(manager.node());
    Vertx vertx = manager.node().vertx();
    this.tracer = RouteTracer.install(manager.node());
    this.snapshot = new NodeSnapshot(manager, tracer, version);
    this.auth = new ConsoleAuth(key, Clock.systemUTC());
    this.server = vertx.createHttpServer(new HttpServerOptions().setMaxFormAttributeSize(MAX_BODY));
  }

  /**
   * Gives a node meters if it has none: the console's per-inlet and per-outlet byte counts and the relays'
   * ping round trips are read from them. They go to an in-memory registry that nothing exports. Portals,
   * connections and relays count from the moment they find the meters, so a node with a console calls
   * this right after it is created; {@link #start} calls it too.
   *
   * @param node the node
   */
  public static void installMeters(Node node) {
    if (!NodeMeters.of(node).enabled()) {
      NodeMeters.install(node, new SimpleMeterRegistry());
    }
  }

  /**
   * Starts a node's console.
   *
   * @param manager the node's manager (its node, channels and resources)
   * @param key the key that signs login tokens and sessions
   * @param host the interface to listen on (loopback by default: anyone who reaches it can try tokens)
   * @param port the port, 0 for a free one
   * @param version the version shown on the page
   * @return the running console
   */
  public static Future<ConsoleServer> start(NodeManager manager, ConsoleKey key, String host, int port, String version) {
    Context ctx = manager.node().vertx().getOrCreateContext();
    Promise<ConsoleServer> p = Promise.promise();
    ctx.runOnContext(v -> {
      ConsoleServer s = new ConsoleServer(manager, key, version);
      s.host = host;
      s.server.requestHandler(s.router()).listen(port, host)
        .onSuccess(srv -> {
          long[] ticks = {0};
          s.timer = manager.node().vertx().setPeriodic(SNAPSHOT_PERIOD_MS, id -> {
            try {
              if (s.events.size() > 0) {
                s.publishSnapshot();
              } else if (++ticks[0] % IDLE_PURGE_TICKS == 0) {
                // nobody watches: still forget the counts of closed connections' addresses now and then
                s.snapshot.build();
              }
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "console snapshot failed", e);
            }
          });
          p.complete(s);
        })
        .onFailure(e -> {
          s.tracer.close();
          p.fail(e);
        });
    });
    return p.future();
  }

  private JsonObject publishSnapshot() {
    JsonObject o = snapshot.build();
    events.publish("snapshot", o);
    return o;
  }

  private Router router() {
    Router r = Router.router(manager.node().vertx());
    ConsoleApi api = new ConsoleApi(manager, tracer, snapshot, events, this::publishSnapshot);
    r.route().handler(rc -> {
      rc.response().putHeader("content-security-policy", "default-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
        .putHeader("x-content-type-options", "nosniff").putHeader("referrer-policy", "no-referrer")
        .putHeader("x-frame-options", "DENY");
      rc.next();
    });
    r.get("/api/health").handler(rc -> ConsoleAuth.json(rc, 200, new JsonObject().put("status", "ok")));
    r.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
    r.post("/api/login").handler(auth::login);
    r.route("/api/*").handler(auth.requireSession());
    r.get("/api/session").handler(rc -> ConsoleAuth.json(rc, 200,
      new JsonObject().put("csrf", auth.csrf(rc)).put("node", manager.node().name())));
    r.get("/api/snapshot").handler(api::snapshot);
    r.get("/api/events").handler(rc -> {
      events.open(rc);
      events.publish("snapshot", snapshot.build());
    });
    r.post("/api/channels/:encryptor/close").handler(api::closeChannel);
    r.post("/api/inlets/:alias/delete").handler(api::deleteInlet);
    r.post("/api/outlets/:address/delete").handler(api::deleteOutlet);
    r.post("/api/relays/:name/delete").handler(api::deleteRelay);
    r.post("/api/trace").handler(api::traceWorker);
    r.post("/api/probe").handler(api::probe);
    r.route("/api/*").handler(rc -> ConsoleAuth.refuse(rc, 404, "not_found", "no such API"));
    r.route().failureHandler(rc -> {
      int code = rc.statusCode() > 0 ? rc.statusCode() : 500;
      if (code == 500) {
        LOG.log(System.Logger.Level.WARNING, "console request " + rc.request().path() + " failed", rc.failure());
      }
      if (!rc.response().ended()) {
        ConsoleAuth.refuse(rc, code, code == 413 ? "too_large" : "failed", code == 413 ? "request too large" : "request failed");
      }
    });
    r.route().method(HttpMethod.GET).handler(StaticHandler.create(WEBROOT).setCachingEnabled(false)
      .setDirectoryListing(false).setIndexPage("index.html"));
    return r;
  }

  /** @return the {@code host:port} the console listens on */
  public String address() {
    return host + ":" + server.actualPort();
  }

  /** @return the port the console listens on */
  public int port() {
    return server.actualPort();
  }

  /** @return how many event streams are open */
  public int streams() {
    return events.size();
  }

  /** Stops serving: ends the streams, removes the interceptor, closes the server. */
  public Future<Void> close() {
    if (timer >= 0) {
      manager.node().vertx().cancelTimer(timer);
    }
    events.close();
    tracer.close();
    return server.close();
  }
}
