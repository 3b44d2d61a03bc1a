package io.ockamj.verticles.bench;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.testing.Await;
import io.ockamj.verticles.tools.RequestReplyProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.Locale;

/**
 * A benchmark harness, not a test: request/reply between two nodes over TCP on 127.0.0.1, printing
 * messages/s and round-trip p50/p99 for a few payload sizes and windows. Each node runs in its own
 * Vert.x instance, as two processes would.
 * <p>
 * Run: {@code mvn -q -pl verticles -am -DskipTests test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.ockamj.verticles.bench.TcpRequestReplyHarness}
 */
public final class TcpRequestReplyHarness {

  private TcpRequestReplyHarness() {
  }

  static <T> T await(Future<T> f) {
    return Await.await(f, Duration.ofSeconds(300));
  }

  public static void main(String[] args) throws Exception {
    Vertx va = Vertx.vertx();
    Vertx vb = Vertx.vertx();
    Node a = await(Node.create(va, new NodeOptions().setName("a")));
    Node b = await(Node.create(vb, new NodeOptions().setName("b").setTcpListenerAddress("127.0.0.1:0")));
    Route route = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo"));
    await(RequestReplyProbe.run(a, route, 20_000, 64, 16)); // warm-up
    int[][] cases = {{64, 1}, {64, 16}, {64, 128}, {1024, 64}, {16384, 16}};
    System.out.println("payload  window  messages      msg/s    p50 us    p99 us  intact");
    for (int[] c : cases) {
      int count = c[1] == 1 ? 20_000 : c[0] > 4096 ? 20_000 : 100_000;
      RequestReplyProbe.Result r = await(RequestReplyProbe.run(a, route, count, c[0], c[1]));
      System.out.printf(Locale.ROOT, "%7d %7d %9d %10.0f %9.0f %9.0f  %s%n", c[0], c[1], r.messages(), r.messagesPerSecond(),
        r.p50Micros(), r.p99Micros(), r.intact());
    }
    await(a.close());
    await(b.close());
    va.close();
    vb.close();
  }
}
