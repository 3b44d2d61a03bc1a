package io.ockamj.verticles.portal;

import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.BlockedThreadGuard;
import io.ockamj.verticles.channel.SecureChannel;
import io.netty.channel.ChannelOption;
import io.vertx.core.Vertx;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A paused inlet (Rust's {@code TcpInletOptions::paused}, {@code TcpInlet::pause/unpause}) listens but
 * closes its clients; the outlet probe leaves nothing open on the outlet's node.
 */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
class InletPauseIT extends PortalTestSupport {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private static String echo(Socket c, String text) throws Exception {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    c.getOutputStream().write(b);
    return new String(readExactly(c.getInputStream(), b.length), StandardCharsets.UTF_8);
  }

  @Test
  void aPausedInletListensClosesItsClientsAndCarriesThemOnceUnpaused(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + echoServer(vertx), overTcp(b)));
    Portals pa = portals(a);
    Inlet inlet = await(pa.createInlet("127.0.0.1:0", Route.empty(), new InletOptions().setPaused(true)));
    assertThat(inlet.bindAddress()).startsWith("127.0.0.1:").doesNotEndWith(":0");
    assertThat(inlet.paused()).isTrue();

    // listening, but the client is closed at once, and counted
    awaitClosedByPeer(client(inlet.bindAddress()), WAIT.toMillis());
    until("the closed client is counted", () -> a.drops().count(DropReason.NO_ROUTE) == 1, WAIT);
    assertThat(portalWorkers(a)).isEmpty();

    await(pa.unpauseInlet(inlet.bindAddress(), Route.of(tcp(b), Address.local("outlet"))));
    assertThat(pa.inlets()).singleElement().satisfies(i -> {
      assertThat(i.paused()).isFalse();
      assertThat(i.outletRoute()).isEqualTo(Route.of(tcp(b), Address.local("outlet")));
    });
    Socket open = client(inlet.bindAddress());
    assertThat(echo(open, "unpaused")).isEqualTo("unpaused");

    // paused again: new clients are closed, the open connection goes on
    await(pa.pauseInlet(inlet.bindAddress()));
    awaitClosedByPeer(client(inlet.bindAddress()), WAIT.toMillis());
    assertThat(echo(open, "still open")).isEqualTo("still open");
    until("the second closed client is counted", () -> a.drops().count(DropReason.NO_ROUTE) == 2, WAIT);

    assertThatThrownBy(() -> await(pa.unpauseInlet(inlet.bindAddress(), Route.empty())))
      .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.INVALID));
    assertThatThrownBy(() -> await(pa.pauseInlet("127.0.0.1:1")))
      .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.NOT_FOUND));
    assertThatThrownBy(() -> await(pa.createInlet("127.0.0.1:0", Route.empty(), new InletOptions())))
      .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.INVALID));
  }

  /**
   * The target keeps its side open after the outlet's FIN. An outlet that waits a minute for more when
   * half-closed is closed by the probe's second Disconnect ("gone"); one with the default half-close
   * timeout answers first with its own Disconnect, which the probe takes; without half-close the first
   * Disconnect closes it. Either way, within the test's wait and with no Disconnect dropped.
   */
  @ParameterizedTest(name = "half-close: {0}, outlet's half-close timeout: {1} ms")
  @CsvSource({"true, 60000", "true, 2000", "false, 60000"})
  void aProbeLeavesNoWorkerNoConnectionAndNoDropOnEitherNode(boolean halfClose, int outletTimeoutMs, Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    Recorder target = new Recorder();
    int port = recordingServer(vertx, target, s -> {
      ((NetSocketInternal) s).channelHandlerContext().channel().config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      s.handler(s::write);
    });
    await(portals(b).createOutlet("outlet", "127.0.0.1:" + port,
      new OutletOptions().setHalfClose(halfClose).setHalfCloseTimeoutMs(outletTimeoutMs)));
    SecureChannel ch = channel(vertx, a, b);
    Portals pa = portals(a);
    InletOptions options = new InletOptions().setHalfClose(halfClose);

    await(pa.probeOutlet(Route.of(ch.encryptor(), Address.local("outlet")), WAIT, options));
    // the outlet's connect completed before its Pong; the target's accept handler may run just after
    until("the target accepted the probe's connection", () -> target.accepted.get() == 1, WAIT);
    // (the target sees only a FIN either way: the outlet side tells whether the connection is released)
    until("the outlet closed the probe's connection and stopped its worker",
      () -> portals.get(0).outlets().get(0).connections() == 0 && portalWorkers(b).isEmpty(), WAIT);
    assertThat(b.drops().count(DropReason.NO_SUCH_ADDRESS)).isZero();
    assertThat(a.drops().count(DropReason.NO_SUCH_ADDRESS)).isZero();

    // no outlet at that address: the probe times out
    assertThatThrownBy(() -> await(pa.probeOutlet(Route.of(ch.encryptor(), Address.local("nope")), Duration.ofMillis(300), options)))
      .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.TIMEOUT));
    assertThat(target.accepted.get()).isEqualTo(1);
  }
}
