package io.ockamj.verticles.authority;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.credentials.CredentialRetriever;
import io.ockamj.verticles.credentials.CredentialRetrieverOptions;
import io.ockamj.verticles.credentials.PeerAttributes;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.ockamj.verticles.portal.InletOptions;
import io.ockamj.verticles.portal.OutletOptions;
import io.ockamj.verticles.portal.Portals;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An authority and two nodes in one JVM, over TCP on 127.0.0.1: enrollment with a ticket's code,
 * credential fetch and refresh, verification by a peer, refusals.
 */
@ExtendWith(VertxExtension.class)
class AuthorityIT {

  @TempDir
  Path dir;

  private Vertx vertx;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Store> stores = new ArrayList<>();
  private final List<IdentityManager> managers = new ArrayList<>();
  private final List<CredentialRetriever> retrievers = new ArrayList<>();
  private final MovableClock clock = new MovableClock();

  private Node authorityNode;
  private Store authorityStore;
  private Identity authorityIdentity;
  private ChannelIdentity enroller;
  private MultiAddr authorityRoute;

  /** The system clock, plus an offset the tests move. */
  static final class MovableClock extends Clock {
    volatile Duration offset = Duration.ZERO;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void tearDown() {
    retrievers.forEach(CredentialRetriever::close);
    for (Node n : nodes) {
      await(n.close());
    }
    for (IdentityManager m : managers) {
      await(m.close());
    }
    for (Store s : stores) {
      await(s.close());
    }
  }

  private Node node(String name) {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    return n;
  }

  private void startAuthority(AuthorityOptions options) {
    authorityStore = await(Store.open(vertx, dir.resolve("authority.sqlite3")));
    stores.add(authorityStore);
    IdentityManager im = await(IdentityManager.open(vertx, authorityStore));
    managers.add(im);
    await(im.create("authority"));
    LocalIdentity li = await(im.loadSecureChannelKey("authority"));
    authorityIdentity = li.identity();
    authorityNode = node("authority");
    SecureChannels channels = SecureChannels.create(authorityNode, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of()));
    enroller = await(vertx.executeBlocking(ChannelIdentity::generate));
    options.setProjectIdentifier("project-1").addTrustedIdentity(enroller.identity().identifier(), Map.of("ockam-role", "enroller"));
    await(Authority.start(authorityNode, channels, im, "authority", authorityStore, options, clock));
    authorityRoute = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + authorityNode.tcpListenerAddress().split(":")[1] + "/service/api");
  }

  private <T> T asEnroller(java.util.function.Function<AuthorityClient, io.vertx.core.Future<T>> work) {
    Node n = node("enroller-" + nodes.size());
    AuthorityClient c = await(AuthorityClient.connect(n, SecureChannels.create(n, enroller), authorityRoute,
      authorityIdentity.identifier(), Duration.ofSeconds(20)));
    try {
      return await(work.apply(c));
    } finally {
      await(c.close());
    }
  }

  private OneTimeCode ticket(Map<String, String> attrs, long ttlSeconds, long uses) {
    return asEnroller(c -> c.createToken(new AuthorityMessages.CreateToken(attrs, ttlSeconds, uses)));
  }

  private SecureChannels member(Node n) {
    return SecureChannels.create(n, await(vertx.executeBlocking(ChannelIdentity::generate)));
  }

  private Throwable enrollFails(OneTimeCode code) {
    Node n = node("late-" + nodes.size());
    SecureChannels ch = member(n);
    AuthorityClient c = await(AuthorityClient.connect(n, ch, authorityRoute, authorityIdentity.identifier(), Duration.ofSeconds(20)));
    try {
      return failure(c.enroll(code));
    } finally {
      await(c.close());
    }
  }

  private void enroll(Node n, SecureChannels ch, OneTimeCode code) {
    AuthorityClient c = await(AuthorityClient.connect(n, ch, authorityRoute, authorityIdentity.identifier(), Duration.ofSeconds(20)));
    try {
      await(c.enroll(code));
    } finally {
      await(c.close());
    }
  }

  private CredentialRetriever retriever(Node n, SecureChannels ch, CredentialRetrieverOptions o) {
    CredentialRetriever r = await(CredentialRetriever.start(n, ch, null, o, Clock.systemUTC()));
    retrievers.add(r);
    return r;
  }

  @Test
  void aTicketEnrollsNodeAWhoseCredentialNodeBVerifiesAndASecondUseIsRefused() {
    startAuthority(new AuthorityOptions());
    OneTimeCode code = ticket(Map.of("role", "web"), 600, 1);

    Node a = node("a");
    SecureChannels chA = member(a);
    enroll(a, chA, code);
    CredentialRetriever r = retriever(a, chA, new CredentialRetrieverOptions(authorityIdentity, authorityRoute));
    VerifiedCredential c = await(r.firstCredential());
    assertThat(c.attributes().toStringMap()).containsEntry("role", "web").containsEntry("trust_context_id", "project-1");
    assertThat(c.expiresAt() - c.createdAt()).isEqualTo(AuthorityOptions.DEFAULT_CREDENTIAL_TTL.getSeconds());

    Node b = node("b");
    SecureChannels chB = member(b);
    enroll(b, chB, ticket(Map.of("role", "db"), 600, 1));
    await(retriever(b, chB, new CredentialRetrieverOptions(authorityIdentity, authorityRoute)).firstCredential());
    PeerAttributes seen = new PeerAttributes(null, Clock.systemUTC());
    await(chB.createListener("api", new SecureChannelOptions().addAuthority(authorityIdentity).setCredentialListener(seen)));
    Identifier aId = chA.identity().identity().identifier();
    assertThat(seen.hasCredential(aId)).isFalse();
    // A verifies B's credential too: its channels' defaults name the authority
    PeerAttributes seenByA = new PeerAttributes(null, Clock.systemUTC());
    chA.setCredentialDefaults(new SecureChannelOptions().addAuthority(authorityIdentity).setCredentialListener(seenByA));
    await(chA.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")), new SecureChannelOptions()));
    until("B knows A's attributes", () -> "web".equals(seen.attributesOf(aId).get("role")), Duration.ofSeconds(30));
    assertThat(seen.hasCredential(aId)).isTrue();
    assertThat(seenByA.attributesOf(chB.identity().identity().identifier())).containsEntry("role", "db");

    Throwable second = enrollFails(code);
    assertThat(second).isInstanceOf(AuthorityException.class).hasMessageContaining("already used");
    assertThat(((AuthorityException) second).status()).isEqualTo(Status.FORBIDDEN);
    assertThat(await(authorityStore.authorityMembers().list())).hasSize(3);
  }

  @Test
  void anExpiredTicketAndAnUnknownTicketAreRefused() {
    startAuthority(new AuthorityOptions());
    OneTimeCode code = ticket(Map.of(), 5, 3);
    clock.offset = Duration.ofSeconds(6);
    assertThat(enrollFails(code)).isInstanceOf(AuthorityException.class).hasMessageContaining("expired");
    assertThat(enrollFails(OneTimeCode.random())).isInstanceOf(AuthorityException.class).hasMessage("Unknown enrollment token");
    assertThat(await(authorityStore.authorityMembers().list())).hasSize(1);
  }

  @Test
  void aShortCredentialIsRenewedBeforeExpiryWithoutClosingTheOpenChannel() throws IOException {
    startAuthority(new AuthorityOptions().setCredentialTtl(Duration.ofSeconds(4)));
    Node a = node("a");
    SecureChannels chA = member(a);
    enroll(a, chA, ticket(Map.of("role", "db"), 600, 1));
    CredentialRetriever r = retriever(a, chA, new CredentialRetrieverOptions(authorityIdentity, authorityRoute)
      .setRefreshAhead(Duration.ofSeconds(1)).setClockSkew(Duration.ofSeconds(1)));
    VerifiedCredential first = await(r.firstCredential());

    Node b = node("b");
    SecureChannels chB = member(b);
    AtomicInteger presented = new AtomicInteger();
    PeerAttributes seen = new PeerAttributes(null, Clock.systemUTC());
    await(chB.createListener("api", new SecureChannelOptions().addAuthority(authorityIdentity).setCredentialListener((p, cred) -> {
      presented.incrementAndGet();
      seen.verified(p, cred);
    })));
    SecureChannel ch = await(chA.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")),
      new SecureChannelOptions()));
    // a portal through the channel: A's inlet, B's outlet in front of an echo server
    ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    Thread echoThread = new Thread(() -> {
      try (Socket s = echo.accept()) {
        s.getInputStream().transferTo(s.getOutputStream());
      } catch (IOException ignored) {
        // closed
      }
    }, "echo");
    echoThread.setDaemon(true);
    echoThread.start();
    Portals pa = Portals.create(a);
    Portals pb = Portals.create(b);
    await(pb.createOutlet("outlet", "127.0.0.1:" + echo.getLocalPort(), new OutletOptions()));
    String inlet = await(pa.createInlet("127.0.0.1:0", Route.of(ch.encryptor(), Address.local("outlet")), new InletOptions()))
      .bindAddress();
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(inlet.substring(inlet.lastIndexOf(':') + 1)))) {
      client.setSoTimeout(30_000);
      assertThat(roundTrip(client, "before")).isEqualTo("before");
      until("A renewed its credential and presented it to B", () -> r.fetched() >= 3 && presented.get() >= 3, Duration.ofSeconds(60));
      // the same connection through the same portal still carries bytes after two renewals
      assertThat(roundTrip(client, "after renewals")).isEqualTo("after renewals");
    } finally {
      await(pa.close());
      await(pb.close());
      echo.close();
    }
    assertThat(r.current().orElseThrow().expiresAt()).isGreaterThan(first.expiresAt());
    // the same channel still carries messages, and B still holds a valid credential of A
    byte[] reply = await(a.context().sendAndReceive(Route.of(ch.encryptor(), Address.local("echo")),
      "still open".getBytes(StandardCharsets.UTF_8))).payload();
    assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("still open");
    assertThat(seen.attributesOf(chA.identity().identity().identifier())).containsEntry("role", "db");
  }

  private static String roundTrip(Socket s, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    s.getOutputStream().write(b);
    s.getOutputStream().flush();
    byte[] in = s.getInputStream().readNBytes(b.length);
    return new String(in, StandardCharsets.UTF_8);
  }

  @Test
  void aTicketOfAnotherAuthorityIsRefusedByTheChannel() {
    startAuthority(new AuthorityOptions());
    Node n = node("stranger");
    // the ticket names another authority: the node at the route does not prove that identity
    Throwable refused = failure(AuthorityClient.connect(n, member(n), authorityRoute, enroller.identity().identifier(),
      Duration.ofSeconds(20)));
    assertThat(refused).isInstanceOf(io.ockamj.verticles.channel.ChannelException.class);
    assertThat(((io.ockamj.verticles.channel.ChannelException) refused).reason())
      .isEqualTo(io.ockamj.verticles.channel.ChannelException.Reason.UNTRUSTED);
  }

  @Test
  void deletingAMemberRevokesItAtOnceOnNodesThatFollowTheAuthority() {
    startAuthority(new AuthorityOptions());
    // B follows the authority's revocations and holds a channel from member A
    Node b = node("b");
    SecureChannels chB = member(b);
    Store storeB = await(Store.open(vertx, dir.resolve("b.sqlite3")));
    stores.add(storeB);
    io.ockamj.verticles.revocation.RevocationSubscriber followB = await(io.ockamj.verticles.credentials.AuthorityRevocations.follow(
      b, chB, storeB, authorityIdentity, authorityRoute, Duration.ofMinutes(5)));
    await(chB.createListener("api", new SecureChannelOptions().addAuthority(authorityIdentity)));
    Node a = node("a");
    SecureChannels chA = member(a);
    Identifier aId = chA.identity().identity().identifier();
    asEnroller(c -> c.addMember(aId, Map.of("role", "web")));
    Route toB = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api"));
    await(chA.createSecureChannel(toB, new SecureChannelOptions()));
    until("B holds A's channel", () -> chB.list().stream().anyMatch(c -> c.peer().equals(aId)), Duration.ofSeconds(10));

    asEnroller(c -> c.deleteMember(aId));
    until("B applied the revocation", () -> followB.lastApplied() == 1, Duration.ofSeconds(10));
    until("B closed A's channel", () -> chB.list().stream().noneMatch(c -> c.peer().equals(aId)), Duration.ofSeconds(10));
    assertThat(await(storeB.revocations().after(authorityIdentity.identifier().toString(), 0, 10)))
      .extracting(io.ockamj.store.RevocationRecord::subject).containsExactly(aId.toString());
  }

  @Test
  void aDeletedMemberGetsNoNewCredential() {
    startAuthority(new AuthorityOptions());
    Node a = node("a");
    SecureChannels chA = member(a);
    Identifier aId = chA.identity().identity().identifier();
    asEnroller(c -> c.addMember(aId, Map.of("role", "web")));
    assertThat(asEnroller(c -> c.member(aId)).attributes()).containsEntry("role", "web");
    assertThat(asEnroller(AuthorityClient::memberIds)).contains(aId, enroller.identity().identifier());
    AuthorityClient client = await(AuthorityClient.connect(a, chA, authorityRoute, authorityIdentity.identifier(), Duration.ofSeconds(20)));
    assertThat(await(client.credential())).isNotNull();
    asEnroller(c -> c.deleteMember(aId));
    Throwable refused = failure(client.credential());
    await(client.close());
    assertThat(refused).isInstanceOf(AuthorityException.class).hasMessage("unauthorized member");
    // a member that is not an enroller cannot issue tokens, and the pre-trusted enroller cannot be deleted
    Map<Identifier, AuthorityMessages.MemberEntry> left = asEnroller(AuthorityClient::members);
    assertThat(left).doesNotContainKey(aId).containsKey(enroller.identity().identifier());
  }
}
