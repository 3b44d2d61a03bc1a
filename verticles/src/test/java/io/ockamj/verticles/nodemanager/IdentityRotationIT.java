package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.KnownIdentities;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A node's identity rotated in its store by another process (as {@code ockam identity rotate} does):
 * once told, the node proves the new key in later handshakes, and on request closes the channels that
 * prove the old one so that they are re-established.
 */
@ExtendWith(VertxExtension.class)
class IdentityRotationIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private final List<Node> nodes = new ArrayList<>();
  private final List<Store> stores = new ArrayList<>();
  private final List<IdentityManager> managers = new ArrayList<>();
  private Node server;
  private Node peer;
  private SecureChannels serverChannels;
  private NodeManagerClient api;
  private Identifier serverId;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    Store store = store(vertx);
    IdentityManager ids = manager(vertx, store);
    serverId = await(ids.create("server")).identifier();
    LocalIdentity li = await(ids.loadSecureChannelKey("server"));
    server = node(vertx, "server", "127.0.0.1:0");
    peer = node(vertx, "peer", "127.0.0.1:0");
    serverChannels = SecureChannels.create(server, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of()));
    ChannelIdentity admin = await(vertx.executeBlocking(ChannelIdentity::generate));
    NodeManager manager = await(NodeManager.start(server, serverChannels,
      new NodeManagerOptions().setStore(store).addAdmin(admin.identity().identifier())));
    await(manager.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, List.of()));
    SecureChannels peerChannels = SecureChannels.create(peer, admin);
    await(peerChannels.createListener("peer", new SecureChannelOptions()));
    api = await(NodeManagerClient.connect(peer, peerChannels, server.tcpListenerAddress(), "api", serverId, TIMEOUT));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (api != null) {
      await(api.close());
    }
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

  private Node node(Vertx vertx, String name, String listener) throws Exception {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress(listener)));
    nodes.add(n);
    return n;
  }

  private Store store(Vertx vertx) throws Exception {
    Store s = await(Store.open(vertx, dir.resolve("database.sqlite3")));
    stores.add(s);
    return s;
  }

  private IdentityManager manager(Vertx vertx, Store store) throws Exception {
    IdentityManager m = await(IdentityManager.open(vertx, store));
    managers.add(m);
    return m;
  }

  /** The server opens a channel to the peer's listener, proving its identity. */
  private SecureChannel serverToPeer() throws Exception {
    String port = peer.tcpListenerAddress().substring(peer.tcpListenerAddress().lastIndexOf(':') + 1);
    return await(api.createSecureChannel(MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port + "/secure/peer"), List.of(), TIMEOUT));
  }

  private int changesThePeerSaw() {
    return KnownIdentities.of(peer).get(serverId).map(Identity::changeHistory).orElseThrow().changes().size();
  }

  private Map<?, ?> told(boolean reestablish) throws Exception {
    return (Map<?, ?>) await(api.call(Method.POST, "/node/identity/rotated", Map.of("identity", "server", "reestablish", reestablish)));
  }

  @Test
  void aToldNodeProvesTheNewKeyAndReestablishesItsChannelsOnRequest(Vertx vertx) throws Exception {
    SecureChannel before = serverToPeer();
    assertThat(changesThePeerSaw()).isEqualTo(1);

    // another process rotates the identity in the same database; it also drops the old purpose keys
    IdentityManager other = manager(vertx, store(vertx));
    assertThat(await(other.rotate("server")).identity().changeHistory().changes()).hasSize(2);

    Map<?, ?> first = told(false);
    assertThat(first.get("identifier")).isEqualTo(serverId.toString());
    assertThat(first.get("channel_factories")).isEqualTo(1L);
    assertThat(first.get("channels_closed")).isEqualTo(0L);
    assertThat(serverChannels.identity().identity().changeHistory().changes()).hasSize(2);
    assertThat(serverChannels.list()).extracting(SecureChannel::encryptor).contains(before.encryptor());

    // a later handshake proves the new key, and the peer moves on to the new history
    SecureChannel after = serverToPeer();
    assertThat(changesThePeerSaw()).isEqualTo(2);

    // re-establishing closes the server's channels, all but the one the request came through
    Map<?, ?> second = told(true);
    assertThat(second.get("channels_closed")).isEqualTo(2L);
    until("the old channels closed", () -> serverChannels.list().stream().noneMatch(c -> c.encryptor().equals(before.encryptor())
      || c.encryptor().equals(after.encryptor())), TIMEOUT);
    assertThat(await(api.node()).identifier()).isEqualTo(serverId.toString());
    assertThat(serverToPeer().localIdentifier()).isEqualTo(serverId);
    assertThat(changesThePeerSaw()).isEqualTo(2);
  }

  @Test
  void anUnknownIdentityIsNotFound() throws Exception {
    assertThatThrownBy(() -> await(api.call(Method.POST, "/node/identity/rotated", Map.of("identity", "nobody"))))
      .isInstanceOf(NodeManagerException.class)
      .satisfies(e -> assertThat(((NodeManagerException) e).status()).isEqualTo(Status.NOT_FOUND));
    assertThat(await(api.request(Method.GET, "/node/identity/rotated", null)).status()).isEqualTo(Status.METHOD_NOT_ALLOWED);
  }
}
