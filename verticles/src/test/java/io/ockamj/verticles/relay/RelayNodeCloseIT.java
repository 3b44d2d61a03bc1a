package io.ockamj.verticles.relay;

import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that registered a relay over plain TCP and closes: the secure channels that reached it
 * through the relay share that TCP connection, and their {@code Close} must still go out before the
 * connection closes. Before, the relay session closed the connection while the node stopped its
 * workers, and the far side of such a channel (an inlet) learned of the loss only by missed pings.
 */
@ExtendWith(VertxExtension.class)
class RelayNodeCloseIT {

  private final List<Node> nodes = new ArrayList<>();

  private Node node(Vertx vertx, String name, boolean listen) throws Exception {
    NodeOptions o = new NodeOptions().setName(name).setTcpListenerAddress(listen ? "127.0.0.1:0" : null);
    Node n = await(Node.create(vertx, o));
    nodes.add(n);
    return n;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  private static Route tcp(Node n) {
    return Route.of(Address.tcp(n.tcpListenerAddress()));
  }

  // the session's close and the channels' Close raced: repeated so that a lost Close shows
  @RepeatedTest(5)
  void aClosingNodeSaysGoodbyeToChannelsThatCameThroughItsRelay(Vertx vertx) throws Exception {
    Node relay = node(vertx, "relay", true);
    Node a = node(vertx, "a", false);
    Node b = node(vertx, "b", false);
    SecureChannels ca = SecureChannels.create(a, await(vertx.executeBlocking(ChannelIdentity::generate)));
    SecureChannels cb = SecureChannels.create(b, await(vertx.executeBlocking(ChannelIdentity::generate)));
    await(ca.createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions()));
    // what comes back over a's own connection to the relay node may reach its listener
    TcpTransport.of(a).addOutgoingConsumer(Address.local(SecureChannels.DEFAULT_LISTENER));
    RelaySession session = await(RelaySession.start(a, tcp(relay), "a", new RelaySessionOptions()));
    RemoteRelayInfo info = await(session.whenUp());

    SecureChannel ch = await(cb.createSecureChannel(
      tcp(relay).append(Address.local(info.remoteAddress())).append(Address.local(SecureChannels.DEFAULT_LISTENER)),
      new SecureChannelOptions()));
    assertThat(b.isRegistered(ch.encryptor())).isTrue();
    // a finishes its side of the handshake once the last handshake message reached it
    until("a's end of the channel is up", () -> !ca.list().isEmpty(), Duration.ofSeconds(10));
    long dropsBefore = a.drops().count(DropReason.WORKER_STOPPED);

    await(a.close());

    // a bare channel has no pings: only a's Close can end b's side
    until("b's end of the channel is closed by a's Close", () -> !b.isRegistered(ch.encryptor()), Duration.ofSeconds(20));
    assertThat(a.drops().count(DropReason.WORKER_STOPPED)).isEqualTo(dropsBefore);
  }
}
