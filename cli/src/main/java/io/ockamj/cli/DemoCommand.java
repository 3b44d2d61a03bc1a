package io.ockamj.cli;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.tools.RequestReplyProbe;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ockam demo}: starts three nodes on 127.0.0.1 and moves data through them, proving the bytes
 * arrive intact and showing how fast.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
  description = "Start nodes a, b and c on 127.0.0.1 and send messages a -> hop on b -> echo on c and back; "
    + "checks a SHA-256 of everything that came back and prints throughput and latency.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--messages", defaultValue = "20000", description = "How many messages (default: ${DEFAULT-VALUE}).")
  int messages;

  @Option(names = "--size", defaultValue = "4096", description = "Payload size in bytes (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--window", defaultValue = "64", description = "Messages in flight (default: ${DEFAULT-VALUE}).")
  int window;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Node a = await(Node.create(vertx, new NodeOptions().setName("a").setTcpListenerAddress("127.0.0.1:0")));
      Node b = await(Node.create(vertx, new NodeOptions().setName("b").setTcpListenerAddress("127.0.0.1:0")));
      Node c = await(Node.create(vertx, new NodeOptions().setName("c").setTcpListenerAddress("127.0.0.1:0")));
      System.out.printf("nodes: a %s, b %s, c %s%n", a.tcpListenerAddress(), b.tcpListenerAddress(), c.tcpListenerAddress());
      Route route = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("hop"), Address.tcp(c.tcpListenerAddress()),
        Address.local("echo"));
      System.out.println("route: " + route);
      await(RequestReplyProbe.run(a, route, Math.min(1000, messages), size, window)); // warm-up
      RequestReplyProbe.Result r = await(RequestReplyProbe.run(a, route, messages, size, window));
      System.out.printf(Locale.ROOT, "%d messages of %d bytes there and back in %.2f s: %.0f msg/s, %.1f MB/s each way; "
          + "round trip p50 %.0f us, p99 %.0f us%n", r.messages(), size, r.seconds(), r.messagesPerSecond(),
        r.bytes() / r.seconds() / 1e6, r.p50Micros(), r.p99Micros());
      System.out.println("sha256 sent     " + r.sentSha256());
      System.out.println("sha256 received " + r.receivedSha256());
      if (!r.intact()) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "the bytes that came back differ from those sent");
      }
      System.out.println("OK: every byte came back intact");
      for (Node n : new Node[] {a, b, c}) {
        await(n.close());
      }
      return ExitCodes.OK;
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }
}
