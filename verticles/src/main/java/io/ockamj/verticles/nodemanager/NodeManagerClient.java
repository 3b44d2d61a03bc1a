package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.ApiError;
import io.ockamj.protocol.api.CborValue;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.transport.tcp.TcpConnectionInfo;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A typed client of a node's {@link NodeManager} API. Every call sends one request along the route
 * to {@value NodeManager#ADDRESS} and waits for the response with the same id.
 * <p>
 * Failures arrive as failed futures: {@link NodeManagerException} when the node answered with an
 * error status, {@link io.ockamj.node.NodeException} of kind {@code TIMEOUT} when it did not answer
 * (which is also what a caller that is not an administrator sees: the node drops its requests),
 * {@link DecodeException} when the answer is malformed. Methods may be called from any thread.
 * <p>
 * The requests of one resource group go through their own class on top of this client:
 * {@link PortalApi} (inlets and outlets), {@link RelayApi}, {@link TcpApi} and {@link PolicyClient}.
 */
public final class NodeManagerClient {

  /** Default time to wait for an answer: 10 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final NodeContext context;
  private final Route route;
  private final Duration timeout;
  private final SecureChannels channels;
  private final SecureChannel channel;

  private NodeManagerClient(Node local, Route route, Duration timeout, SecureChannels channels, SecureChannel channel) {
    this.context = local.context();
    this.route = route;
    this.timeout = timeout;
    this.channels = channels;
    this.channel = channel;
  }

  /**
   * Creates a client over an existing route.
   *
   * @param local the node to send from
   * @param route the route to the node manager, ending in {@value NodeManager#ADDRESS}
   * @param timeout how long to wait for each answer
   * @return the client
   */
  public static NodeManagerClient create(Node local, Route route, Duration timeout) {
    return new NodeManagerClient(local, route, timeout, null, null);
  }

  /**
   * Opens a secure channel to a node's listener and creates a client through it.
   *
   * @param local the node to send from
   * @param channels the channel factory of the identity to prove (an administrator of the node)
   * @param hostPort the node's TCP listener
   * @param listener the node's secure channel listener address, e.g. {@link SecureChannels#DEFAULT_LISTENER}
   * @param expected the identity the node must prove, or {@code null} to accept any
   * @param timeout how long the handshake and each answer may take
   * @return the client; {@link #close()} closes the channel
   */
  public static Future<NodeManagerClient> connect(Node local, SecureChannels channels, String hostPort, String listener,
                                                  Identifier expected, Duration timeout) {
    SecureChannelOptions opts = new SecureChannelOptions().setTimeout(timeout);
    if (expected != null) {
      opts.setTrustPolicy(TrustPolicy.trustIdentifiers(expected));
    }
    return channels.createSecureChannel(Route.of(Address.tcp(hostPort), Address.local(listener)), opts)
      .map(ch -> new NodeManagerClient(local, Route.of(ch.encryptor(), Address.local(NodeManager.ADDRESS)), timeout,
        channels, ch));
  }

  /**
   * @return the secure channel this client opened, or {@code null}
   */
  public SecureChannel channel() {
    return channel;
  }

  /**
   * Sends a request and returns the raw response, whatever its status.
   *
   * @param method the method
   * @param path the path
   * @param body the body as a {@link CborValue} value, or {@code null}
   * @return the response
   */
  public Future<Response> request(Method method, String path, Object body) {
    byte[] encoded;
    try {
      encoded = body == null ? null : CborValue.encode(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return requestBytes(method, path, encoded);
  }

  /**
   * Sends a request with an already encoded body and returns the raw response, whatever its status.
   *
   * @param method the method
   * @param path the path
   * @param body the CBOR body, or {@code null}
   * @return the response
   */
  public Future<Response> requestBytes(Method method, String path, byte[] body) {
    Request req;
    try {
      req = Request.of(method, path, body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return context.sendAndReceive(route, req.toPayload(), timeout).compose(reply -> {
      Response r;
      try {
        r = Response.fromPayload(reply.payload());
      } catch (DecodeException e) {
        return Future.failedFuture(e);
      }
      if (r.header().re() != req.header().id()) {
        return Future.failedFuture(new DecodeException("the node answered request " + r.header().re()
          + " instead of " + req.header().id()));
      }
      return Future.succeededFuture(r);
    });
  }

  /**
   * Sends a request and returns the decoded body of a successful response.
   *
   * @param method the method
   * @param path the path
   * @param body the body or {@code null}
   * @return the response body ({@code null} if none); failed with {@link NodeManagerException} on an error status
   */
  public Future<Object> call(Method method, String path, Object body) {
    return request(method, path, body).compose(r -> {
      if (!r.isOk()) {
        ApiError e = r.error();
        return Future.failedFuture(new NodeManagerException(r.status(), e.describe()));
      }
      try {
        return Future.succeededFuture(r.body() == null ? null : CborValue.decode(r.body()));
      } catch (DecodeException e) {
        return Future.failedFuture(e);
      }
    });
  }

  /** {@code GET path}, its body converted; a conversion that throws fails the future with a {@link DecodeException}. */
  <T> Future<T> get(String path, Function<Object, T> convert) {
    return call(Method.GET, path, null).compose(b -> {
      try {
        return Future.succeededFuture(convert.apply(b));
      } catch (RuntimeException e) {
        return Future.failedFuture(new DecodeException("malformed answer to GET " + path + ": " + e.getMessage(), e));
      }
    });
  }

  /** Converts each item of a CBOR array body. */
  static <T> List<T> list(Object body, Function<Object, T> item) {
    List<T> out = new ArrayList<>();
    for (Object o : Bodies.asList(body)) {
      out.add(item.apply(o));
    }
    return out;
  }

  /**
   * {@code GET /node}.
   *
   * @return the node's status
   */
  public Future<NodeStatus> node() {
    return get("/node", Bodies::nodeStatus);
  }

  /**
   * {@code GET /node/workers}.
   *
   * @return the node's workers and processors
   */
  public Future<List<WorkerInfo>> workers() {
    return get("/node/workers", b -> list(b, Bodies::workerInfo));
  }

  /**
   * {@code GET /node/tcp/listener}.
   *
   * @return the bound {@code host:port} of each TCP listener
   */
  public Future<List<String>> tcpListeners() {
    return get("/node/tcp/listener", b -> list(b, o -> Bodies.text(Bodies.asMap(o), "socket_address")));
  }

  /**
   * {@code GET /node/tcp/connection}.
   *
   * @return the node's TCP connections
   */
  public Future<List<TcpConnectionInfo>> tcpConnections() {
    return get("/node/tcp/connection", b -> list(b, Bodies::tcpConnection));
  }

  /**
   * {@code POST /node/tcp/connection}: makes the node open a TCP connection.
   *
   * @param hostPort where to connect
   * @return the connection
   */
  public Future<TcpConnectionInfo> createTcpConnection(String hostPort) {
    return call(Method.POST, "/node/tcp/connection", Map.of("address", hostPort)).map(Bodies::tcpConnection);
  }

  /**
   * {@code GET /node/secure_channel_listener}.
   *
   * @return the node's secure channel listeners
   */
  public Future<List<SecureChannelListenerInfo>> secureChannelListeners() {
    return get("/node/secure_channel_listener", b -> list(b, Bodies::listener));
  }

  /**
   * {@code POST /node/secure_channel_listener}.
   *
   * @param address the listener address
   * @param trusted identities to accept (empty: any identity that proves itself)
   * @return the listener
   */
  public Future<SecureChannelListenerInfo> createSecureChannelListener(String address, List<Identifier> trusted) {
    return createSecureChannelListener(address, trusted, null);
  }

  /**
   * {@code POST /node/secure_channel_listener} of a listener that proves a given identity.
   *
   * @param address the listener address
   * @param trusted identities to accept (empty: any identity that proves itself)
   * @param identity the name of the local identity it proves, or {@code null} for the node's
   * @return the listener
   */
  public Future<SecureChannelListenerInfo> createSecureChannelListener(String address, List<Identifier> trusted, String identity) {
    List<String> t = trusted.stream().map(Identifier::toString).toList();
    Map<String, Object> body = Bodies.map("address", address, "trusted", t);
    if (identity != null) {
      body.put("identity", identity);
    }
    return call(Method.POST, "/node/secure_channel_listener", body).map(Bodies::listener);
  }

  /**
   * {@code GET /node/secure_channel_listener/ADDRESS}.
   *
   * @param address the listener address
   * @return the listener; failed with {@link NodeManagerException} {@code NOT_FOUND} if there is none
   */
  public Future<SecureChannelListenerInfo> secureChannelListener(String address) {
    return get("/node/secure_channel_listener/" + address, Bodies::listener);
  }

  /**
   * {@code DELETE /node/secure_channel_listener {address}}.
   *
   * @param address the listener address
   * @return a future completed when it stopped
   */
  public Future<Void> deleteSecureChannelListener(String address) {
    return call(Method.DELETE, "/node/secure_channel_listener", Bodies.map("address", address)).mapEmpty();
  }

  /**
   * {@code POST /v0/message}: makes the node send a message and return the reply's payload.
   *
   * @param route where to, e.g. {@code /ip4/127.0.0.1/tcp/4000/secure/api/service/echo}
   * @param message the payload
   * @param timeout how long the node waits for the secure channels and the reply
   * @return the reply's payload
   */
  public Future<byte[]> sendMessage(MultiAddr route, byte[] message, Duration timeout) {
    return call(Method.POST, "/v0/message", Bodies.map("route", route.toString(), "message", message, "timeout_ms", timeout.toMillis()))
      .compose(b -> b instanceof byte[] bytes ? Future.succeededFuture(bytes)
        : Future.failedFuture(new DecodeException("the answer to POST /v0/message is not a byte string")));
  }

  /**
   * {@code POST /node/services/KIND {addr}}: starts one more hop, echo or uppercase service.
   *
   * @param kind {@code hop}, {@code echo} or {@code uppercase}
   * @param address its address
   * @return the service
   */
  public Future<ServiceInfo> startService(String kind, String address) {
    return call(Method.POST, "/node/services/" + kind, Bodies.map("addr", address)).map(Bodies::service);
  }

  /**
   * {@code GET /node/secure_channel}.
   *
   * @return the node's established secure channels
   */
  public Future<List<SecureChannel>> secureChannels() {
    return get("/node/secure_channel", b -> list(b, Bodies::secureChannel));
  }

  /**
   * {@code POST /node/secure_channel}: makes the node open a secure channel.
   *
   * @param to where, e.g. {@code /ip4/127.0.0.1/tcp/4000/secure/api}
   * @param authorized identities the peer must be one of (empty: any)
   * @param handshakeTimeout how long the node may take
   * @return the channel as the node sees it
   */
  public Future<SecureChannel> createSecureChannel(MultiAddr to, List<Identifier> authorized, Duration handshakeTimeout) {
    return createSecureChannel(to, authorized, handshakeTimeout, null, null);
  }

  /**
   * {@code POST /node/secure_channel} in which the node proves another of its local identities and
   * presents a credential.
   *
   * @param to where, e.g. {@code /ip4/127.0.0.1/tcp/4000/secure/api}
   * @param authorized identities the peer must be one of (empty: any)
   * @param handshakeTimeout how long the node may take
   * @param identity the name of the identity to prove, or {@code null} for the node's
   * @param credentialHex a credential and purpose key attestation to present (hex of its CBOR), or {@code null}
   * @return the channel as the node sees it
   */
  public Future<SecureChannel> createSecureChannel(MultiAddr to, List<Identifier> authorized, Duration handshakeTimeout,
                                                   String identity, String credentialHex) {
    List<String> a = authorized.stream().map(Identifier::toString).toList();
    Map<String, Object> body = Bodies.map("to", to.toString(), "authorized", a, "timeout_ms", handshakeTimeout.toMillis());
    if (identity != null) {
      body.put("identity", identity);
    }
    if (credentialHex != null) {
      body.put("credential", credentialHex);
    }
    return call(Method.POST, "/node/secure_channel", body).map(Bodies::secureChannel);
  }

  /**
   * {@code DELETE /node/secure_channel}.
   *
   * @param encryptor the channel's encryptor address on the node
   * @return a future completed when the node closed it
   */
  public Future<Void> deleteSecureChannel(Address encryptor) {
    return call(Method.DELETE, "/node/secure_channel", Map.of("encryptor", encryptor.toString())).mapEmpty();
  }

  /**
   * {@code GET /node/services}.
   *
   * @return the node's services
   */
  public Future<List<ServiceInfo>> services() {
    return get("/node/services", b -> list(b, Bodies::service));
  }

  /**
   * Releases the client's mailbox and closes the secure channel it opened, if any.
   *
   * @return a future completed when closed
   */
  public Future<Void> close() {
    Future<Void> f = context.close().recover(err -> Future.succeededFuture());
    if (channel == null) {
      return f;
    }
    return f.compose(v -> channels.close(channel.encryptor()).recover(err -> Future.succeededFuture()));
  }
}
