package io.ockamj.node.impl;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.RelayMessage;
import io.ockamj.node.Routed;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** The event bus carries routed messages: an application's interceptor sees every one of them. */
@ExtendWith(VertxExtension.class)
class EventBusRoutingTest {

  private Node node;

  @BeforeEach
  void start(Vertx vertx) {
    node = await(Node.create(vertx, new NodeOptions().setName("bus")));
  }

  @AfterEach
  void stop() {
    await(node.close());
  }

  @Test
  void anOutboundInterceptorSeesEveryRoutedMessage(Vertx vertx) {
    List<String> seen = new CopyOnWriteArrayList<>();
    vertx.eventBus().addOutboundInterceptor(dc -> {
      if (dc.message().body() instanceof RelayMessage rm) {
        seen.add(dc.message().address() + " " + rm.message().onwardRoute() + " "
          + new String(rm.message().payload(), StandardCharsets.UTF_8));
      }
      dc.next();
    });
    String nodeId = ((NodeImpl) node).busAddressOf(Address.local("x"));
    nodeId = nodeId.substring(0, nodeId.length() - "0#x".length());
    // a worker that is still deploying when the message is routed: it waits, and is still seen
    Future<Void> late = node.startWorker(WorkerOptions.of("late"), (c, m) -> c.send(m.returnRoute(), m.payload(), m.messageAddress()));
    Routed reply = await(node.context().sendAndReceive(Route.of("hop", "late"), "hi".getBytes(StandardCharsets.UTF_8)));
    await(late);
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("hi");
    Address tmp = reply.messageAddress();
    assertThat(seen).containsExactly(
      nodeId + "0#hop 0#hop => 0#late hi",
      nodeId + "0#late 0#late hi",
      nodeId + "0#hop 0#hop => " + tmp + " hi",
      nodeId + tmp + " " + tmp + " hi");
  }

  @Test
  void theWireFormIsOckamsTransportEncodingAndRoundTrips() {
    RelayMessageCodec codec = new RelayMessageCodec();
    RelayMessage rm = new RelayMessage(Address.local("from"), Address.local("to"),
      LocalMessage.of(Route.of(Address.local("to"), Address.tcp("127.0.0.1:4000"), Address.local("echo")), Route.of("from"),
        "payload".getBytes(StandardCharsets.UTF_8)));
    Buffer b = Buffer.buffer().appendString("prefix");
    codec.encodeToWire(b, rm);
    RelayMessage back = codec.decodeFromWire(6, b);
    assertThat(back.source()).isEqualTo(rm.source());
    assertThat(back.destination()).isEqualTo(rm.destination());
    assertThat(back.message().onwardRoute()).isEqualTo(rm.message().onwardRoute());
    assertThat(back.message().returnRoute()).isEqualTo(rm.message().returnRoute());
    assertThat(back.message().payload()).isEqualTo(rm.message().payload());
    assertThat(codec.transform(rm)).isSameAs(rm);
  }
}
