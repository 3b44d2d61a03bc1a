package io.ockamj.verticles.portal;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Nodes, targets, clients and helpers shared by the portal tests. Not a test itself. */
abstract class PortalTestSupport {

  final List<Node> nodes = new ArrayList<>();
  final List<Portals> portals = new ArrayList<>();
  final List<NetServer> servers = new ArrayList<>();
  final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
    for (Portals p : portals) {
      await(p.close());
    }
    for (Node n : nodes) {
      await(n.close());
    }
    for (NetServer s : servers) {
      await(s.close());
    }
  }

  Node node(Vertx vertx, String name) throws Exception {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    return n;
  }

  Portals portals(Node node) {
    Portals p = Portals.create(node);
    portals.add(p);
    return p;
  }

  /**
   * Outlet options for tests that also use plain TCP routes: flow control then has to let the
   * node's TCP listener reach the outlet, besides its secure channel listener.
   */
  static OutletOptions overTcp(Node n) {
    return new OutletOptions().addConsumerOf(n.tcpListenerFlowControlId()).addConsumerOf(n.secureChannelFlowControlId());
  }

  static Address tcp(Node n) {
    return Address.tcp(n.tcpListenerAddress());
  }

  /** A secure channel from {@code from} to an {@code api} listener on {@code to}. */
  static SecureChannel channel(Vertx vertx, Node from, Node to) throws Exception {
    SecureChannels cf = SecureChannels.create(from, await(vertx.executeBlocking(ChannelIdentity::generate)));
    SecureChannels ct = SecureChannels.create(to, await(vertx.executeBlocking(ChannelIdentity::generate)));
    await(ct.createListener("api", new SecureChannelOptions()));
    return await(cf.createSecureChannel(Route.of(tcp(to), Address.local("api")), new SecureChannelOptions()));
  }

  /** A Vert.x echo server (with its own back-pressure); returns its port. */
  int echoServer(Vertx vertx) throws Exception {
    return server(vertx, s -> s.pipeTo(s));
  }

  /**
   * For a test server that reads with a data handler and half-close on: the peer's FIN calls the
   * socket's end handler (after the data) while the socket stays open for writing.
   */
  static void endHandlerOnInputShutdown(NetSocket socket) {
    io.netty.channel.ChannelHandlerContext chctx = ((io.vertx.core.internal.net.NetSocketInternal) socket).channelHandlerContext();
    chctx.pipeline().addBefore(chctx.name(), "test-input-shutdown-as-end", new io.netty.channel.ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(io.netty.channel.ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent) {
          ctx.fireChannelRead(io.vertx.core.streams.impl.InboundBuffer.END_SENTINEL);
        }
        super.userEventTriggered(ctx, evt);
      }
    });
  }

  /** Starts a server with a connect handler; returns its port. */
  int server(Vertx vertx, io.vertx.core.Handler<NetSocket> handler) throws Exception {
    NetServer s = vertx.createNetServer().connectHandler(handler);
    await(s.listen(0, "127.0.0.1"));
    servers.add(s);
    return s.actualPort();
  }

  /** Records how many connections were accepted and how many have closed. */
  static final class Recorder {
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final Queue<NetSocket> open = new ConcurrentLinkedQueue<>();
  }

  int recordingServer(Vertx vertx, Recorder r, io.vertx.core.Handler<NetSocket> then) throws Exception {
    return server(vertx, s -> {
      r.accepted.incrementAndGet();
      r.open.add(s);
      s.closeHandler(v -> {
        r.open.remove(s);
        r.closed.incrementAndGet();
      });
      then.handle(s);
    });
  }

  Socket client(String hostPort) throws IOException {
    int colon = hostPort.lastIndexOf(':');
    Socket s = new Socket();
    s.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 5000);
    s.setSoTimeout(15_000);
    sockets.add(s);
    return s;
  }

  static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] b = new byte[n];
    int off = 0;
    while (off < n) {
      int r = in.read(b, off, n - off);
      if (r < 0) {
        throw new IOException("EOF after " + off + " of " + n + " bytes");
      }
      off += r;
    }
    return b;
  }

  /**
   * Waits until the peer closes the socket (EOF or reset).
   *
   * @return milliseconds it took
   */
  static long awaitClosedByPeer(Socket s, long timeoutMs) throws IOException {
    long start = System.nanoTime();
    s.setSoTimeout((int) timeoutMs);
    try {
      int r = s.getInputStream().read();
      assertThat(r).as("expected EOF but read a byte").isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the socket was not closed within " + timeoutMs + " ms");
    } catch (SocketException reset) {
      // a reset counts as closed
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Workers (not processors) whose type is the portal worker, i.e. open portal connection ends. */
  static List<WorkerInfo> portalWorkers(Node n) {
    List<WorkerInfo> out = new ArrayList<>();
    for (WorkerInfo w : n.listWorkers()) {
      if (w.type().equals("PortalWorker")) {
        out.add(w);
      }
    }
    return out;
  }

  static int maxPending(Node... ns) {
    int max = 0;
    for (Node n : ns) {
      for (WorkerInfo w : n.listWorkers()) {
        max = Math.max(max, w.pending());
      }
    }
    return max;
  }

  /** Collects log records of one JDK logger (System.Logger goes to java.util.logging by default). */
  static final class LogCapture extends Handler implements AutoCloseable {
    final Queue<LogRecord> records = new ConcurrentLinkedQueue<>();
    private final Logger logger;

    LogCapture(Class<?> type) {
      this.logger = Logger.getLogger(type.getName());
      logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
      logger.removeHandler(this);
    }

    long count(java.util.logging.Level level, String containing) {
      return records.stream().filter(r -> r.getLevel().equals(level) && r.getMessage().contains(containing)).count();
    }
  }

  static <T> Future<T> promiseOf(java.util.function.Consumer<Promise<T>> body) {
    Promise<T> p = Promise.promise();
    body.accept(p);
    return p.future();
  }
}
