package io.ockamj.verticles.relay;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Relay sessions: loss detection, re-creation with back-off, close; nodes over real TCP on 127.0.0.1. */
@ExtendWith(VertxExtension.class)
class RelaySessionIT {

  private final List<Node> nodes = new ArrayList<>();
  private final List<RelaySession> sessions = new ArrayList<>();

  private Node node(Vertx vertx, String name, String listen) throws Exception {
    NodeOptions o = new NodeOptions().setName(name).setTcpListenerAddress(listen);
    Node n = await(Node.create(vertx, o));
    nodes.add(n);
    await(n.startWorker(WorkerOptions.of("whoami"), new RelayServiceIT.WhoAmI(name)));
    n.flowControls().addConsumer(Address.local("whoami"), n.tcpListenerFlowControlId());
    io.ockamj.verticles.transport.tcp.TcpTransport.of(n).addOutgoingConsumer(Address.local("whoami"));
    return n;
  }

  private RelaySession session(Node n, Route route, String name, RelaySessionOptions options) throws Exception {
    RelaySession s = await(RelaySession.start(n, route, name, options));
    sessions.add(s);
    return s;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (RelaySession s : sessions) {
      await(s.close());
    }
    for (Node n : nodes) {
      await(n.close());
    }
  }

  private static int port(Node n) {
    return Integer.parseInt(n.tcpListenerAddress().substring(n.tcpListenerAddress().lastIndexOf(':') + 1));
  }

  private static Route tcp(int port) {
    return Route.of(Address.tcp("127.0.0.1:" + port));
  }

  private static String whoViaRelay(Node from, int relayPort, String relay) throws Exception {
    Route r = tcp(relayPort).append(Address.local(relay)).append(Address.local("whoami"));
    return new String(await(from.context().sendAndReceive(r, new byte[0], Duration.ofSeconds(5))).payload(), StandardCharsets.UTF_8);
  }

  /** State changes with the time they happened. */
  static final class StateLog {
    record Entry(RelaySession.State state, long at) {
    }

    final List<Entry> entries = Collections.synchronizedList(new ArrayList<>());

    StateLog(RelaySession s) {
      s.stateHandler(st -> entries.add(new Entry(st, System.currentTimeMillis())));
    }

    /** Waits for a change to {@code state} at or after {@code since}; returns its time. */
    long await(RelaySession.State state, long since, long timeoutMs) {
      long[] at = {-1};
      try {
        until("a change to " + state + " at or after " + since, () -> {
          synchronized (entries) {
            for (Entry e : entries) {
              if (e.state == state && e.at >= since) {
                at[0] = e.at;
                return true;
              }
            }
          }
          return false;
        }, Duration.ofMillis(timeoutMs));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; changes: " + entries, e);
      }
      return at[0];
    }
  }

  @Test
  void relayNodeRestartIsRecoveredWithinSeconds(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", "127.0.0.1:0");
    int port = port(a);
    Node b = node(vertx, "b", null);
    Node c = node(vertx, "c", null);
    RelaySession s = session(b, tcp(port), "b", new RelaySessionOptions());
    StateLog log = new StateLog(s);
    RemoteRelayInfo first = await(s.whenUp());
    assertThat(first.remoteAddress()).isEqualTo("forward_to_b");
    assertThat(s.state()).isEqualTo(RelaySession.State.UP);
    assertThat(whoViaRelay(c, port, "forward_to_b")).isEqualTo("b");

    long t0 = System.currentTimeMillis();
    await(a.close());
    nodes.remove(a);
    long down = log.await(RelaySession.State.DOWN, t0, 5000);
    // a closed connection is seen at the next tick (1 s)
    assertThat(down - t0).isLessThan(2500);

    Node a2 = node(vertx, "a2", "127.0.0.1:" + port);
    long t1 = System.currentTimeMillis();
    log.await(RelaySession.State.UP, t1, 8000);
    long recovered = System.currentTimeMillis() - t1;
    assertThat(recovered).isLessThan(5000);
    assertThat(s.reconnects()).isEqualTo(1);
    assertThat(RelayService.of(a2).relay("b")).isNotNull();
    assertThat(whoViaRelay(c, port, "forward_to_b")).isEqualTo("b");
    System.out.println("relay node restart: down detected after " + (down - t0) + " ms, relay back " + recovered
      + " ms after the new relay node listened; failed attempts " + s.failedAttempts());
  }

  @Test
  void silentRelayNodeIsDetectedByMissedPings(Vertx vertx) throws Exception {
    Node a = node(vertx, "a", "127.0.0.1:0");
    Node b = node(vertx, "b", null);
    Node c = node(vertx, "c", null);
    FreezableProxy proxy = await(FreezableProxy.start(vertx, port(a)));
    try {
      RelaySession s = session(b, tcp(proxy.port), "b", new RelaySessionOptions());
      StateLog log = new StateLog(s);
      await(s.whenUp());
      assertThat(whoViaRelay(c, port(a), "forward_to_b")).isEqualTo("b");
      until("a pong came back", () -> s.pongsReceived() >= 1, Duration.ofSeconds(3));

      // the connection stays open but nothing gets through any more
      long t0 = System.currentTimeMillis();
      proxy.freeze();
      long down = log.await(RelaySession.State.DOWN, t0, 8000);
      long detection = down - t0;
      assertThat(detection).isBetween(1900L, 5500L);
      long up = log.await(RelaySession.State.UP, down, 8000);
      assertThat(s.reconnects()).isEqualTo(1);
      assertThat(proxy.connections).isEqualTo(2);
      assertThat(whoViaRelay(c, port(a), "forward_to_b")).isEqualTo("b");
      System.out.println("silent relay node: down detected after " + detection + " ms (3 missed pings at 1 s), relay back "
        + (up - down) + " ms later");
    } finally {
      await(proxy.close());
    }
  }

  @Test
  void backsOffWhileTheRelayNodeIsAbsentThenConnects(Vertx vertx) throws Exception {
    NetServer reserve = await(vertx.createNetServer().connectHandler(NetSocket::close).listen(0, "127.0.0.1"));
    int port = reserve.actualPort();
    await(reserve.close());
    Node b = node(vertx, "b", null);
    Node c = node(vertx, "c", null);
    long t0 = System.nanoTime();
    RelaySession s = session(b, tcp(port), "b", new RelaySessionOptions());
    StateLog log = new StateLog(s);
    // attempts at about 0, 0.25, 0.75, 1.75 s (±20 %, plus each refused connect): never a hot loop,
    // so the fourth has at least the three shortest delays, 200 + 400 + 800 ms, behind it
    until("four failed attempts", () -> s.failedAttempts() >= 4, Duration.ofSeconds(10));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    assertThat(s.state()).isIn(RelaySession.State.DOWN, RelaySession.State.RECONNECTING);

    node(vertx, "a", "127.0.0.1:" + port);
    long t1 = System.currentTimeMillis();
    log.await(RelaySession.State.UP, t1, 8000);
    // the next (fifth) attempt is at most 2 s * 1.2 away
    assertThat(System.currentTimeMillis() - t1).isLessThan(4000);
    assertThat(s.reconnects()).isZero();
    assertThat(whoViaRelay(c, port, "forward_to_b")).isEqualTo("b");
  }

  /** An echo that counts what it answers. */
  static final class CountingEcho implements Worker {
    final AtomicLong count = new AtomicLong();

    @Override
    public Future<Void> handleMessage(NodeContext ctx, Routed m) {
      count.incrementAndGet();
      return ctx.send(m.returnRoute(), m.payload(), m.messageAddress());
    }
  }

  @Test
  void closeStopsPingsWorkersAndTheRelay(Vertx vertx) throws Exception {
    Node a = await(Node.create(vertx, new NodeOptions().setName("a").setBuiltinServices(false).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(a);
    RelayService service = await(RelayService.start(a));
    CountingEcho echo = new CountingEcho();
    await(a.startWorker(WorkerOptions.of("echo"), echo));
    a.flowControls().addConsumer(Address.local("echo"), a.tcpListenerFlowControlId());
    Node b = node(vertx, "b", null);
    int workersBefore = b.listWorkers().size();
    RelaySession s = session(b, tcp(port(a)), null, new RelaySessionOptions().setPingIntervalMs(50));
    RemoteRelayInfo info = await(s.whenUp());
    assertThat(info.remoteAddress()).matches("forward_to_[0-9a-f]{32}");
    until("echo answered five pings", () -> echo.count.get() >= 5, Duration.ofSeconds(3));
    assertThat(s.pongsReceived()).isPositive();
    assertThat(s.state()).isEqualTo(RelaySession.State.UP);

    await(s.close());
    assertThat(s.state()).isEqualTo(RelaySession.State.CLOSED);
    // every ping B sent before the close has arrived: A has seen the connection close (the relay went
    // with it) and echo has none waiting
    until("A removed the relay and echo has no ping waiting", () -> service.relays().isEmpty()
      && a.listWorkers().stream().filter(w -> w.primaryAddress().equals(Address.local("echo"))).allMatch(w -> w.pending() == 0),
      Duration.ofSeconds(3));
    long after = echo.count.get();
    // kept: ten ping intervals of quiet, the observation itself; a ping still sent would show here
    // (that nothing more happens cannot be awaited)
    Thread.sleep(500);
    assertThat(echo.count.get()).isEqualTo(after);
    // the relay worker and the ping collector are gone, and so is the connection and the relay on A
    assertThat(b.isRegistered(info.workerAddress())).isFalse();
    assertThat(b.listWorkers().size()).isEqualTo(workersBefore);
    assertThat(TcpTransport.of(b).connections()).isEmpty();
    assertThat(service.relays()).isEmpty();
    assertThatThrownBy(() -> await(s.whenUp())).isInstanceOf(RelayException.class);
    await(s.close());
  }

  /** A TCP proxy that can stop passing bytes on its open connections without closing them. */
  static final class FreezableProxy {
    final NetServer server;
    final NetClient client;
    final List<boolean[]> frozen = Collections.synchronizedList(new ArrayList<>());
    volatile int connections;
    int port;

    private FreezableProxy(Vertx vertx) {
      server = vertx.createNetServer();
      client = vertx.createNetClient();
    }

    static Future<FreezableProxy> start(Vertx vertx, int targetPort) {
      FreezableProxy p = new FreezableProxy(vertx);
      p.server.connectHandler(in -> {
        in.pause();
        p.connections++;
        p.client.connect(targetPort, "127.0.0.1").onSuccess(out -> {
          boolean[] stop = new boolean[1];
          p.frozen.add(stop);
          in.handler(buf -> {
            if (!stop[0]) {
              out.write(buf);
            }
          });
          out.handler(buf -> {
            if (!stop[0]) {
              in.write(buf);
            }
          });
          in.closeHandler(v -> out.close());
          out.closeHandler(v -> in.close());
          in.resume();
        }).onFailure(err -> in.close());
      });
      return p.server.listen(0, "127.0.0.1").map(s -> {
        p.port = s.actualPort();
        return p;
      });
    }

    void freeze() {
      synchronized (frozen) {
        for (boolean[] f : frozen) {
          f[0] = true;
        }
      }
    }

    Future<Void> close() {
      return Future.join(server.close(), client.close()).mapEmpty();
    }
  }
}
