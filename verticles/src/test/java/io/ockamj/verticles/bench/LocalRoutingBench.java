package io.ockamj.verticles.bench;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Local routing throughput: messages per second delivered from senders to worker verticles inside
 * one node (event bus, sequential mailboxes, access-control checks). Each operation is one message.
 * <p>
 * Run: {@code java -cp <test classpath> org.openjdk.jmh.Main LocalRoutingBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LocalRoutingBench {

  static final int BATCH = 100_000;

  @Param({"1", "4"})
  public int workers;

  private Vertx vertx;
  private Node node;
  private NodeContext sender;
  private volatile CountDownLatch latch;
  private Route[] routes;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    vertx = Vertx.vertx();
    node = node(Node.create(vertx, new NodeOptions().setBuiltinServices(false)));
    routes = new Route[workers];
    for (int i = 0; i < workers; i++) {
      routes[i] = Route.of("sink" + i);
      node(node.startWorker(WorkerOptions.of("sink" + i), (c, m) -> {
        latch.countDown();
        return Future.succeededFuture();
      }));
    }
    sender = node.context();
  }

  private static <T> T node(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void route() throws InterruptedException {
    latch = new CountDownLatch(BATCH);
    byte[] payload = new byte[16];
    for (int i = 0; i < BATCH; i++) {
      sender.send(routes[i % routes.length], payload);
    }
    if (!latch.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("messages lost");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    node(node.close());
    node(vertx.close());
  }
}
