package io.ockamj.examples;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.portal.Inlet;
import io.ockamj.verticles.portal.InletOptions;
import io.ockamj.verticles.portal.OutletOptions;
import io.ockamj.verticles.portal.Portals;
import io.ockamj.verticles.relay.RelaySession;
import io.ockamj.verticles.relay.RelaySessionOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedding application closes its nodes and its Vert.x instances in any order, with a relay
 * session, a secure channel through the relay and a portal connection carrying data: every close
 * succeeds, a node closed after its Vert.x has nothing left to do, and nothing is logged as SEVERE.
 */
class CloseInAnyOrderTest {

  enum Order {
    /** node.close() first, then Vert.x. */
    NODES_THEN_VERTX,
    /** Vert.x first (it closes its nodes), then node.close() again. */
    VERTX_THEN_NODES,
    /** the relay node's Vert.x first, under the others' feet, then the rest as an application would. */
    RELAY_VERTX_FIRST
  }

  @ParameterizedTest
  @EnumSource(Order.class)
  void closesCleanly(Order order) throws Exception {
    Vertx relayVertx = Vertx.vertx();
    Vertx bobVertx = Vertx.vertx();
    Vertx aliceVertx = Vertx.vertx();
    try (SevereLogs severe = new SevereLogs()) {
      NetServer service = bobVertx.createNetServer().connectHandler(s -> s.handler(s::write)).listen(0, "127.0.0.1").await();
      Node relay = Node.create(relayVertx, new NodeOptions().setName("relay").setTcpListenerAddress("127.0.0.1:0")).await();

      ChannelIdentity bobId = ChannelIdentity.generate(bobVertx).await();
      Node bob = Node.create(bobVertx, new NodeOptions().setName("bob")).await();
      SecureChannels.create(bob, bobId).createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions()).await();
      Portals.create(bob).createOutlet("outlet", "127.0.0.1:" + service.actualPort(), new OutletOptions()).await();
      RelaySession session = RelaySession.start(bob, Route.of(Address.tcp(relay.tcpListenerAddress())), "bob",
        new RelaySessionOptions()).await();
      session.whenUp().await();

      ChannelIdentity aliceId = ChannelIdentity.generate(aliceVertx).await();
      Node alice = Node.create(aliceVertx, new NodeOptions().setName("alice")).await();
      SecureChannel channel = SecureChannels.create(alice, aliceId).createSecureChannel(Route.of(Address.tcp(relay.tcpListenerAddress()),
        Address.local("forward_to_bob"), Address.local(SecureChannels.DEFAULT_LISTENER)), new SecureChannelOptions()).await();
      Inlet inlet = Portals.create(alice).createInlet("127.0.0.1:0", Route.of(channel.encryptor(), Address.local("outlet")),
        new InletOptions()).await();
      int port = Integer.parseInt(inlet.bindAddress().substring(inlet.bindAddress().lastIndexOf(':') + 1));
      NetSocket client = aliceVertx.createNetClient().connect(port, "127.0.0.1").await();
      assertThat(echoOf(client, "ping").await()).isEqualTo("ping");
      // the portal connection stays open, with data in flight, while everything closes

      client.write("more");
      switch (order) {
        case NODES_THEN_VERTX -> {
          await(alice.close());
          await(bob.close());
          await(relay.close());
          await(aliceVertx.close());
          await(bobVertx.close());
          await(relayVertx.close());
        }
        case VERTX_THEN_NODES -> {
          await(aliceVertx.close());
          await(bobVertx.close());
          await(relayVertx.close());
          await(alice.close());
          await(bob.close());
          await(relay.close());
        }
        case RELAY_VERTX_FIRST -> {
          await(relayVertx.close());
          await(bobVertx.close());
          await(alice.close());
          await(aliceVertx.close());
          await(bob.close());
        }
      }
      assertThat(alice.listWorkers()).isEmpty();
      assertThat(bob.listWorkers()).isEmpty();
      assertThat(relay.listWorkers()).isEmpty();
      assertThat(severe.records()).as("SEVERE log records").isEmpty();
    } finally {
      aliceVertx.close();
      bobVertx.close();
      relayVertx.close();
    }
  }

  private static void await(Future<Void> f) throws Exception {
    f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static Future<String> echoOf(NetSocket socket, String text) {
    Promise<String> answer = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(data -> {
      received.appendBuffer(data);
      if (received.length() >= text.length()) {
        answer.tryComplete(received.toString());
      }
    });
    socket.write(text);
    return answer.future();
  }
}
