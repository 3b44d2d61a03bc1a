package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.portal.Portals;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code /node/outlet}, {@code /node/inlet} and {@code /node/relay} paths of the node-manager API.
 * <p>
 * {@code POST /node/outlet} {@code {to, address?, allow?}}; {@code POST /node/inlet}
 * {@code {to, from?, alias?, authorized?, timeout_ms?, allow?, channel_authorized?}} ({@code allow}: the resource's policy;
 * {@code channel_authorized}: {@code {"0": IDENTIFIER}}, the identity the first secure channel accepts instead of
 * {@code authorized}, e.g. a project's); {@code POST /node/relay}
 * {@code {name, at, authorized?, relay_address?, return_timing?, timeout_ms?}} (Rust's {@code CreateRelay}
 * fields, see {@link CreateRelay}). {@code GET} on the collection lists, {@code GET} and {@code DELETE}
 * on {@code /node/KIND/KEY} show and delete one (the key is the outlet address, the inlet alias, the
 * relay name); {@code DELETE} on the collection takes the key in the body instead.
 */
final class ResourceRequests {

  private static final long MAX_TIMEOUT_MS = 600_000;

  private ResourceRequests() {
  }

  static boolean handles(String kind) {
    return kind.equals("outlet") || kind.equals("inlet") || kind.equals("relay");
  }

  static Future<Response> handle(NodeResources r, Request request, Method method, String kind, String key) {
    RequestHeader h = request.header();
    switch (kind) {
      case "outlet":
        return collection(h, method, key, request, "address",
          () -> NodeManagerWorker.ok(h, listOf(r.outlets(), Bodies::of)),
          k -> r.outlets().stream().filter(o -> o.address().equals(k)).findFirst().map(Bodies::of).orElse(null),
          () -> {
            Map<String, Object> b = NodeManagerWorker.body(request);
            String address = Bodies.optText(b, "address");
            return r.createOutlet(address == null ? Portals.DEFAULT_OUTLET_ADDRESS : address, Bodies.text(b, "to"), allow(b),
                Bodies.bool(b, "tls"))
              .compose(o -> NodeManagerWorker.ok(h, Bodies.of(o)));
          },
          r::deleteOutlet, "outlet at");
      case "inlet":
        return collection(h, method, key, request, "alias",
          () -> NodeManagerWorker.ok(h, listOf(r.inlets(), Bodies::of)),
          k -> {
            InletStatus s = r.inlet(k);
            return s == null ? null : Bodies.of(s);
          },
          () -> {
            Map<String, Object> b = NodeManagerWorker.body(request);
            MultiAddr to = MultiAddr.parse(Bodies.text(b, "to"));
            List<Identifier> authorized = Bodies.identifiers(b, "authorized");
            return r.createInlet(new CreateInlet(Bodies.optText(b, "alias"), Bodies.optText(b, "from"), to, authorized, timeout(b),
                !Bodies.bool(b, "no_connection_wait"), Bodies.optText(b, "identity"), allow(b), channelAuthorized(b)))
              .compose(s -> NodeManagerWorker.ok(h, Bodies.of(s)));
          },
          r::deleteInlet, "inlet named");
      default:
        return collection(h, method, key, request, "name",
          () -> NodeManagerWorker.ok(h, listOf(r.relays(), Bodies::of)),
          k -> {
            RelayStatus s = r.relay(k);
            return s == null ? null : Bodies.of(s);
          },
          () -> {
            Map<String, Object> b = NodeManagerWorker.body(request);
            return r.createRelay(createRelay(b)).compose(s -> NodeManagerWorker.ok(h, Bodies.of(s)));
          },
          r::deleteRelay, "relay named");
    }
  }

  /** A {@code POST /node/relay} body: Rust's {@code CreateRelay} fields and our {@code timeout_ms}. */
  static CreateRelay createRelay(Map<String, Object> b) {
    String authorized = Bodies.optText(b, "authorized");
    Identifier id;
    try {
      id = authorized == null ? null : Identifier.parse(authorized);
    } catch (RuntimeException e) {
      throw new io.ockamj.protocol.errors.DecodeException("invalid identifier '" + authorized + "' in 'authorized'");
    }
    String timing = Bodies.optText(b, "return_timing");
    if (timing != null && !timing.equals(RelayApi.RETURN_IMMEDIATELY) && !timing.equals(RelayApi.RETURN_AFTER_CONNECTION)) {
      throw new io.ockamj.protocol.errors.DecodeException("return_timing must be " + RelayApi.RETURN_IMMEDIATELY + " or "
        + RelayApi.RETURN_AFTER_CONNECTION);
    }
    return new CreateRelay(Bodies.text(b, "name"), MultiAddr.parse(Bodies.text(b, "at")), id, Bodies.optText(b, "relay_address"),
      !RelayApi.RETURN_IMMEDIATELY.equals(timing), timeout(b));
  }

  /** The optional {@code allow} policy of an outlet or inlet. */
  private static io.ockamj.policy.PolicyExpression allow(Map<String, Object> b) {
    String allow = Bodies.optText(b, "allow");
    return allow == null ? null : io.ockamj.policy.PolicyExpression.parse(allow);
  }

  private static Duration timeout(Map<String, Object> b) {
    long ms = Bodies.number(b, "timeout_ms", NodeResources.DEFAULT_CREATE_TIMEOUT.toMillis());
    if (ms <= 0 || ms > MAX_TIMEOUT_MS) {
      throw new IllegalArgumentException("timeout_ms must be 1.." + MAX_TIMEOUT_MS);
    }
    return Duration.ofMillis(ms);
  }

  private static <T> List<Object> listOf(List<T> items, Function<T, Map<String, Object>> conv) {
    List<Object> out = new ArrayList<>();
    for (T t : items) {
      out.add(conv.apply(t));
    }
    return out;
  }

  private static Future<Response> collection(RequestHeader h, Method method, String key, Request request, String keyField,
                                              java.util.function.Supplier<Future<Response>> list,
                                              Function<String, Map<String, Object>> show,
                                              java.util.function.Supplier<Future<Response>> create,
                                              Function<String, Future<Void>> delete, String what) {
    switch (method) {
      case GET: {
        if (key == null) {
          return list.get();
        }
        Map<String, Object> one = show.apply(key);
        if (one == null) {
          return Future.succeededFuture(Response.error(h, Status.NOT_FOUND, "there is no " + what + " '" + key + "'"));
        }
        return NodeManagerWorker.ok(h, one);
      }
      case POST:
        if (key != null) {
          return NodeManagerWorker.notAllowed(h);
        }
        return create.get();
      case DELETE: {
        String k = key != null ? key : Bodies.text(NodeManagerWorker.body(request), keyField);
        return delete.apply(k).compose(v -> NodeManagerWorker.ok(h, null));
      }
      default:
        return NodeManagerWorker.notAllowed(h);
    }
  }
  /** The inlet's {@code channel_authorized} map: secure channel position (as text) to the identifier it accepts. */
  private static Map<Integer, Identifier> channelAuthorized(Map<String, Object> b) {
    Object v = b.get(InletResources.CHANNEL_AUTHORIZED);
    if (v == null) {
      return Map.of();
    }
    Map<Integer, Identifier> out = new java.util.HashMap<>();
    for (Map.Entry<String, Object> e : Bodies.asMap(v).entrySet()) {
      try {
        int i = Integer.parseInt(e.getKey());
        if (i < 0 || i > 64) {
          throw new NumberFormatException("out of range");
        }
        out.put(i, Identifier.parse(String.valueOf(e.getValue())));
      } catch (RuntimeException bad) {
        throw new io.ockamj.protocol.errors.DecodeException("invalid entry '" + e.getKey() + "' in '"
          + InletResources.CHANNEL_AUTHORIZED + "': " + bad.getMessage());
      }
    }
    return out;
  }
}
