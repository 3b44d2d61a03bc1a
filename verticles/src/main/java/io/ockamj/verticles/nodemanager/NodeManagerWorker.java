package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.CredentialAndPurposeKey;
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
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.services.BuiltinServices;
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
      answer = IdentityRequests.handles(request.header().segments())
        ? IdentityRequests.rotated(manager, request, message.returnRoute())
        : dispatch(request);
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
    if (seg.length >= 3 && seg.length <= 4 && seg[0].equals("node") && seg[1].equals("tcp")
      && (seg[2].equals("connection") || seg[2].equals("listener"))) {
      TcpTransport tcp = TcpTransport.of(manager.node());
      String key = seg.length == 4 ? seg[3] : null;
      return seg[2].equals("connection") ? TransportRequests.connection(tcp, request, method, key)
        : TransportRequests.listener(tcp, request, method, key);
    }
    if (FlowControlRequests.handles(seg)) {
      return FlowControlRequests.handle(manager.node(), request, method);
    }
    if (seg.length == 3 && seg[0].equals("node") && seg[1].equals("services")) {
      return startService(request, method, seg[2]);
    }
    if (seg.length == 3 && seg[0].equals("node") && seg[1].equals("secure_channel_listener")) {
      return secureChannelListener(request, method, seg[2]);
    }
    if (path.equals("/v0/message")) {
      return method == Method.POST ? sendMessage(request) : notAllowed(h);
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
      case "/node/secure_channel_listener":
        return secureChannelListener(request, method, null);
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

  /**
   * {@code POST /v0/message {route, message, timeout_ms?}}, Rust's path: the node sends a message along
   * a route (creating the secure channels its {@code /secure/} parts name) and answers with the reply's payload.
   */
  private Future<Response> sendMessage(Request request) {
    RequestHeader h = request.header();
    Map<String, Object> b = body(request);
    MultiAddr to = MultiAddr.parse(Bodies.text(b, "route"));
    Object message = b.get("message");
    if (!(message instanceof byte[] payload)) {
      throw new DecodeException("'message' must be a byte string");
    }
    long timeoutMs = Bodies.number(b, "timeout_ms", SecureChannelOptions.DEFAULT_TIMEOUT.toMillis());
    if (timeoutMs <= 0 || timeoutMs > 600_000) {
      throw new IllegalArgumentException("timeout_ms must be 1..600000");
    }
    Duration timeout = Duration.ofMillis(timeoutMs);
    return manager.channels().resolve(to, new SecureChannelOptions().setTimeout(timeout))
      .compose(sr -> manager.node().context().sendAndReceive(sr.route(), payload, timeout))
      .compose(reply -> Future.succeededFuture(Response.ok(h, CborValue.encode(reply.payload()))));
  }

  /** {@code POST /node/services/KIND {addr}}: one more hop, echo or uppercase service. */
  private Future<Response> startService(Request request, Method method, String kind) {
    RequestHeader h = request.header();
    if (method != Method.POST) {
      return notAllowed(h);
    }
    String address = Bodies.text(body(request), "addr");
    return BuiltinServices.startService(manager.node(), kind, address).compose(v -> {
      manager.addServiceConsumer(address);
      return ok(h, Bodies.of(new ServiceInfo(address, kind)));
    });
  }

  private Future<Response> secureChannelListener(Request request, Method method, String key) {
    RequestHeader h = request.header();
    if (key != null && method != Method.GET) {
      return notAllowed(h);
    }
    switch (method) {
      case GET: {
        if (key != null) {
          return manager.secureChannelListeners().stream().filter(l -> l.address().equals(key)).findFirst()
            .map(l -> ok(h, Bodies.of(l)))
            .orElseGet(() -> Future.succeededFuture(Response.error(h, Status.NOT_FOUND, "there is no secure channel listener at '" + key + "'")));
        }
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
        String identity = Bodies.optText(b, "identity");
        return manager.createSecureChannelListener(address, trusted, identity)
          .compose(v -> ok(h, Bodies.of(manager.secureChannelListeners().stream().filter(l -> l.address().equals(address))
            .findFirst().orElseThrow())));
      }
      case DELETE: {
        String address = Bodies.text(body(request), "address");
        return manager.deleteSecureChannelListener(address).compose(v -> ok(h, null));
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
        for (SecureChannel c : manager.allSecureChannels()) {
          out.add(Bodies.of(c));
        }
        return ok(h, out);
      }
      case POST: {
        Map<String, Object> b = body(request);
        // as Rust: the route may name the listener as /service/api (/secure/api is ours)
        MultiAddr to = MultiAddr.parse(Bodies.text(b, "to")).toSecureChannelListenerRoute();
        List<Identifier> authorized = Bodies.identifiers(b, "authorized");
        long timeoutMs = Bodies.number(b, "timeout_ms", SecureChannelOptions.DEFAULT_TIMEOUT.toMillis());
        if (timeoutMs <= 0 || timeoutMs > 600_000) {
          throw new IllegalArgumentException("timeout_ms must be 1..600000");
        }
        SecureChannelOptions opts = new SecureChannelOptions().setTimeout(Duration.ofMillis(timeoutMs)).setConfirmed(true);
        if (!authorized.isEmpty()) {
          opts.setAuthorizedIdentifiers(authorized);
        }
        String identity = Bodies.optText(b, "identity");
        String credentialHex = Bodies.optText(b, "credential");
        CredentialAndPurposeKey credential = credentialHex == null ? null : CredentialAndPurposeKey.fromHex(credentialHex);
        return manager.channelsFor(identity, credential).compose(ch -> ch.resolve(to, opts)).compose(sr -> {
          if (sr.channels().isEmpty()) {
            return Future.failedFuture(new IllegalArgumentException("'" + to + "' names no secure channel listener (/service/NAME or /secure/NAME)"));
          }
          return ok(h, Bodies.of(sr.channels().get(sr.channels().size() - 1)));
        });
      }
      case DELETE: {
        Address encryptor = Address.parse(Bodies.text(body(request), "encryptor"));
        return manager.closeSecureChannel(encryptor).compose(v -> ok(h, null));
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
