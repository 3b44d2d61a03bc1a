package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalInfo;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.verticles.BlockedThreadGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secure channels between nodes over real TCP on 127.0.0.1. */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
class SecureChannelIT {

  private final List<Node> nodes = new ArrayList<>();

  private Node node(Vertx vertx, String name) throws Exception {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    return n;
  }

  private static SecureChannels channels(Vertx vertx, Node node) throws Exception {
    return SecureChannels.create(node, await(vertx.executeBlocking(ChannelIdentity::generate)));
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  /** Replies with the identifier the decryptor attached, and records it. */
  static final class WhoAmI implements Worker {
    final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Future<Void> handleMessage(NodeContext c, Routed m) {
      LocalInfo info = m.message().findLocalInfo(SecureChannels.IDENTITY_LOCAL_INFO);
      String who = info == null ? "nobody" : BareReader.decodeString(info.data(), 200);
      seen.add(who);
      return c.send(m.returnRoute(), who.getBytes(StandardCharsets.UTF_8), m.messageAddress());
    }
  }

  @Test
  void twoNodesEchoAndPeerIdentity(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    SecureChannels ca = channels(vertx, a);
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    WhoAmI who = new WhoAmI();
    await(b.startWorker(WorkerOptions.of("who"), who));
    // flow control: services are reachable through channels only when declared consumers
    b.flowControls().addConsumer(Address.local("who"), b.secureChannelFlowControlId());

    SecureChannel ch = await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")), new SecureChannelOptions()));
    assertThat(ch.peer()).isEqualTo(cb.identity().identity().identifier());
    assertThat(ch.localIdentifier()).isEqualTo(ca.identity().identity().identifier());

    Routed echo = await(a.context().sendAndReceive(Route.of(ch.encryptor(), Address.local("echo")), "secret".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("secret");
    // the reply came out of A's decryptor, carrying B's identifier, with a return route through the channel
    assertThat(echo.returnRoute()).isEqualTo(Route.of(ch.encryptor(), Address.local("echo")));
    LocalInfo info = echo.message().findLocalInfo(SecureChannels.IDENTITY_LOCAL_INFO);
    assertThat(BareReader.decodeString(info.data(), 200)).isEqualTo(ch.peer().toString());

    Routed whoReply = await(a.context().sendAndReceive(Route.of(ch.encryptor(), Address.local("who")), new byte[0]));
    assertThat(new String(whoReply.payload(), StandardCharsets.UTF_8)).isEqualTo(ca.identity().identity().identifier().toString());
    assertThat(awaitChannels(cb, 1).get(0).peer()).isEqualTo(ch.localIdentifier());
  }

  @Test
  void threeNodesThroughAHopAndAChannelInsideAChannel(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    Node c = node(vertx, "c");
    SecureChannels ca = channels(vertx, a);
    SecureChannels cb = channels(vertx, b);
    SecureChannels cc = channels(vertx, c);
    await(cb.createListener("api", new SecureChannelOptions()));
    await(cc.createListener("api", new SecureChannelOptions()));
    // a channel A -> C through a hop on B: B sees only ciphertext
    MultiAddr viaHop = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port(b) + "/service/hop/ip4/127.0.0.1/tcp/" + port(c) + "/secure/api/service/echo");
    SecureChannels.SecureRoute r = await(ca.resolve(viaHop, new SecureChannelOptions()));
    assertThat(r.channels()).hasSize(1);
    assertThat(r.channels().get(0).peer()).isEqualTo(cc.identity().identity().identifier());
    Routed reply = await(a.context().sendAndReceive(r.route(), "via hop".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("via hop");

    // channel inside a channel: A -> B, then through it and B's hop service A -> C (flow control lets
    // what B decrypts reach hop, which links the connection to C; not a TCP sender directly)
    MultiAddr nested = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port(b) + "/secure/api/service/hop/ip4/127.0.0.1/tcp/" + port(c)
      + "/secure/api/service/echo");
    SecureChannels.SecureRoute n = await(ca.resolve(nested, new SecureChannelOptions()));
    assertThat(n.channels()).extracting(SecureChannel::peer)
      .containsExactly(cb.identity().identity().identifier(), cc.identity().identity().identifier());
    Routed inner = await(a.context().sendAndReceive(n.route(), "nested".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(inner.payload(), StandardCharsets.UTF_8)).isEqualTo("nested");
  }

  /** The responder completes when message 3 arrives, a little after the initiator returns. */
  private static List<SecureChannel> awaitChannels(SecureChannels c, int n) {
    until(n + " channel(s) listed", () -> c.list().size() >= n, Duration.ofSeconds(10));
    assertThat(c.list()).hasSize(n);
    return c.list();
  }

  private static long channelWorkers(Node n) {
    return n.listWorkers().stream().filter(w -> w.type().contains("cryptor")).count();
  }

  private static int port(Node n) {
    return Integer.parseInt(n.tcpListenerAddress().substring(n.tcpListenerAddress().lastIndexOf(':') + 1));
  }

  @Test
  void largeMessagesAndTenThousandInARowWithRekeys(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    SecureChannels ca = channels(vertx, a);
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    SecureChannel ch = await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")), new SecureChannelOptions()));
    Route route = Route.of(ch.encryptor(), Address.local("echo"));
    byte[] big = new byte[64 * 1024];
    new Random(7).nextBytes(big);
    assertThat(await(a.context().sendAndReceive(route, big)).payload()).isEqualTo(big);

    NodeContext ctx = a.context();
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      ctx.send(route, new byte[] {(byte) (i >> 8), (byte) i});
    }
    for (int i = 0; i < n; i++) {
      byte[] p = await(ctx.receive(Duration.ofSeconds(30))).payload();
      assertThat(((p[0] & 0xFF) << 8) | (p[1] & 0xFF)).isEqualTo(i & 0xFFFF);
    }
    assertThat(cb.messagesDecrypted()).isGreaterThanOrEqualTo(n);
    assertThat(cb.failures(ChannelException.Reason.DECRYPTION_FAILED)).isZero();
  }

  @Test
  void trustPolicyDecides(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    SecureChannels ca = channels(vertx, a);
    SecureChannels cb = channels(vertx, b);
    SecureChannels stranger = channels(vertx, a);
    Identifier onlyA = ca.identity().identity().identifier();
    // handshakes that do not complete time out after 2 s on B's side
    await(cb.createListener("api", new SecureChannelOptions().setTrustPolicy(TrustPolicy.trustIdentifiers(onlyA))
      .setTimeout(Duration.ofSeconds(2))));
    Route toApi = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api"));

    assertThat(await(ca.createSecureChannel(toApi, new SecureChannelOptions())).peer()).isEqualTo(cb.identity().identity().identifier());
    awaitChannels(cb, 1);
    // Noise XX: the initiator is done after message 3, before the responder decides; the refusing
    // responder keeps nothing and closes the initiator's half with an encrypted Close
    await(stranger.createSecureChannel(toApi, new SecureChannelOptions()));
    until("the listener refused the stranger", () -> cb.failures(ChannelException.Reason.UNTRUSTED) > 0, Duration.ofSeconds(5));
    assertThat(cb.failures(ChannelException.Reason.UNTRUSTED)).isEqualTo(1);
    assertThat(cb.list()).hasSize(1);
    until("the refusal closed the stranger's half", () -> stranger.list().isEmpty(), Duration.ofSeconds(5));
    // an initiator that asks for confirmation learns that it was refused, with the reason
    assertThatThrownBy(() -> await(stranger.createSecureChannel(toApi, new SecureChannelOptions().setConfirmed(true))))
      .isInstanceOf(ChannelException.class)
      .satisfies(e -> assertThat(((ChannelException) e).reason()).isEqualTo(ChannelException.Reason.REFUSED))
      .hasMessageContaining("refused our identity");
    assertThat(cb.failures(ChannelException.Reason.UNTRUSTED)).isEqualTo(2);
    // and one that is trusted gets its channel, confirmed
    assertThat(await(ca.createSecureChannel(toApi, new SecureChannelOptions().setConfirmed(true))).peer())
      .isEqualTo(cb.identity().identity().identifier());
    awaitChannels(cb, 2);
    assertThat(stranger.list()).isEmpty();

    // the initiator refuses a listener it does not trust
    Identifier someoneElse = stranger.identity().identity().identifier();
    int workersBefore = a.listWorkers().size();
    assertThatThrownBy(() -> await(ca.createSecureChannel(toApi, new SecureChannelOptions().setTrustPolicy(TrustPolicy.trustIdentifiers(someoneElse)))))
      .isInstanceOf(ChannelException.class)
      .satisfies(e -> assertThat(((ChannelException) e).reason()).isEqualTo(ChannelException.Reason.UNTRUSTED));
    // the refused handshake leaves no worker behind: at once on A, which refused; on B, which cannot
    // know (Noise has no refusal message), when its half of the handshake times out
    until("A is back to its workers", () -> a.listWorkers().size() == workersBefore, Duration.ofSeconds(5));
    until("B keeps only the channels it accepted", () -> channelWorkers(b) == 4, Duration.ofSeconds(10));
    assertThat(cb.list()).hasSize(2);
  }

  @Test
  void aRotatedIdentityIsAcceptedAndItsSupersededKeyRefused(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    ChannelIdentity before = await(vertx.executeBlocking(ChannelIdentity::generate));
    SecureChannels ca = SecureChannels.create(a, before);
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    Route toApi = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api"));
    await(ca.createSecureChannel(toApi, new SecureChannelOptions().setConfirmed(true)));
    Identifier id = before.identity().identifier();

    // §5.5: a new key extends the change history; the identifier stays
    ChannelIdentity after = await(vertx.executeBlocking(() -> {
      io.ockamj.crypto.identity.Identity rotated = io.ockamj.crypto.identity.Identities.create(before.vault()).rotate(before.identity());
      return new ChannelIdentity(rotated, io.ockamj.crypto.identity.PurposeKeys.create(before.vault()).createSecureChannelKey(rotated),
        before.vault(), List.of());
    }));
    assertThat(after.identity().identifier()).isEqualTo(id);
    SecureChannel rotated = await(SecureChannels.create(a, after).createSecureChannel(toApi, new SecureChannelOptions().setConfirmed(true)));
    assertThat(rotated.peer()).isEqualTo(cb.identity().identity().identifier());
    assertThat(KnownIdentities.of(b).get(id)).hasValueSatisfying(known ->
      assertThat(known.compare(after.identity())).isEqualTo(io.ockamj.crypto.identity.HistoryComparison.EQUAL));

    // the superseded history (and the key it attests) no longer opens a channel to B
    assertThatThrownBy(() -> await(ca.createSecureChannel(toApi, new SecureChannelOptions().setConfirmed(true))))
      .isInstanceOf(ChannelException.class)
      .satisfies(e -> assertThat(((ChannelException) e).reason()).isEqualTo(ChannelException.Reason.REFUSED));
    assertThat(cb.failures(ChannelException.Reason.IDENTITY_INVALID)).isEqualTo(1);
  }

  @Test
  void stalledHandshakeTimesOutAndLeavesNoWorkers(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    await(b.startWorker(WorkerOptions.of("blackhole"), (c, m) -> Future.succeededFuture()));
    SecureChannels ca = channels(vertx, a);
    int before = a.listWorkers().size();
    assertThatThrownBy(() -> await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("blackhole")),
      new SecureChannelOptions().setTimeout(Duration.ofMillis(500)))))
      .isInstanceOf(ChannelException.class)
      .satisfies(e -> assertThat(((ChannelException) e).reason()).isEqualTo(ChannelException.Reason.TIMEOUT));
    until("no channel worker left on A", () -> channelWorkers(a) == 0, Duration.ofSeconds(5));
    assertThat(channelWorkers(a)).isZero();
    assertThat(before).isPositive();
  }

  @Test
  void garbageAndReplaysAreDroppedAndCounted(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    SecureChannels ca = channels(vertx, a);
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    SecureChannel ch = await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")), new SecureChannelOptions()));
    SecureChannel atB = awaitChannels(cb, 1).get(0);

    // capture a real ciphertext on its way to B by routing through a tap worker on B
    List<byte[]> tapped = Collections.synchronizedList(new ArrayList<>());
    NodeContext bctx = b.context();
    for (int i = 0; i < 50; i++) {
      await(bctx.send(Route.of(atB.decryptor()), ("garbage" + i).getBytes(StandardCharsets.UTF_8)));
    }
    await(bctx.send(Route.of(atB.decryptor()), new byte[3]));
    // the channel still works
    Routed r = await(a.context().sendAndReceive(Route.of(ch.encryptor(), Address.local("echo")), "ok".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(r.payload(), StandardCharsets.UTF_8)).isEqualTo("ok");
    assertThat(cb.failures(ChannelException.Reason.DECRYPTION_FAILED)).isEqualTo(51);
    assertThat(tapped).isEmpty();
  }

  @Test
  void anIdentityPresentingAnotherIdentitysKeyIsRefused(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    // X's change history with Y's attested key (and Y's secret in the handshake): message 3 claims X
    ChannelIdentity forged = await(vertx.executeBlocking(() -> {
      io.ockamj.crypto.SoftwareVault vault = io.ockamj.crypto.SoftwareVault.create();
      io.ockamj.crypto.identity.Identities ids = io.ockamj.crypto.identity.Identities.create(vault);
      io.ockamj.crypto.identity.Identity x = ids.createIdentity();
      io.ockamj.crypto.identity.Identity y = ids.createIdentity();
      io.ockamj.crypto.identity.PurposeKey yKey = io.ockamj.crypto.identity.PurposeKeys.create(vault).createSecureChannelKey(y);
      return new ChannelIdentity(x, yKey, vault, List.of());
    }));
    SecureChannels ca = SecureChannels.create(a, forged);
    await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")), new SecureChannelOptions()));
    awaitFailure(cb, ChannelException.Reason.IDENTITY_INVALID);
    assertThat(cb.list()).isEmpty();
  }

  @Test
  void anExpiredPurposeKeyIsRefused(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    ChannelIdentity expired = await(vertx.executeBlocking(() -> {
      io.ockamj.crypto.SoftwareVault vault = io.ockamj.crypto.SoftwareVault.create();
      io.ockamj.crypto.identity.Identity id = io.ockamj.crypto.identity.Identities.create(vault).createIdentity();
      long now = java.time.Instant.now().getEpochSecond();
      io.ockamj.crypto.identity.PurposeKey key = io.ockamj.crypto.identity.PurposeKeys.create(vault)
        .createSecureChannelKey(id, now - 7200, now - 3600);
      return new ChannelIdentity(id, key, vault, List.of());
    }));
    SecureChannels ca = SecureChannels.create(a, expired);
    await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")), new SecureChannelOptions()));
    awaitFailure(cb, ChannelException.Reason.IDENTITY_INVALID);
    assertThat(cb.list()).isEmpty();
  }

  @Test
  void paddingHidesMessageSizesAndStaysInteroperable(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    SecureChannels ca = channels(vertx, a);
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    SecureChannel ch = await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")),
      new SecureChannelOptions().setPaddingBucket(256)));
    for (int size : new int[] {0, 1, 100, 300, 5000}) {
      byte[] p = new byte[size];
      assertThat(await(a.context().sendAndReceive(Route.of(ch.encryptor(), Address.local("echo")), p)).payload()).hasSize(size);
    }
    for (int size : new int[] {0, 1, 17, 200, 255, 256, 1000, 70000}) {
      byte[] encoded = EncryptorWorker.encode(new io.ockamj.crypto.noise.SecureChannelMessage.Payload(Route.of("echo"), Route.of("app"),
        new byte[size]), 256).toByteArray();
      assertThat(encoded.length % 256).as("size %d", size).isZero();
      assertThat(io.ockamj.crypto.noise.SecureChannelPaddedMessage.decode(encoded).message())
        .isEqualTo(new io.ockamj.crypto.noise.SecureChannelMessage.Payload(Route.of("echo"), Route.of("app"), new byte[size]));
    }
  }

  private static void awaitFailure(SecureChannels c, ChannelException.Reason reason) {
    until("a " + reason + " failure", () -> c.failures(reason) > 0, Duration.ofSeconds(10));
    assertThat(c.failures(reason)).isEqualTo(1);
  }

  @Test
  void closingANodeClosesItsChannelsOnThePeers(Vertx vertx) throws Exception {
    Node a = await(Node.create(vertx, new NodeOptions().setName("a")));
    Node b = node(vertx, "b");
    SecureChannels ca = channels(vertx, a);
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")), new SecureChannelOptions()));
    SecureChannel atB = awaitChannels(cb, 1).get(0);
    // the node stops its workers before its connections, so the encryptor's Close still gets out
    await(a.close());
    until("B's end of the channel closed", () -> cb.list().isEmpty(), Duration.ofSeconds(5));
    assertThat(cb.list()).isEmpty();
    assertThat(b.isRegistered(atB.decryptor())).isFalse();
  }

  @Test
  void closeTearsDownBothSides(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    SecureChannels ca = channels(vertx, a);
    SecureChannels cb = channels(vertx, b);
    await(cb.createListener("api", new SecureChannelOptions()));
    SecureChannel ch = await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")), new SecureChannelOptions()));
    SecureChannel atB = awaitChannels(cb, 1).get(0);
    await(ca.close(ch.encryptor()));
    until("B's end of the channel closed", () -> cb.list().isEmpty() && !b.isRegistered(atB.encryptor()), Duration.ofSeconds(5));
    assertThat(cb.list()).isEmpty();
    assertThat(b.isRegistered(atB.encryptor())).isFalse();
    assertThat(b.isRegistered(atB.decryptor())).isFalse();
    assertThat(a.isRegistered(ch.encryptor())).isFalse();
    assertThat(a.isRegistered(ch.decryptor())).isFalse();
  }
}
