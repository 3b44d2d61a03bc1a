package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.DropReason;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.AddressParseException;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.RouteConversionException;
import io.ockamj.protocol.api.CborValue;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.channel.ChannelException;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code _internal.nodemanager} worker. Requests are answered asynchronously: a slow request
 * (creating a secure channel) does not hold up the next one. Only admitted messages (see
 * {@link NodeManager}) reach it.
 */
final class NodeManagerWorker implements Worker {

  private static final System.Logger LOG = System.getLogger(NodeManagerWorker.class.getName());

  /** Well-known service addresses (§1.14) reported by {@code GET /node/services} when they run. */
  private static final List<String> WELL_KNOWN = List.of("echo", "uppercase", "hop", "forwarding_service",
    "static_forwarding_service", "outlet", "credential_issuer", "direct_authenticator", "enrollment_token_issuer",
    "enrollment_token_acceptor", "rendezvous", "udp", "key_exchanger");

  private final NodeManager manager;

  NodeManagerWorker(NodeManager manager) {
    this.manager = manager;
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    Request request;
    try {
      request = Request.fromPayload(message.payload());
    } catch (DecodeException e) {
      // without a header there is no id to answer
      context.node().drops().record(DropReason.MALFORMED, message.sourceAddress(), "node manager: malformed request: " + e.getMessage());
      return Future.succeededFuture();
    }
    RequestHeader h = request.header();
    Future<Response> answer;
    try {
      answer = dispatch(request);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.recover(err -> Future.succeededFuture(failure(h, err)))
      .compose(r -> context.send(message.returnRoute(), r.toPayload(), message.messageAddress()))
      .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> "node manager could not answer " + h.path() + ": " + err.getMessage()));
    return Future.succeededFuture();
  }

  private static Response failure(RequestHeader h, Throwable err) {
    Status status;
    if (err instanceof DecodeException || err instanceof IllegalArgumentException || err instanceof io.ockamj.policy.PolicyParseException
      || err instanceof AddressParseException || err instanceof RouteConversionException) {
      status = Status.BAD_REQUEST;
    } else if (err instanceof NodeException ne) {
      switch (ne.kind()) {
        case NOT_FOUND: status = Status.NOT_FOUND; break;
        case ALREADY_EXISTS: status = Status.CONFLICT; break;
        case TIMEOUT: status = Status.TIMEOUT; break;
        case INVALID: status = Status.BAD_REQUEST; break;
        case DENIED: status = Status.FORBIDDEN; break;
        default: status = Status.INTERNAL_SERVER_ERROR;
      }
    } else if (err instanceof ChannelException ce) {
      status = ce.reason() == ChannelException.Reason.TIMEOUT ? Status.TIMEOUT : Status.FORBIDDEN;
    } else if (err instanceof NodeManagerException nme && nme.status() != null) {
      status = nme.status();
    } else {
      status = Status.INTERNAL_SERVER_ERROR;
      LOG.log(System.Logger.Level.WARNING, "node manager failed on " + h.path(), err);
    }
    String m = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
    return Response.error(h, status, m);
  }

  private Future<Response> dispatch(Request request) {
    RequestHeader h = request.header();
    String path = "/" + String.join("/", h.segments());
    Method method = h.method() == null ? Method.GET : h.method();
    String[] seg = h.segments();
    if (PolicyRequests.handles(seg)) {
      return PolicyRequests.handle(manager.policies(), request, method, seg);
    }
    if (seg.length >= 2 && seg.length <= 3 && seg[0].equals("node") && ResourceRequests.handles(seg[1])) {
      return ResourceRequests.handle(manager.resources(), request, method, seg[1], seg.length == 3 ? seg[2] : null);
    }
    switch (path) {
      case "/":
      case "/node":
        return method == Method.GET ? ok(h, Bodies.of(status())) : notAllowed(h);
      case "/node/workers": {
        if (method != Method.GET) {
          return notAllowed(h);
        }
        List<Object> out = new ArrayList<>();
        for (WorkerInfo w : manager.node().listWorkers()) {
          out.add(Bodies.of(w));
        }
        return ok(h, out);
      }
      case "/node/tcp/listener": {
        if (method != Method.GET) {
          return notAllowed(h);
        }
        List<Object> out = new ArrayList<>();
        if (manager.node().tcpListenerAddress() != null) {
          out.add(Bodies.map("address", manager.node().tcpListenerAddress()));
        }
        return ok(h, out);
      }
      case "/node/tcp/connection":
        return tcpConnection(request, method);
      case "/node/secure_channel_listener":
        return secureChannelListener(request, method);
      case "/node/secure_channel":
        return secureChannel(request, method);
      case "/node/services": {
        if (method != Method.GET) {
          return notAllowed(h);
        }
        List<Object> out = new ArrayList<>();
        for (ServiceInfo s : services()) {
          out.add(Bodies.of(s));
        }
        return ok(h, out);
      }
      default:
        return Future.succeededFuture(Response.error(h, Status.NOT_FOUND, "no such path: " + h.path()));
    }
  }

  private NodeStatus status() {
    String listener = manager.node().tcpListenerAddress();
    return new NodeStatus(manager.node().name(), manager.channels().identity().identity().identifier().toString(), "running",
      listener, ProcessHandle.current().pid(), manager.startedAt(), manager.node().listWorkers().size(),
      List.copyOf(manager.admins()), dropped(manager.node().drops()));
  }

  private static Map<String, Long> dropped(io.ockamj.node.Drops drops) {
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    drops.counts().forEach((reason, n) -> out.put(reason.name().toLowerCase(java.util.Locale.ROOT), n));
    return out;
  }

  private List<ServiceInfo> services() {
    List<ServiceInfo> out = new ArrayList<>();
    for (String s : WELL_KNOWN) {
      if (manager.node().isRegistered(Address.local(s))) {
        out.add(new ServiceInfo(s, s.replace("static_", "")));
      }
    }
    for (SecureChannelListenerInfo l : manager.secureChannelListeners()) {
      out.add(new ServiceInfo(l.address(), "secure_channel_listener"));
    }
    out.add(new ServiceInfo(NodeManager.ADDRESS, "node_manager"));
    return out;
  }

  private Future<Response> tcpConnection(Request request, Method method) {
    RequestHeader h = request.header();
    TcpTransport tcp = TcpTransport.of(manager.node());
    switch (method) {
      case GET: {
        List<Object> out = new ArrayList<>();
        for (TcpConnectionInfo c : tcp.connections()) {
          out.add(Bodies.of(c));
        }
        return ok(h, out);
      }
      case POST: {
        String address = Bodies.text(body(request), "address");
        return tcp.connect(address).compose(c -> ok(h, Bodies.of(c)));
      }
      case DELETE: {
        Address sender = Address.parse(Bodies.text(body(request), "address"));
        return tcp.disconnect(sender).compose(v -> ok(h, null));
      }
      default:
        return notAllowed(h);
    }
  }

  private Future<Response> secureChannelListener(Request request, Method method) {
    RequestHeader h = request.header();
    switch (method) {
      case GET: {
        List<Object> out = new ArrayList<>();
        for (SecureChannelListenerInfo l : manager.secureChannelListeners()) {
          out.add(Bodies.of(l));
        }
        return ok(h, out);
      }
      case POST: {
        Map<String, Object> b = body(request);
        String address = Bodies.text(b, "address");
        List<Identifier> trusted = Bodies.identifiers(b, "trusted");
        return manager.createSecureChannelListener(address, trusted)
          .compose(v -> ok(h, Bodies.of(new SecureChannelListenerInfo(address,
            trusted.stream().map(Identifier::toString).toList()))));
      }
      default:
        return notAllowed(h);
    }
  }

  private Future<Response> secureChannel(Request request, Method method) {
    RequestHeader h = request.header();
    switch (method) {
      case GET: {
        List<Object> out = new ArrayList<>();
        for (SecureChannel c : manager.channels().list()) {
          out.add(Bodies.of(c));
        }
        return ok(h, out);
      }
      case POST: {
        Map<String, Object> b = body(request);
        MultiAddr to = MultiAddr.parse(Bodies.text(b, "to"));
        List<Identifier> authorized = Bodies.identifiers(b, "authorized");
        long timeoutMs = Bodies.number(b, "timeout_ms", SecureChannelOptions.DEFAULT_TIMEOUT.toMillis());
        if (timeoutMs <= 0 || timeoutMs > 600_000) {
          throw new IllegalArgumentException("timeout_ms must be 1..600000");
        }
        SecureChannelOptions opts = new SecureChannelOptions().setTimeout(Duration.ofMillis(timeoutMs));
        if (!authorized.isEmpty()) {
          opts.setTrustPolicy(TrustPolicy.trustIdentifiers(authorized.toArray(new Identifier[0])));
        }
        return manager.channels().resolve(to, opts).compose(sr -> {
          if (sr.channels().isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("'" + to + "' names no secure channel listener (/secure/...)"));
          }
          return ok(h, Bodies.of(sr.channels().get(sr.channels().size() - 1)));
        });
      }
      case DELETE: {
        Address encryptor = Address.parse(Bodies.text(body(request), "encryptor"));
        return manager.channels().close(encryptor).compose(v -> ok(h, null));
      }
      default:
        return notAllowed(h);
    }
  }

  static Map<String, Object> body(Request request) {
    if (request.body() == null) {
      throw new DecodeException("this request needs a body");
    }
    return Bodies.asMap(CborValue.decode(request.body()));
  }

  static Future<Response> ok(RequestHeader h, Object body) {
    return Future.succeededFuture(Response.ok(h, body == null ? null : CborValue.encode(body)));
  }

  static Future<Response> notAllowed(RequestHeader h) {
    return Future.succeededFuture(Response.error(h, Status.METHOD_NOT_ALLOWED,
      (h.method() == null ? "GET" : h.method().name()) + " is not supported on " + h.path()));
  }

  static Set<String> wellKnown() {
    return Set.copyOf(WELL_KNOWN);
  }
}
