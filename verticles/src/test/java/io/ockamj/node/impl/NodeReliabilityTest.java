package io.ockamj.node.impl;

import io.ockamj.node.AccessControls;
import io.ockamj.node.DropReason;
import io.ockamj.node.Mailbox;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a node that runs for weeks needs from its router: temporary addresses released on every
 * path, access controls that cannot stall a mailbox, every drop counted and logged once.
 */
@ExtendWith(VertxExtension.class)
class NodeReliabilityTest {

  private NodeImpl node;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    node = (NodeImpl) await(Node.create(vertx, new NodeOptions().setName("rel")));
  }

  @AfterEach
  void stop() throws Exception {
    await(node.close());
  }

  @Test
  void aThousandRequestsHalfOfThemTimingOutLeaveTheRegistryAsItWas() throws Exception {
    await(node.startWorker(WorkerOptions.of("sink"), (c, m) -> Future.succeededFuture()));
    int workers = node.listWorkers().size();
    int[] flows = node.flowControls() instanceof FlowControlsImpl f ? f.sizes() : null;
    List<Future<Routed>> all = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Route to = Route.of(i % 2 == 0 ? "echo" : "sink");
      // the README's embedding idiom, node.context().sendAndReceive, as the inlet's health check uses it
      all.add(node.context().sendAndReceive(to, new byte[] {(byte) i}, Duration.ofMillis(i % 2 == 0 ? 10_000 : 50)));
    }
    await(Future.join(all).otherwiseEmpty());
    long ok = all.stream().filter(Future::succeeded).count();
    long timedOut = all.stream().filter(f -> f.failed() && f.cause() instanceof NodeException e
      && e.kind() == NodeException.Kind.TIMEOUT).count();
    assertThat(ok).isEqualTo(500);
    assertThat(timedOut).isEqualTo(500);
    assertThat(node.listWorkers()).hasSize(workers);
    assertThat(node.context()).isSameAs(node.context());
    assertThat(((FlowControlsImpl) node.flowControls()).sizes()).containsExactly(flows);
  }

  @Test
  void aClosedContextReleasesItsAddressAndItsLateMessagesAreCounted() throws Exception {
    int workers = node.listWorkers().size();
    NodeContext ctx = await(node.context(WorkerOptions.of("tmp")));
    assertThat(node.listWorkers()).hasSize(workers + 1);
    await(ctx.close());
    assertThat(node.listWorkers()).hasSize(workers);
    assertThat(node.isRegistered(Address.local("tmp"))).isFalse();
    assertThatThrownBy(() -> await(node.context().send(Route.of("tmp"), new byte[1]))).hasMessageContaining("no worker at address 0#tmp");
    assertThat(node.drops().count(DropReason.NO_SUCH_ADDRESS)).isEqualTo(1);
    // the node's own context survives close()
    await(node.context().close());
    assertThat(await(node.context().sendAndReceive(Route.of("echo"), new byte[] {7})).payload()).containsExactly(7);
  }

  @Test
  void anAccessControlThatThrowsDropsTheMessageAndTheMailboxGoesOn() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    List<Byte> handled = new CopyOnWriteArrayList<>();
    Mailbox guarded = new Mailbox(Address.local("guarded"), m -> {
      if (calls.incrementAndGet() % 2 == 1) {
        throw new IllegalStateException("policy store unavailable");
      }
      return AccessControls.decision(true);
    }, AccessControls.ALLOW_ALL_OUTGOING);
    await(node.startWorker(new WorkerOptions().addMailbox(guarded), (c, m) -> {
      handled.add(m.payload()[0]);
      return c.send(m.returnRoute(), m.payload(), m.messageAddress());
    }));
    NodeContext ctx = node.context();
    for (int i = 0; i < 10; i++) {
      await(ctx.send(Route.of("guarded"), new byte[] {(byte) i}));
    }
    // every second message passed the control; the mailbox kept draining after each throw
    for (int i = 0; i < 5; i++) {
      await(ctx.receive(Duration.ofSeconds(10)));
    }
    assertThat(handled).containsExactly((byte) 1, (byte) 3, (byte) 5, (byte) 7, (byte) 9);
    assertThat(node.drops().count(DropReason.ACCESS_CONTROL_FAILED)).isEqualTo(5);

    // an outgoing control that throws: the send is dropped and counted, the sender goes on
    NodeContext limited = await(node.context(new WorkerOptions().addMailbox(new Mailbox(Address.local("limited"),
      AccessControls.ALLOW_ALL_INCOMING, m -> {
        throw new IllegalStateException("broken");
      }))));
    await(limited.send(Route.of("echo"), new byte[1]));
    assertThat(node.drops().count(DropReason.ACCESS_CONTROL_FAILED)).isEqualTo(6);
    await(limited.close());
  }

  @Test
  void dropsAreCountedByReasonAndLoggedOncePerReasonAndPeer() throws Exception {
    List<LogRecord> lines = new CopyOnWriteArrayList<>();
    Logger log = Logger.getLogger("io.ockamj.node.drops");
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        lines.add(r);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    log.addHandler(h);
    try {
      NodeContext a = await(node.context(WorkerOptions.of("peer-a")));
      NodeContext b = await(node.context(WorkerOptions.of("peer-b")));
      for (int i = 0; i < 100; i++) {
        a.send(Route.of("nowhere"), new byte[0]);
        b.send(Route.of("nowhere"), new byte[0]);
      }
      assertThat(node.drops().count(DropReason.NO_SUCH_ADDRESS)).isEqualTo(200);
      assertThat(node.metrics().drops()).containsEntry(DropReason.NO_SUCH_ADDRESS, 200L);
      assertThat(node.metrics().unroutable()).isEqualTo(200);
      assertThat(lines).hasSize(2);
      assertThat(lines).allSatisfy(r -> assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.INFO));
      assertThat(lines.get(0).getMessage()).contains("NO_SUCH_ADDRESS").contains("0#peer-a").contains("no worker at address 0#nowhere");
      assertThat(lines.get(1).getMessage()).contains("0#peer-b");
      await(a.close());
      await(b.close());
    } finally {
      log.removeHandler(h);
    }
  }

  @Test
  void aDetachedInboxThatNobodyReadsIsBounded() throws Exception {
    NodeContext ctx = await(node.context(WorkerOptions.of("unread")));
    int n = ContextImpl.MAX_UNRECEIVED + 10;
    for (int i = 0; i < n; i++) {
      node.context().send(Route.of("unread"), new byte[0]);
    }
    until("10 messages dropped from the full inbox", () -> node.drops().count(DropReason.INBOX_FULL) == 10, Duration.ofSeconds(30));
    assertThat(node.drops().count(DropReason.INBOX_FULL)).isEqualTo(10);
    await(ctx.close());
  }

  @Test
  void closingVertxBeforeTheNodeIsQuiet() throws Exception {
    List<LogRecord> loud = new CopyOnWriteArrayList<>();
    Logger root = Logger.getLogger("");
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
          loud.add(r);
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    root.addHandler(h);
    Vertx vertx = Vertx.vertx();
    try {
      Node a = await(Node.create(vertx, new NodeOptions().setName("a").setTcpListenerAddress("127.0.0.1:0")));
      Node b = await(Node.create(vertx, new NodeOptions().setName("b").setTcpListenerAddress("127.0.0.1:0")));
      Route echo = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo"));
      assertThat(await(a.context().sendAndReceive(echo, new byte[] {1})).payload()).containsExactly(1);
      await(vertx.close());
      await(a.close());
      await(b.close());
    } finally {
      root.removeHandler(h);
    }
    assertThat(loud).extracting(r -> r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
      + (r.getThrown() == null ? "" : " " + r.getThrown())).isEmpty();
  }
}
