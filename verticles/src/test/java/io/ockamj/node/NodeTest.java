package io.ockamj.node;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(VertxExtension.class)
class NodeTest {

  private Node node;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    node = await(Node.create(vertx, new NodeOptions().setName("test")));
  }

  @AfterEach
  void stop() throws Exception {
    await(node.close());
  }

  @Test
  void messagesRoutedWhileAWorkerIsStillDeployingReachItOnceItStarts() throws Exception {
    java.util.List<String> seen = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    NodeContext ctx = node.context();
    for (int round = 0; round < 20; round++) {
      String name = "late" + round;
      // the address is taken at once; the verticle starts a little later
      Future<Void> started = node.startWorker(WorkerOptions.of(name), (c, m) -> {
        seen.add(name + ":" + new String(m.payload(), StandardCharsets.UTF_8));
        return Future.succeededFuture();
      });
      await(ctx.send(Route.of(name), "early".getBytes(StandardCharsets.UTF_8)));
      await(started);
      await(ctx.send(Route.of(name), "later".getBytes(StandardCharsets.UTF_8)));
    }
    // a handler sees its message before the mailbox counts it done: wait for both, as both are checked
    until("the 40 messages were handled and no mailbox has any waiting", () -> seen.size() >= 40
      && node.listWorkers().stream().filter(w -> w.primaryAddress().toString().contains("late")).allMatch(w -> w.pending() == 0),
      Duration.ofSeconds(5));
    for (int round = 0; round < 20; round++) {
      assertThat(seen).containsSubsequence("late" + round + ":early", "late" + round + ":later");
    }
    assertThat(node.listWorkers()).filteredOn(w -> w.primaryAddress().toString().contains("late"))
      .allSatisfy(w -> assertThat(w.pending()).isZero());
  }

  @Test
  void echoRepliesWithTheSamePayloadToTheReturnRoute() throws Exception {
    NodeContext ctx = node.context();
    await(ctx.send(Route.of("echo"), "ping".getBytes(StandardCharsets.UTF_8)));
    Routed reply = await(ctx.receive(Duration.ofSeconds(5)));
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("ping");
    assertThat(reply.sourceAddress()).isEqualTo(Address.local("echo"));
    assertThat(reply.returnRoute()).isEqualTo(Route.of("echo"));
    assertThat(reply.messageAddress()).isEqualTo(ctx.address());
  }

  @Test
  void uppercaseAnswersBareStrings() throws Exception {
    Routed reply = await(node.context().sendAndReceive(Route.of("uppercase"), BareWriter.encodeString("hello")));
    assertThat(BareReader.decodeString(reply.payload(), 100)).isEqualTo("HELLO");
  }

  @Test
  void hopAddsItselfToTheReturnRoute() throws Exception {
    NodeContext ctx = node.context();
    await(ctx.send(Route.of("hop", "hop2", "echo"), new byte[] {1}).recover(e -> Future.succeededFuture()));
    await(node.startWorker(WorkerOptions.of("hop2"), new io.ockamj.verticles.services.HopWorker()));
    await(ctx.send(Route.of("hop", "hop2", "echo"), new byte[] {1}));
    Routed reply = await(ctx.receive(Duration.ofSeconds(5)));
    // echo replied via [hop2, hop, ctx]; each hop stepped forward, so the reply arrives from hop
    assertThat(reply.sourceAddress()).isEqualTo(Address.local("hop"));
    assertThat(reply.returnRoute()).isEqualTo(Route.of("hop", "hop2", "echo"));
  }

  @Test
  void sendToUnknownAddressFailsWithNotFound() {
    NodeContext ctx = node.context();
    assertThatThrownBy(() -> await(ctx.send(Route.of("nobody"), new byte[0])))
      .isInstanceOf(NodeException.class)
      .hasMessageContaining("no worker at address 0#nobody");
    assertThat(node.metrics().unroutable()).isEqualTo(1);
  }

  @Test
  void sendAndReceiveTimesOut() throws Exception {
    await(node.startWorker(WorkerOptions.of("sink"), (c, m) -> Future.succeededFuture()));
    assertThatThrownBy(() -> await(node.context().sendAndReceive(Route.of("sink"), new byte[0], Duration.ofMillis(200))))
      .isInstanceOf(NodeException.class)
      .satisfies(e -> assertThat(((NodeException) e).kind()).isEqualTo(NodeException.Kind.TIMEOUT));
  }

  @Test
  void slowWorkerSeesMessagesStrictlyInOrderOneAtATime(Vertx vertx) throws Exception {
    List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
    int[] concurrent = new int[2];
    Promise<Void> all = Promise.promise();
    int n = 200;
    await(node.startWorker(WorkerOptions.of("slow"), (c, m) -> {
      concurrent[0]++;
      concurrent[1] = Math.max(concurrent[1], concurrent[0]);
      int i = m.payload()[0] & 0xFF | (m.payload()[1] & 0xFF) << 8;
      Promise<Void> p = Promise.promise();
      // complete later, sometimes from a timer, sometimes right away
      Runnable finish = () -> {
        seen.add(i);
        concurrent[0]--;
        p.complete();
        if (seen.size() >= n) {
          all.tryComplete();
        }
      };
      if (i % 3 == 0) {
        vertx.setTimer(1 + i % 5, t -> finish.run());
      } else {
        finish.run();
      }
      return p.future();
    }));
    NodeContext ctx = node.context();
    List<Future<Void>> sends = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      sends.add(ctx.send(Route.of("slow"), new byte[] {(byte) i, (byte) (i >> 8)}));
    }
    await(all.future());
    // everything sent has reached the worker and been handled: no late or repeated message can come after
    await(Future.all(sends));
    until("the slow worker handled " + n + " messages and has none waiting", () -> node.listWorkers().stream()
      .filter(w -> w.primaryAddress().equals(Address.local("slow")))
      .anyMatch(w -> w.handled() >= n && w.pending() == 0), Duration.ofSeconds(5));
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      expected.add(i);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(concurrent[1]).isEqualTo(1);
  }

  @Test
  void workerWithSeveralAddressesLearnsWhichWasHit() throws Exception {
    List<Address> hits = Collections.synchronizedList(new ArrayList<>());
    WorkerOptions opts = new WorkerOptions().addMailbox(Mailbox.allowAll("main")).addMailbox(Mailbox.allowAll("alias"));
    await(node.startWorker(opts, (c, m) -> {
      hits.add(m.messageAddress());
      return c.send(m.returnRoute(), m.payload(), m.messageAddress());
    }));
    NodeContext ctx = node.context();
    await(ctx.sendAndReceive(Route.of("main"), new byte[0]));
    await(ctx.sendAndReceive(Route.of("alias"), new byte[0]));
    assertThat(hits).containsExactly(Address.local("main"), Address.local("alias"));
    assertThat(node.listWorkers()).anySatisfy(w -> assertThat(w.addresses()).containsExactly(Address.local("main"), Address.local("alias")));
  }

  @Test
  void incomingAccessControlDropsAndCounts() throws Exception {
    List<byte[]> got = Collections.synchronizedList(new ArrayList<>());
    Address allowed = Address.local("friend");
    await(node.startWorker(new WorkerOptions().addMailbox(new Mailbox(Address.local("guarded"),
      AccessControls.allowSources(allowed), AccessControls.ALLOW_ALL_OUTGOING)), (c, m) -> {
      got.add(m.payload());
      return Future.succeededFuture();
    }));
    NodeContext stranger = node.context();
    await(stranger.send(Route.of("guarded"), new byte[] {1}));
    NodeContext friend = await(node.context(WorkerOptions.of(allowed)));
    await(friend.send(Route.of("guarded"), new byte[] {2}));
    until("the friend's message arrived", () -> !got.isEmpty(), Duration.ofSeconds(5));
    assertThat(got).hasSize(1);
    assertThat(got.get(0)).containsExactly(2);
    assertThat(node.metrics().deniedIncoming()).isEqualTo(1);
  }

  @Test
  void outgoingAccessControlDropsSilently() throws Exception {
    NodeContext ctx = await(node.context(new WorkerOptions().addMailbox(new Mailbox(Address.local("limited"),
      AccessControls.ALLOW_ALL_INCOMING, AccessControls.allowOnward(Address.local("uppercase"))))));
    await(ctx.send(Route.of("echo"), new byte[] {1}));
    assertThat(node.metrics().deniedOutgoing()).isEqualTo(1);
    assertThatThrownBy(() -> await(ctx.receive(Duration.ofMillis(200)))).hasMessageContaining("no message arrived");
  }

  @Test
  void handlerFailureIsLoggedAndTheWorkerKeepsRunning() throws Exception {
    await(node.startWorker(WorkerOptions.of("flaky"), (c, m) -> {
      if (m.payload()[0] == 0) {
        throw new IllegalStateException("boom");
      }
      return c.send(m.returnRoute(), m.payload(), m.messageAddress());
    }));
    NodeContext ctx = node.context();
    await(ctx.send(Route.of("flaky"), new byte[] {0}));
    Routed r = await(ctx.sendAndReceive(Route.of("flaky"), new byte[] {1}));
    assertThat(r.payload()).containsExactly(1);
    assertThat(node.metrics().handlerFailures()).isEqualTo(1);
  }

  @Test
  void stopWorkerRunsShutdownAndFreesTheAddress() throws Exception {
    Promise<Void> shut = Promise.promise();
    await(node.startWorker(WorkerOptions.of("temp"), new Worker() {
      @Override
      public Future<Void> handleMessage(NodeContext c, Routed m) {
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> shutdown(NodeContext c) {
        shut.complete();
        return Future.succeededFuture();
      }
    }));
    assertThat(node.isRegistered(Address.local("temp"))).isTrue();
    await(node.stopWorker(Address.local("temp")));
    await(shut.future());
    assertThat(node.isRegistered(Address.local("temp"))).isFalse();
    assertThatThrownBy(() -> await(node.startWorker(WorkerOptions.of("echo"), (c, m) -> Future.succeededFuture())))
      .hasMessageContaining("already used");
  }

  @Test
  void failingInitializeStopsTheWorker() {
    assertThatThrownBy(() -> await(node.startWorker(WorkerOptions.of("bad"), new Worker() {
      @Override
      public Future<Void> initialize(NodeContext c) {
        return Future.failedFuture(new IllegalStateException("cannot start"));
      }

      @Override
      public Future<Void> handleMessage(NodeContext c, Routed m) {
        return Future.succeededFuture();
      }
    }))).hasMessageContaining("cannot start");
    assertThat(node.isRegistered(Address.local("bad"))).isFalse();
  }

  @Test
  void delayedEventFiresOnceAndCanBeRearmed() throws Exception {
    NodeContext ctx = await(node.context(WorkerOptions.of("timer-target")));
    DelayedEvent ev = await(DelayedEvent.create(node, Route.of("timer-target"), new byte[] {7}));
    ev.schedule(Duration.ofMillis(500));
    ev.schedule(Duration.ofMillis(20));
    Routed r = await(ctx.receive(Duration.ofSeconds(5)));
    assertThat(r.payload()).containsExactly(7);
    assertThat(ev.isScheduled()).isFalse();
    assertThatThrownBy(() -> await(ctx.receive(Duration.ofMillis(700)))).hasMessageContaining("no message arrived");
    ev.schedule(Duration.ofMillis(10));
    ev.cancel();
    assertThatThrownBy(() -> await(ctx.receive(Duration.ofMillis(100)))).hasMessageContaining("no message arrived");
    await(ev.close());
  }

  @Test
  void receiveOnAWorkerContextIsRefused() throws Exception {
    Promise<Throwable> err = Promise.promise();
    await(node.startWorker(WorkerOptions.of("r"), new Worker() {
      @Override
      public Future<Void> initialize(NodeContext c) {
        c.receive(Duration.ofMillis(1)).onFailure(err::complete);
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> handleMessage(NodeContext c, Routed m) {
        return Future.succeededFuture();
      }
    }));
    assertThat(await(err.future())).isInstanceOf(IllegalStateException.class);
  }
}
