package io.ockamj.console;

import io.ockamj.node.WorkerInfo;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The console's JSON API behind the session check: the snapshot, the actions (close a channel, delete an
 * inlet, outlet or relay) and route traces (watch a worker, or send a probe and record its hops).
 * Failures answer {@code {"error": ..., "message": ...}} with a 4xx/5xx status; none affects the node.
 */
final class ConsoleApi {

  /** The longest a probe waits for its reply. */
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
  /** The most bytes of a route in a probe request. */
  static final int MAX_ROUTE_LENGTH = 1024;

  private final NodeManager manager;
  private final RouteTracer tracer;
  private final NodeSnapshot snapshot;
  private final EventStream events;
  private final Supplier<JsonObject> publishSnapshot;

  ConsoleApi(NodeManager manager, RouteTracer tracer, NodeSnapshot snapshot, EventStream events, Supplier<JsonObject> publishSnapshot) {
    this.manager = manager;
    this.tracer = tracer;
    this.snapshot = snapshot;
    this.events = events;
    this.publishSnapshot = publishSnapshot;
  }

  void snapshot(RoutingContext rc) {
    ConsoleAuth.json(rc, 200, snapshot.build());
  }

  void closeChannel(RoutingContext rc) {
    String encryptor = rc.pathParam("encryptor");
    Address a = address(encryptor);
    if (a == null || manager.channels().list().stream().noneMatch(c -> c.encryptor().equals(a))) {
      ConsoleAuth.refuse(rc, 404, "not_found", "no secure channel with encryptor " + encryptor);
      return;
    }
    act(rc, "channel_closed", encryptor, manager.channels().close(a));
  }

  void deleteInlet(RoutingContext rc) {
    String alias = rc.pathParam("alias");
    if (manager.resources().inlets().stream().noneMatch(i -> i.alias().equals(alias))) {
      ConsoleAuth.refuse(rc, 404, "not_found", "no inlet named " + alias);
      return;
    }
    act(rc, "inlet_deleted", alias, manager.resources().deleteInlet(alias));
  }

  void deleteOutlet(RoutingContext rc) {
    String address = rc.pathParam("address");
    if (manager.resources().outlets().stream().noneMatch(o -> o.address().equals(address))) {
      ConsoleAuth.refuse(rc, 404, "not_found", "no outlet at " + address);
      return;
    }
    act(rc, "outlet_deleted", address, manager.resources().deleteOutlet(address));
  }

  void deleteRelay(RoutingContext rc) {
    String name = rc.pathParam("name");
    if (manager.resources().relays().stream().noneMatch(r -> r.name().equals(name))) {
      ConsoleAuth.refuse(rc, 404, "not_found", "no relay named " + name);
      return;
    }
    act(rc, "relay_deleted", name, manager.resources().deleteRelay(name));
  }

  private void act(RoutingContext rc, String what, String subject, Future<Void> f) {
    f.onComplete(ar -> {
      if (ar.failed()) {
        ConsoleAuth.refuse(rc, 500, "failed", what.replace('_', ' ') + " failed: " + ar.cause().getMessage());
        return;
      }
      JsonObject done = new JsonObject().put("action", what).put("subject", subject);
      events.publish("action", done);
      publishSnapshot.get();
      ConsoleAuth.json(rc, 200, done);
    });
  }

  /** {@code POST /api/trace {"address": A, "seconds": S}}: records the messages to and from a worker, sent as trace events. */
  void traceWorker(RoutingContext rc) {
    JsonObject body = jsonBody(rc);
    String address = body == null ? null : body.getValue("address") instanceof String s ? s : null;
    Address a = address(address);
    Optional<WorkerInfo> w = a == null ? Optional.empty()
      : manager.node().listWorkers().stream().filter(i -> i.addresses().contains(a)).findFirst();
    if (w.isEmpty()) {
      ConsoleAuth.refuse(rc, 404, "not_found", "no worker at " + address);
      return;
    }
    long seconds = body.getValue("seconds") instanceof Number n ? Math.max(1, Math.min(60, n.longValue())) : 10;
    RouteTracer.Trace t = tracer.trace(Set.copyOf(w.get().addresses()), seconds * 1000, hop -> events.publish("trace", hop));
    ConsoleAuth.json(rc, 200, new JsonObject().put("trace", t.id()).put("address", address).put("seconds", seconds));
  }

  /**
   * {@code POST /api/probe {"route": MULTIADDR}}: sends a probe message along the route (secure channels are
   * created for its {@code /secure/} parts) from a fresh address, and answers the hops this node saw the
   * probe's payload take (the outbound message and its reply), and whether a reply came.
   */
  void probe(RoutingContext rc) {
    JsonObject body = jsonBody(rc);
    String route = body == null ? null : body.getValue("route") instanceof String s ? s : null;
    if (route == null || route.isBlank() || route.length() > MAX_ROUTE_LENGTH) {
      ConsoleAuth.refuse(rc, 400, "bad_route", "give a route, e.g. /service/echo");
      return;
    }
    MultiAddr ma;
    try {
      ma = MultiAddr.parse(route.trim());
    } catch (RuntimeException e) {
      ConsoleAuth.refuse(rc, 400, "bad_route", "invalid route '" + route + "': " + e.getMessage());
      return;
    }
    byte[] payload = ("console probe " + HexFormat.of().formatHex(randomBytes())).getBytes(StandardCharsets.US_ASCII);
    RouteTracer.Trace t = tracer.trace(rm -> Arrays.equals(rm.message().payload(), payload), PROBE_TIMEOUT.toMillis() + 5000,
      hop -> events.publish("trace", hop));
    long t0 = System.nanoTime();
    manager.channels().resolve(ma, new SecureChannelOptions())
      .compose(sr -> manager.node().context(WorkerOptions.of(Address.randomLocal()))
        .compose(ctx -> ctx.sendAndReceive(sr.route(), payload, PROBE_TIMEOUT).eventually(ctx::close)))
      .onComplete(ar -> {
        // the reply's own delivery to the probe's address is recorded before the reply completes
        t.stop();
        JsonObject out = new JsonObject().put("trace", t.id()).put("route", route).put("hops", t.hops())
          .put("ok", ar.succeeded()).put("rtt_ms", (System.nanoTime() - t0) / 1e6);
        if (ar.failed()) {
          out.put("message", String.valueOf(ar.cause().getMessage()));
        }
        ConsoleAuth.json(rc, 200, out);
      });
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  private static JsonObject jsonBody(RoutingContext rc) {
    try {
      return rc.body().asJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Address address(String text) {
    if (text == null || text.isEmpty() || text.length() > 256) {
      return null;
    }
    try {
      return Address.parse(text);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
