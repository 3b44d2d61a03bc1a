package io.ockamj.verticles.transport.tcp;

import io.ockamj.node.NodeException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.impl.ServerID;
import io.vertx.core.shareddata.LocalMap;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binds the node's TCP servers (the transport's listeners and the portal inlets) so that one
 * {@code host:port} is held by one server only.
 * <p>
 * Within one Vert.x instance, Vert.x does not bind a second {@code NetServer} to a {@code host:port}
 * (port &gt; 0) that another of its servers listens on: it joins the two and hands the accepted
 * connections to them in turn. A second inlet on a port, or an inlet on the node's own listener port,
 * would therefore succeed and take every other connection. Here every explicit {@code host:port} is
 * reserved in a registry of the Vert.x instance (so it covers every node of the instance) before the
 * server binds, and a reserved one is refused; an address that another server of the instance (one
 * that did not bind through here) listens on is refused as well. Another process's address is refused
 * by the operating system, as before. A port-0 bind always gets a fresh port; the port it got is
 * reserved too, so an explicit bind of it is refused in turn.
 */
public final class TcpListeners {

  private static final String MAP = "io.ockamj.tcp.bound";
  private static final AtomicLong SEQUENCE = new AtomicLong();

  private TcpListeners() {
  }

  /** A server bound through {@link #listen}; {@link #close()} closes it and frees its address. */
  public static final class Bound {
    private final NetServer server;
    private final LocalMap<String, String> registry;
    private final String key;
    private final String token;
    private final AtomicBoolean released = new AtomicBoolean();

    private Bound(NetServer server, LocalMap<String, String> registry, String key, String token) {
      this.server = server;
      this.registry = registry;
      this.key = key;
      this.token = token;
    }

    /** @return the server */
    public NetServer server() {
      return server;
    }

    /** @return the port it listens on */
    public int port() {
      return server.actualPort();
    }

    /**
     * Closes the server; its address is free again once it is closed.
     *
     * @return a future completed when the server is closed
     */
    public Future<Void> close() {
      return server.close().eventually(this::release);
    }

    private Future<Void> release() {
      if (key != null && released.compareAndSet(false, true)) {
        registry.remove(key, token);
      }
      return Future.succeededFuture();
    }
  }

  /**
   * Binds a server to {@code host:port}, unless a server of this Vert.x instance holds that address.
   *
   * @param vertx the Vert.x instance that created {@code server}
   * @param server a server with its connect handler set, not yet listening
   * @param host the host to bind, as given (Vert.x tells servers apart by this text and the port)
   * @param port the port; 0 picks a free one
   * @param owner what the server is, for the error another bind of its address gets, e.g. "the TCP
   *     listener of node n1"
   * @return the bound server; failed with a {@link NodeException} of kind {@code ALREADY_EXISTS} whose
   *     message names the address (and its holder, when it is in this process) if the address is taken,
   *     or with Vert.x's failure otherwise
   */
  public static Future<Bound> listen(Vertx vertx, NetServer server, String host, int port, String owner) {
    LocalMap<String, String> registry = vertx.sharedData().getLocalMap(MAP);
    String token = owner + "\n" + SEQUENCE.incrementAndGet();
    if (port == 0) {
      return bindOnOwnLoop(vertx, server, 0, host).map(s -> {
        String key = key(host, s.actualPort());
        registry.put(key, token);
        return new Bound(s, registry, key, token);
      });
    }
    String key = key(host, port);
    String held = registry.putIfAbsent(key, token);
    if (held != null) {
      return Future.failedFuture(inUse(host, port, "by " + held.substring(0, held.lastIndexOf('\n'))));
    }
    if (heldByVertx(vertx, host, port)) {
      registry.remove(key, token);
      return Future.failedFuture(inUse(host, port, "by another server in this process"));
    }
    return bindOnOwnLoop(vertx, server, port, host)
      .recover(err -> {
        registry.remove(key, token);
        return Future.failedFuture(err);
      })
      .map(s -> new Bound(s, registry, key, token));
  }

  /**
   * Binds from an event-loop context of the server's own, whatever thread calls: Vert.x runs the
   * connect handler on the binding context and closes the server with the deployment that context
   * belongs to. A worker's context would run the handler on another thread, after the socket may
   * already have read (the transport must hold its reads before the first one), and a verticle's
   * context would close the listener when that verticle stops.
   */
  private static Future<NetServer> bindOnOwnLoop(Vertx vertx, NetServer server, int port, String host) {
    if (!(vertx instanceof VertxInternal)) {
      return server.listen(port, host);
    }
    Promise<NetServer> bound = Promise.promise();
    ((VertxInternal) vertx).createEventLoopContext().runOnContext(v -> server.listen(port, host).onComplete(bound));
    return bound.future();
  }

  private static String key(String host, int port) {
    return port + "/" + host;
  }

  private static NodeException inUse(String host, int port, String holder) {
    String hp = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    return new NodeException(NodeException.Kind.ALREADY_EXISTS, "address " + hp + " is already in use " + holder);
  }

  /** {@code true} if a server of this Vert.x instance that did not bind through here listens on the address. */
  private static boolean heldByVertx(Vertx vertx, String host, int port) {
    if (!(vertx instanceof VertxInternal)) {
      return false;
    }
    Map<ServerID, ?> shared = ((VertxInternal) vertx).sharedTcpServers();
    synchronized (shared) {
      return shared.containsKey(new ServerID(port, host));
    }
  }
}
