package io.ockamj.verticles.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.RelayMessage;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.metrics.NodeMeters;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import static io.ockamj.testing.Await.await;

/**
 * A measurement, not a test (its name keeps it out of the test runs): what counting the messages a
 * TCP transport carries costs, tapped in the transport ({@link NodeMeters}, what the node does) or in
 * an outbound event-bus interceptor that looks up whether each routed message goes to a TCP
 * sender. Two nodes in one Vert.x instance, 100-byte echo round trips over TCP, 500 in flight;
 * wall-clock rate and process CPU per round trip, best of 4, modes interleaved.
 * <p>
 * Run: {@code mvn -B -o -q verify -pl verticles -am -Dtest=MeterTapBench -Dsurefire.failIfNoSpecifiedTests=false
 * -Dit.test=NoSuch -Dfailsafe.failIfNoSpecifiedTests=false}, lines start with {@code TAPBENCH}.
 */
class MeterTapBench {

  @Test
  void measure() {
    String[] modes = {"none", "transport", "interceptor", "none", "transport", "interceptor", "none", "transport", "interceptor",
      "none", "transport", "interceptor"};
    for (String mode : modes) {
      run(mode);
    }
  }

  private void run(String mode) {
    Vertx vertx = Vertx.vertx();
    try {
      Node a = await(Node.create(vertx, new NodeOptions().setName("a").setTcpListenerAddress("127.0.0.1:0")));
      Node b = await(Node.create(vertx, new NodeOptions().setName("b").setTcpListenerAddress("127.0.0.1:0")));
      SimpleMeterRegistry reg = new SimpleMeterRegistry();
      LongAdder busMessages = new LongAdder();
      if (mode.equals("transport")) {
        NodeMeters.install(a, reg);
        NodeMeters.install(b, reg);
      } else if (mode.equals("interceptor")) {
        Counter msgs = reg.counter("m");
        Counter bytes = reg.counter("b");
        List<NodeInternal> ns = List.of(NodeInternal.of(a), NodeInternal.of(b));
        vertx.eventBus().addOutboundInterceptor(ctx -> {
          busMessages.increment();
          if (ctx.body() instanceof RelayMessage rm) {
            for (NodeInternal n : ns) {
              String t = n.terminalAttribute(rm.destination());
              if (t != null && t.startsWith("tcp:")) {
                msgs.increment();
                bytes.increment(rm.message().payload().length);
                break;
              }
            }
          }
          ctx.next();
        });
      }
      Route echo = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo"));
      NodeContext ctx = a.context();
      await(ctx.sendAndReceive(echo, new byte[1]));
      byte[] payload = new byte[100];
      int window = 500;
      int rounds = 200;
      long best = Long.MAX_VALUE;
      long bestCpu = Long.MAX_VALUE;
      com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      for (int rep = 0; rep < 4; rep++) {
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
          for (int i = 0; i < window; i++) {
            ctx.send(echo, payload);
          }
          for (int i = 0; i < window; i++) {
            await(ctx.receive(Duration.ofSeconds(30)));
          }
        }
        best = Math.min(best, System.nanoTime() - t0);
        bestCpu = Math.min(bestCpu, os.getProcessCpuTime() - c0);
      }
      int n = window * rounds;
      System.out.printf("TAPBENCH %-11s %8.0f round trips/s, %6.2f us CPU per round trip (best of 4 x %d)%s%n", mode,
        n / (best / 1e9), bestCpu / 1e3 / n, n,
        mode.equals("interceptor") ? String.format("; %.2f bus messages per round trip", busMessages.sum() / (4.0 * n + 1)) : "");
      await(a.close());
      await(b.close());
    } finally {
      await(vertx.close());
    }
  }
}
