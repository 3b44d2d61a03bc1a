package io.ockamj.verticles.rendezvous;

import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.ockamj.verticles.transport.udp.UdpTransport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * The TCP health check of a rendezvous server (Rust's {@code RendezvousHealthcheck}): for each TCP
 * connection, once the client has sent something (its request, which is not read further), a fresh
 * UDP bind pings the rendezvous service over UDP; if it answers, the reply is
 * {@code HTTP/1.1 200 OK\r\n\r\nAlive\n}. The connection is closed either way.
 */
public final class RendezvousHealthcheck {

  private static final System.Logger LOG = System.getLogger(RendezvousHealthcheck.class.getName());

  /** How long a health check connection may stay idle before it is closed (ours). */
  public static final int IDLE_TIMEOUT_SECONDS = 30;

  /** What a healthy server answers. */
  public static final String ALIVE = "HTTP/1.1 200 OK\r\n\r\nAlive\n";

  private final Node node;
  private final String udpPeer;
  private NetServer server;
  private String boundAddress;

  /**
   * @param node the node that runs the rendezvous service
   * @param udpBound the {@code ip:port} its UDP bind listens on ({@code 0.0.0.0} is pinged at localhost, as in Rust)
   */
  public RendezvousHealthcheck(Node node, String udpBound) {
    this.node = node;
    String[] hp = TcpTransport.splitHostPort(udpBound);
    this.udpPeer = ("0.0.0.0".equals(hp[0]) ? "localhost" : hp[0]) + ":" + hp[1];
  }

  /**
   * Listens on TCP.
   *
   * @param hostPort the {@code host:port} to listen on; port 0 picks a free port
   * @return the bound {@code host:port}; failed with {@link NodeException} of kind {@code ALREADY_EXISTS}
   *   if it cannot listen there
   */
  public Future<String> start(String hostPort) {
    String[] hp;
    try {
      hp = TcpTransport.splitHostPort(hostPort);
    } catch (NodeException e) {
      return Future.failedFuture(e);
    }
    // (ours) a client that connects and sends nothing is closed after IDLE_TIMEOUT_SECONDS (Rust keeps it)
    NetServer s = node.vertx().createNetServer(new NetServerOptions().setIdleTimeout(IDLE_TIMEOUT_SECONDS));
    s.connectHandler(this::accepted);
    return s.listen(Integer.parseInt(hp[1]), hp[0])
      .recover(err -> Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS,
        "Can't listen TCP on address " + hostPort + ", error: " + err.getMessage(), err)))
      .map(bound -> {
        server = bound;
        boundAddress = hp[0] + ":" + bound.actualPort();
        LOG.log(System.Logger.Level.INFO, () -> "Healthcheck active on " + boundAddress);
        return boundAddress;
      });
  }

  private void accepted(NetSocket socket) {
    socket.exceptionHandler(err -> LOG.log(System.Logger.Level.DEBUG, () -> "healthcheck connection: " + err));
    boolean[] started = {false};
    socket.handler(data -> {
      if (started[0]) {
        return;
      }
      started[0] = true;
      socket.pause();
      check().onComplete(ar -> {
        if (ar.succeeded()) {
          LOG.log(System.Logger.Level.INFO, () -> "Healthcheck connection received on " + boundAddress);
          socket.end(Buffer.buffer(ALIVE));
        } else {
          LOG.log(System.Logger.Level.INFO, () -> "Healthcheck failed on " + boundAddress + ": " + ar.cause().getMessage());
          socket.close();
        }
      });
    });
  }

  /** Pings the rendezvous service through a new UDP bind to it, then unbinds on every path. */
  Future<Void> check() {
    UdpTransport udp = UdpTransport.of(node);
    return udp.bind("127.0.0.1:0", udpPeer).compose(bind -> {
      RendezvousClient client = new RendezvousClient(bind.senderAddress(), Route.of(RendezvousService.ADDRESS));
      return client.ping(node.context()).eventually(() -> udp.unbind(bind.senderAddress()).otherwiseEmpty());
    });
  }

  /**
   * Stops listening.
   *
   * @return a future completed when the port is closed
   */
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
