package io.ockamj.verticles.bench;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.testing.Await;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.tools.RequestReplyProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A benchmark harness, not a test: secure channels between two nodes (separate Vert.x instances)
 * over TCP on 127.0.0.1. Prints full handshakes per second (with identity and purpose-key
 * verification on both sides), then request/reply messages per second and p50/p99 latency through
 * one channel.
 * <p>
 * Run: {@code java -cp <verticles test classpath> io.ockamj.verticles.bench.SecureChannelHarness}
 */
public final class SecureChannelHarness {

  private SecureChannelHarness() {
  }

  static <T> T await(Future<T> f) {
    return Await.await(f, Duration.ofSeconds(600));
  }

  public static void main(String[] args) throws Exception {
    Vertx va = Vertx.vertx();
    Vertx vb = Vertx.vertx();
    Node a = await(Node.create(va, new NodeOptions().setName("a")));
    Node b = await(Node.create(vb, new NodeOptions().setName("b").setTcpListenerAddress("127.0.0.1:0")));
    SecureChannels ca = SecureChannels.create(a, await(va.executeBlocking(ChannelIdentity::generate)));
    SecureChannels cb = SecureChannels.create(b, await(vb.executeBlocking(ChannelIdentity::generate)));
    await(cb.createListener("api", new SecureChannelOptions()));
    Route toApi = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api"));

    for (int round = 0; round < 2; round++) {
      for (int concurrency : new int[] {1, 8}) {
        int total = round == 0 ? 200 : 1000;
        long start = System.nanoTime();
        int done = 0;
        while (done < total) {
          List<Future<SecureChannel>> batch = new ArrayList<>();
          for (int i = 0; i < concurrency && done + i < total; i++) {
            batch.add(ca.createSecureChannel(toApi, new SecureChannelOptions()));
          }
          await(Future.all(batch));
          for (Future<SecureChannel> f : batch) {
            await(ca.close(f.result().encryptor()));
          }
          done += batch.size();
        }
        double s = (System.nanoTime() - start) / 1e9;
        if (round == 1) {
          System.out.printf(Locale.ROOT, "handshakes (create+verify+close), %d in flight: %.0f/s%n", concurrency, total / s);
        }
      }
    }

    SecureChannel ch = await(ca.createSecureChannel(toApi, new SecureChannelOptions()));
    Route route = Route.of(ch.encryptor(), Address.local("echo"));
    await(RequestReplyProbe.run(a, route, 20_000, 64, 16));
    int[][] cases = {{64, 1}, {64, 64}, {1024, 64}, {16384, 16}};
    System.out.println("through one channel: payload  window      msg/s    p50 us    p99 us  intact");
    for (int[] c : cases) {
      int count = c[1] == 1 ? 10_000 : c[0] > 4096 ? 20_000 : 100_000;
      RequestReplyProbe.Result r = await(RequestReplyProbe.run(a, route, count, c[0], c[1]));
      System.out.printf(Locale.ROOT, "                     %7d %7d %10.0f %9.0f %9.0f  %s%n", c[0], c[1], r.messagesPerSecond(),
        r.p50Micros(), r.p99Micros(), r.intact());
    }
    await(a.close());
    await(b.close());
    va.close();
    vb.close();
  }
}
