package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.Status;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The node-manager API between two nodes over TCP on 127.0.0.1: who gets in, and what it answers. */
@ExtendWith(VertxExtension.class)
class NodeManagerIT {

  private static final Duration SHORT = Duration.ofMillis(600);

  private final List<Node> nodes = new ArrayList<>();
  private Node server;
  private Node client;
  private SecureChannels serverChannels;
  private NodeManager manager;
  private ChannelIdentity admin;

  private Node node(Vertx vertx, String name, String listener) throws Exception {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress(listener)));
    nodes.add(n);
    return n;
  }

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    server = node(vertx, "server", "127.0.0.1:0");
    client = node(vertx, "client", null);
    serverChannels = SecureChannels.create(server, await(vertx.executeBlocking(ChannelIdentity::generate)));
    admin = await(vertx.executeBlocking(ChannelIdentity::generate));
    manager = await(NodeManager.start(server, serverChannels,
      new NodeManagerOptions().addAdmin(admin.identity().identifier())));
    await(manager.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, List.of()));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  private NodeManagerClient connect(ChannelIdentity as, String listener, Duration timeout) throws Exception {
    return await(NodeManagerClient.connect(client, SecureChannels.create(client, as), server.tcpListenerAddress(), listener,
      serverChannels.identity().identity().identifier(), timeout));
  }

  @Test
  void adminOverASecureChannelGetsEveryPath() throws Exception {
    NodeManagerClient api = connect(admin, "api", Duration.ofSeconds(10));

    NodeStatus status = await(api.node());
    assertThat(status.name()).isEqualTo("server");
    assertThat(status.identifier()).isEqualTo(serverChannels.identity().identity().identifier().toString());
    assertThat(status.status()).isEqualTo("running");
    assertThat(status.tcpListenerAddress()).isEqualTo(server.tcpListenerAddress());
    assertThat(status.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(status.admins()).containsExactly(admin.identity().identifier().toString());

    assertThat(await(api.workers())).extracting(WorkerInfo::primaryAddress)
      .contains(Address.local("echo"), Address.local(NodeManager.ADDRESS), Address.local("api"));
    assertThat(await(api.tcpListeners())).containsExactly(server.tcpListenerAddress());
    assertThat(await(api.tcpConnections())).hasSize(1).allMatch(c -> !c.outgoing());
    assertThat(await(api.services())).extracting(ServiceInfo::address)
      .contains("echo", "uppercase", "hop", "api", NodeManager.ADDRESS);
    // with its spawner flow control id, as Rust's SecureChannelListener
    String apiFlow = server.flowControls().findSpawner(Address.local("api")).orElseThrow().value();
    assertThat(await(api.secureChannelListeners())).containsExactly(new SecureChannelListenerInfo("api", List.of(), null, apiFlow));
    assertThat(await(api.secureChannels())).extracting(SecureChannel::peer).containsExactly(admin.identity().identifier());

    // a listener that trusts someone else still admits the admins
    Identifier stranger = await(client.vertx().executeBlocking(ChannelIdentity::generate)).identity().identifier();
    SecureChannelListenerInfo locked = await(api.createSecureChannelListener("locked", List.of(stranger)));
    assertThat(locked.trusted()).containsExactly(stranger.toString());
    assertThat(locked.flowControlId()).isEqualTo(server.flowControls().findSpawner(Address.local("locked")).orElseThrow().value())
      .isNotEqualTo(apiFlow);
    NodeManagerClient viaLocked = connect(admin, "locked", Duration.ofSeconds(10));
    assertThat(await(viaLocked.node()).name()).isEqualTo("server");
    await(viaLocked.close());

    assertThatThrownBy(() -> await(api.createSecureChannelListener("locked", List.of())))
      .isInstanceOf(NodeManagerException.class)
      .satisfies(e -> assertThat(((NodeManagerException) e).status()).isEqualTo(Status.CONFLICT));

    // the node opens a channel to itself, and closes it again
    SecureChannel self = await(api.createSecureChannel(MultiAddr.parse("/ip4/127.0.0.1/tcp/"
      + server.tcpListenerAddress().split(":")[1] + "/secure/api"), List.of(), Duration.ofSeconds(10)));
    assertThat(self.peer()).isEqualTo(serverChannels.identity().identity().identifier());
    // it keeps the route it was created along (the TCP hop as its connection) and names no authorized identities
    assertThat(self.route().toString()).matches("0#[0-9a-f]+ => 0#api");
    assertThat(self.authorizedIdentifiers()).isNull();
    Identifier serverId = serverChannels.identity().identity().identifier();
    SecureChannel authorized = await(api.createSecureChannel(MultiAddr.parse("/ip4/127.0.0.1/tcp/"
      + server.tcpListenerAddress().split(":")[1] + "/secure/api"), List.of(serverId), Duration.ofSeconds(10)));
    assertThat(authorized.authorizedIdentifiers()).containsExactly(serverId);
    assertThat(await(api.secureChannels())).filteredOn(c -> c.encryptor().equals(authorized.encryptor()))
      .singleElement().satisfies(c -> assertThat(c.authorizedIdentifiers()).containsExactly(serverId));
    await(api.deleteSecureChannel(authorized.encryptor()));
    // an authorized list without the listener's identity refuses the channel
    assertThatThrownBy(() -> await(api.createSecureChannel(MultiAddr.parse("/ip4/127.0.0.1/tcp/"
      + server.tcpListenerAddress().split(":")[1] + "/secure/api"), List.of(stranger), Duration.ofSeconds(10))))
      .hasMessageContaining("not one of the authorized identities");
    await(api.deleteSecureChannel(self.encryptor()));
    assertThatThrownBy(() -> await(api.deleteSecureChannel(self.encryptor())))
      .isInstanceOf(NodeManagerException.class)
      .satisfies(e -> assertThat(((NodeManagerException) e).status()).isEqualTo(Status.NOT_FOUND));

    assertThatThrownBy(() -> await(api.call(Method.GET, "/node/nothing", null)))
      .isInstanceOf(NodeManagerException.class).hasMessageContaining("no such path");
    assertThat(await(api.request(Method.POST, "/node", null)).status()).isEqualTo(Status.METHOD_NOT_ALLOWED);
    assertThat(await(api.request(Method.POST, "/node/secure_channel", java.util.Map.of("to", "/bogus"))).status())
      .isEqualTo(Status.BAD_REQUEST);
    assertThat(manager.refused()).isZero();
    await(api.close());
  }

  @Test
  void untrustedIdentityIsRefused(Vertx vertx) throws Exception {
    ChannelIdentity someoneElse = await(vertx.executeBlocking(ChannelIdentity::generate));
    // the listener accepts the channel (it trusts everyone), the node manager drops the request
    NodeManagerClient api = connect(someoneElse, "api", SHORT);
    assertThatThrownBy(() -> await(api.node()))
      .isInstanceOf(NodeException.class)
      .satisfies(e -> assertThat(((NodeException) e).kind()).isEqualTo(NodeException.Kind.TIMEOUT));
    assertThat(manager.refused()).isEqualTo(1);
    // echo on the same channel works: only the API is closed
    assertThat(await(client.context().sendAndReceive(Route.of(api.channel().encryptor(), Address.local("echo")), new byte[] {1}, SHORT))
      .payload()).containsExactly(1);
  }

  @Test
  void plainTcpIsRefused() throws Exception {
    long deniedBefore = server.metrics().deniedOutgoing();
    NodeManagerClient api = NodeManagerClient.create(client,
      Route.of(Address.tcp(server.tcpListenerAddress()), Address.local(NodeManager.ADDRESS)), SHORT);
    assertThatThrownBy(() -> await(api.node()))
      .isInstanceOf(NodeException.class)
      .satisfies(e -> assertThat(((NodeException) e).kind()).isEqualTo(NodeException.Kind.TIMEOUT));
    // flow control drops it at the TCP receiver: the node manager is not a consumer of the TCP listener
    assertThat(server.metrics().deniedOutgoing()).isEqualTo(deniedBefore + 1);
    assertThat(manager.refused()).isZero();
    // the raw bytes of a request do not get in either
    await(client.context().send(Route.of(Address.tcp(server.tcpListenerAddress()), Address.local(NodeManager.ADDRESS)),
      Request.of(Method.GET, "/node", null).toPayload()));
    until("the raw request was dropped too", () -> server.metrics().deniedOutgoing() >= deniedBefore + 2, Duration.ofSeconds(5));
    assertThat(server.metrics().deniedOutgoing()).isEqualTo(deniedBefore + 2);
    assertThat(manager.refused()).isZero();
    await(api.close());
  }
}
