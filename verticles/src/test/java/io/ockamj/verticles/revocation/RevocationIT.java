package io.ockamj.verticles.revocation;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeys;
import io.ockamj.crypto.identity.RevocationNotice;
import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.store.Store;
import io.ockamj.verticles.BlockedThreadGuard;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Revocation notices from an authority node to subscribed nodes over secure channels on 127.0.0.1:
 * pushed at once, caught up after an absence, applied strictly in order, forged ones refused.
 */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
class RevocationIT {

  @TempDir
  Path dir;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Store> stores = new ArrayList<>();

  @AfterEach
  void closeAll() {
    for (Node n : nodes) {
      await(n.close());
    }
    for (Store s : stores) {
      await(s.close());
    }
  }

  private Node node(Vertx vertx, String name) {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    return n;
  }

  private Store store(Vertx vertx, String name) {
    Store s = await(Store.open(vertx, dir.resolve(name + ".sqlite3")));
    stores.add(s);
    return s;
  }

  /** An authority: its identity, a credential purpose key that signs notices, and the service. */
  private record Authority(Node node, ChannelIdentity identity, PurposeKey key, RevocationService service) {
    RevocationNotice forge(long seq, Identifier subject) {
      return RevocationNotice.sign(identity.vault(), VerifyingVault.software(), key, seq, subject, 1_000);
    }
  }

  private Authority authority(Vertx vertx) {
    Node node = node(vertx, "authority");
    ChannelIdentity id = await(vertx.executeBlocking(ChannelIdentity::generate));
    PurposeKey key = await(vertx.executeBlocking(() -> PurposeKeys.create(id.vault()).createCredentialKey(id.identity())));
    RevocationService service = new RevocationService(id.identity().identifier(),
      (seq, subject, at) -> io.ockamj.node.spi.CryptoWorkers.of(vertx).run(() ->
        RevocationNotice.sign(id.vault(), VerifyingVault.software(), key, seq, subject, at)),
      store(vertx, "authority").revocations(), Clock.systemUTC());
    await(node.startWorker(WorkerOptions.of(RevocationService.ADDRESS), service));
    SecureChannels channels = SecureChannels.create(node, id);
    await(channels.createListener("api", new SecureChannelOptions()));
    node.flowControls().addConsumer(Address.local(RevocationService.ADDRESS), channels.listenerFlowControlId("api").orElseThrow());
    return new Authority(node, id, key, service);
  }

  /** A member node's route to the authority's service through one secure channel, opened again when lost. */
  private static Supplier<Future<Route>> serviceRoute(SecureChannels channels, Node authority) {
    AtomicReference<SecureChannel> current = new AtomicReference<>();
    Route toApi = Route.of(Address.tcp(authority.tcpListenerAddress()), Address.local("api"));
    return () -> {
      SecureChannel c = current.get();
      Future<SecureChannel> channel = c != null && channels.list().stream().anyMatch(x -> x.encryptor().equals(c.encryptor()))
        ? Future.succeededFuture(c)
        : channels.createSecureChannel(toApi, new SecureChannelOptions()).onSuccess(current::set);
      return channel.map(ch -> Route.of(ch.encryptor(), Address.local(RevocationService.ADDRESS)));
    };
  }

  private record Member(Node node, Store store, SecureChannels channels) {
  }

  private Member member(Vertx vertx, String name) {
    return member(vertx, name, await(vertx.executeBlocking(ChannelIdentity::generate)));
  }

  private Member member(Vertx vertx, String name, ChannelIdentity id) {
    Node n = node(vertx, name);
    return new Member(n, store(vertx, name), SecureChannels.create(n, id));
  }

  private static RevocationSubscriber subscribe(Member m, Authority a, Duration renew) {
    RevocationSubscriber s = new RevocationSubscriber(a.identity().identity(), serviceRoute(m.channels(), a.node()),
      m.store().revocations(), Revocations.of(m.node()), renew);
    await(m.node().startWorker(WorkerOptions.of("revocation_subscriber"), s));
    return s;
  }

  private static Identifier someone(Vertx vertx) {
    return await(vertx.executeBlocking(ChannelIdentity::generate)).identity().identifier();
  }

  @Test
  void noticesArePushedCaughtUpAppliedInOrderAndForgeriesRefused(Vertx vertx) {
    Authority a = authority(vertx);
    Identifier authorityId = a.identity().identity().identifier();
    Member m1 = member(vertx, "m1");
    Member m2 = member(vertx, "m2");
    RevocationSubscriber s1 = subscribe(m1, a, Duration.ofMinutes(5));
    RevocationSubscriber s2 = subscribe(m2, a, Duration.ofMinutes(5));
    until("both members subscribed", () -> a.service().subscribers() == 2, Duration.ofSeconds(10));

    // pushed: both apply the first notice, and their listeners hear of it
    List<RevocationNotice> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
    Revocations.of(m1.node()).onRevoked(heard::add);
    Identifier x = someone(vertx);
    RevocationNotice first = await(a.service().revoke(x));
    assertThat(first.seq()).isEqualTo(1);
    until("both applied notice 1", () -> s1.lastApplied() == 1 && s2.lastApplied() == 1, Duration.ofSeconds(10));
    assertThat(Revocations.of(m1.node()).isRevoked(authorityId, x, first.revokedAt())).isTrue();
    assertThat(Revocations.of(m1.node()).isRevoked(authorityId, x, first.revokedAt() + 1)).isFalse();
    assertThat(heard).containsExactly(first);
    assertThat(await(m2.store().revocations().lastSeq(authorityId.toString()))).isEqualTo(1);

    // m2 is away while two more are published; a new subscriber with its store catches up
    await(m2.node().stopWorker(Address.local("revocation_subscriber")));
    Identifier y = someone(vertx);
    Identifier z = someone(vertx);
    await(a.service().revoke(y));
    await(a.service().revoke(z));
    until("m1 applied 3", () -> s1.lastApplied() == 3, Duration.ofSeconds(10));
    Revocations r2 = Revocations.of(m2.node());
    assertThat(r2.isRevoked(authorityId, y, 0)).isFalse();
    RevocationSubscriber back = subscribe(m2, a, Duration.ofMinutes(5));
    until("m2 caught up", () -> back.lastApplied() == 3, Duration.ofSeconds(10));
    assertThat(r2.isRevoked(authorityId, y, 0)).isTrue();
    assertThat(r2.isRevoked(authorityId, z, 0)).isTrue();

    // a notice signed by someone else is refused and counted; nothing is applied
    Authority mallory = new Authority(null, await(vertx.executeBlocking(ChannelIdentity::generate)), null, null);
    PurposeKey malloryKey = await(vertx.executeBlocking(() -> PurposeKeys.create(mallory.identity().vault())
      .createCredentialKey(mallory.identity().identity())));
    RevocationNotice forged = RevocationNotice.sign(mallory.identity().vault(), VerifyingVault.software(), malloryKey, 4,
      someone(vertx), 1_000);
    long malformed = m1.node().drops().count(DropReason.MALFORMED);
    await(m1.node().context().send(Route.of(Address.local("revocation_subscriber")),
      new RevocationMessage.Notice(forged.bytes()).encode()));
    until("the forgery was dropped", () -> m1.node().drops().count(DropReason.MALFORMED) > malformed, Duration.ofSeconds(10));
    assertThat(s1.lastApplied()).isEqualTo(3);

    // out of order: notice 5 (genuine) arrives before 4; it waits, and is applied right after 4
    Identifier v = someone(vertx);
    RevocationNotice five = a.forge(5, v);
    await(m1.node().context().send(Route.of(Address.local("revocation_subscriber")), new RevocationMessage.Notice(five.bytes()).encode()));
    Identifier w = someone(vertx);
    await(a.service().revoke(w));
    until("m1 applied 4 and then 5", () -> s1.lastApplied() == 5, Duration.ofSeconds(10));
    assertThat(Revocations.of(m1.node()).isRevoked(authorityId, v, 0)).isTrue();
    assertThat(Revocations.of(m1.node()).isRevoked(authorityId, w, 0)).isTrue();
    until("m2 applied 4", () -> back.lastApplied() == 4, Duration.ofSeconds(10));
  }

  @Test
  void twoNodesOfOneIdentityBothGetNoticesPushed(Vertx vertx) {
    Authority a = authority(vertx);
    ChannelIdentity shared = await(vertx.executeBlocking(ChannelIdentity::generate));
    Member m1 = member(vertx, "same1", shared);
    Member m2 = member(vertx, "same2", shared);
    // renewals far away: only a push can bring the notice in time
    RevocationSubscriber s1 = subscribe(m1, a, Duration.ofMinutes(5));
    until("the first node subscribed", () -> a.service().subscribers() == 1, Duration.ofSeconds(10));
    RevocationSubscriber s2 = subscribe(m2, a, Duration.ofMinutes(5));
    until("both nodes subscribed", () -> a.service().subscribers() == 2, Duration.ofSeconds(10));
    assertThat(a.service().subscriberIdentifiers()).containsExactly(shared.identity().identifier().toString());

    await(a.service().revoke(someone(vertx)));
    until("both nodes applied notice 1", () -> s1.lastApplied() == 1 && s2.lastApplied() == 1, Duration.ofSeconds(10));
  }

  @Test
  void oneIdentityHoldsAtMostSoManySubscriptions(Vertx vertx) {
    Authority a = authority(vertx);
    await(a.service().revoke(someone(vertx)));
    Member m = member(vertx, "many");
    // every registered subscription gets the backlog (notice 1) at the sink, later ones the pushes
    java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
    AtomicReference<io.ockamj.node.NodeContext> sinkContext = new AtomicReference<>();
    io.ockamj.node.Worker sink = new io.ockamj.node.Worker() {
      @Override
      public Future<Void> initialize(io.ockamj.node.NodeContext context) {
        sinkContext.set(context);
        return Future.succeededFuture();
      }

      @Override
      public Future<Void> handleMessage(io.ockamj.node.NodeContext context, io.ockamj.node.Routed message) {
        received.incrementAndGet();
        return Future.succeededFuture();
      }
    };
    await(m.node().startWorker(WorkerOptions.of("sink"), sink));
    Route toApi = Route.of(Address.tcp(a.node().tcpListenerAddress()), Address.local("api"));
    int max = RevocationService.MAX_SUBSCRIPTIONS_PER_IDENTITY;
    int n = max + 3;
    for (int i = 0; i < n; i++) {
      SecureChannel ch = await(m.channels().createSecureChannel(toApi, new SecureChannelOptions()));
      Route route = Route.of(ch.encryptor(), Address.local(RevocationService.ADDRESS));
      m.node().flowControls().addConsumerOfNextHop(Address.local("sink"), route);
      await(sinkContext.get().send(route, new RevocationMessage.Subscribe(0).encode()));
      int expected = i + 1;
      until("subscription " + expected + " registered", () -> received.get() == expected, Duration.ofSeconds(10));
    }
    assertThat(a.service().subscribers()).isEqualTo(max);
    assertThat(a.service().subscriberIdentifiers()).hasSize(1);
    // the next notice goes to the newest subscriptions only
    await(a.service().revoke(someone(vertx)));
    until("the notice pushed to each kept subscription", () -> received.get() == n + max, Duration.ofSeconds(10));
  }

  @Test
  void aRevokedMembersChannelsCloseAndItsCredentialStopsCounting(Vertx vertx) {
    Authority a = authority(vertx);
    io.ockamj.crypto.identity.Identity authorityIdentity = a.identity().identity();
    // the server trusts credential holders of the authority and follows its revocations
    Member server = member(vertx, "server");
    await(server.channels().createListener("api", new SecureChannelOptions().addAuthority(authorityIdentity)
      .setTrustPolicy(io.ockamj.verticles.channel.TrustPolicy.trustCredentialHoldersOf(authorityIdentity))));
    RevocationSubscriber s = subscribe(server, a, Duration.ofMinutes(5));
    until("the server subscribed", () -> a.service().subscribers() == 1, Duration.ofSeconds(10));

    // a client holding a credential from the authority
    Node clientNode = node(vertx, "client");
    ChannelIdentity bare = await(vertx.executeBlocking(ChannelIdentity::generate));
    io.ockamj.crypto.identity.CredentialAndPurposeKey credential = await(vertx.executeBlocking(() ->
      io.ockamj.crypto.identity.Credentials.create(a.identity().vault()).issue(a.key(), bare.identity(),
        io.ockamj.crypto.identity.Attributes.builder().put("role", "web").build(), Duration.ofHours(1))));
    SecureChannels client = SecureChannels.create(clientNode, bare.withCredentials(List.of(credential)));
    Route toServer = Route.of(Address.tcp(server.node().tcpListenerAddress()), Address.local("api"));
    await(client.createSecureChannel(toServer, new SecureChannelOptions().setConfirmed(true)));
    Identifier clientId = bare.identity().identifier();
    java.util.function.LongSupplier withClient = () -> server.channels().list().stream().filter(c -> c.peer().equals(clientId)).count();
    until("the server holds the client's channel", () -> withClient.getAsLong() == 1, Duration.ofSeconds(10));

    // revoked: the server closes the channel (the client hears Close) and refuses the same credential next time
    await(a.service().revoke(bare.identity().identifier()));
    until("the server applied the notice", () -> s.lastApplied() == 1, Duration.ofSeconds(10));
    until("the server closed the channel", () -> withClient.getAsLong() == 0, Duration.ofSeconds(10));
    assertThat(server.channels().list()).hasSize(1); // its own channel to the authority stays
    until("the client's half closed", () -> client.list().isEmpty(), Duration.ofSeconds(10));
    assertThatThrownBy(() -> await(client.createSecureChannel(toServer, new SecureChannelOptions().setConfirmed(true))))
      .isInstanceOf(io.ockamj.verticles.channel.ChannelException.class)
      .hasMessageContaining("refused our identity");

    // a credential issued after the revocation (the member enrolled again) counts
    io.ockamj.crypto.identity.CredentialAndPurposeKey again = await(vertx.executeBlocking(() -> {
      long later = java.time.Instant.now().getEpochSecond() + 2;
      return io.ockamj.crypto.identity.Credentials.create(a.identity().vault()).issue(a.key(), bare.identity().identifier(),
        bare.identity().latestChangeHash(), io.ockamj.crypto.identity.Attributes.builder().put("role", "web").build(), later,
        later + 3600);
    }));
    SecureChannels reenrolled = SecureChannels.create(clientNode, bare.withCredentials(List.of(again)));
    await(reenrolled.createSecureChannel(toServer, new SecureChannelOptions().setConfirmed(true)));
  }

  @Test
  void aSubscriberKeepsTryingUntilTheAuthorityIsThere(Vertx vertx) {
    Authority a = authority(vertx);
    Member m = member(vertx, "m");
    AtomicReference<Boolean> reachable = new AtomicReference<>(false);
    Supplier<Future<Route>> real = serviceRoute(m.channels(), a.node());
    Supplier<Future<Route>> flaky = () -> reachable.get() ? real.get() : Future.failedFuture("authority unreachable");
    RevocationSubscriber s = new RevocationSubscriber(a.identity().identity(), flaky, m.store().revocations(),
      Revocations.of(m.node()), Duration.ofMinutes(5));
    await(m.node().startWorker(WorkerOptions.of("revocation_subscriber"), s));
    await(a.service().revoke(someone(vertx)));
    reachable.set(true);
    until("caught up once the authority answered", () -> s.lastApplied() == 1, Duration.ofSeconds(15));
  }
}
