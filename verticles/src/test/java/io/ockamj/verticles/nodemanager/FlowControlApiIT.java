package io.ockamj.verticles.nodemanager;

import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Status;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;
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
import java.util.Map;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code POST /node/flow_controls/add_consumer} between two nodes over TCP on 127.0.0.1: a worker that
 * is no consumer of the TCP listener's flow gets its messages only once an admin added it; the request
 * of someone who is not an admin does nothing; bad input is a 400 or a 404 with the reason.
 */
@ExtendWith(VertxExtension.class)
class FlowControlApiIT {

  private static final String PATH = "/node/flow_controls/add_consumer";

  private final List<Node> nodes = new ArrayList<>();
  private Node server;
  private Node client;
  private SecureChannels serverChannels;
  private ChannelIdentity admin;
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    server = await(Node.create(vertx, new NodeOptions().setName("server").setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(server);
    client = await(Node.create(vertx, new NodeOptions().setName("client").setBuiltinServices(false)));
    nodes.add(client);
    serverChannels = SecureChannels.create(server, await(vertx.executeBlocking(ChannelIdentity::generate)));
    admin = await(vertx.executeBlocking(ChannelIdentity::generate));
    NodeManager manager = await(NodeManager.start(server, serverChannels,
      new NodeManagerOptions().addAdmin(admin.identity().identifier())));
    await(manager.createSecureChannelListener(SecureChannels.DEFAULT_LISTENER, List.of()));
    await(server.startWorker(WorkerOptions.of("collector"), (c, m) -> {
      seen.add(new String(m.payload(), StandardCharsets.UTF_8));
      return Future.succeededFuture();
    }));
  }

  @AfterEach
  void tearDown() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  private NodeManagerClient connect(ChannelIdentity as, Duration timeout) throws Exception {
    return await(NodeManagerClient.connect(client, SecureChannels.create(client, as), server.tcpListenerAddress(), "api",
      serverChannels.identity().identity().identifier(), timeout));
  }

  private void sendOverTcp(String text) throws Exception {
    await(client.context().send(Route.of(Address.tcp(server.tcpListenerAddress()), Address.local("collector")),
      text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void anAdminAddsAConsumerOfTheListenersFlow(Vertx vertx) throws Exception {
    String flow = server.tcpListenerFlowControlId().value();

    // before: the TCP listener's flow does not reach the worker, the message is dropped and counted
    long denied = server.metrics().deniedOutgoing();
    sendOverTcp("before");
    until("the message to a worker that is no consumer was dropped", () -> server.metrics().deniedOutgoing() > denied,
      Duration.ofSeconds(10));

    // someone who is not an admin: the node manager does not answer, and nothing changes
    NodeManagerClient stranger = connect(await(vertx.executeBlocking(ChannelIdentity::generate)), Duration.ofMillis(600));
    assertThatThrownBy(() -> await(stranger.call(Method.POST, PATH, Map.of("flow_control_id", flow, "address", "/service/collector"))))
      .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.TIMEOUT));
    assertThat(server.flowControls().isConsumer(Address.local("collector"), server.tcpListenerFlowControlId())).isFalse();

    // the admin: the worker is a consumer, and messages over TCP reach it
    NodeManagerClient api = connect(admin, Duration.ofSeconds(10));
    assertThat(await(api.call(Method.POST, PATH, Map.of("flow_control_id", flow, "address", "/service/collector")))).isNull();
    assertThat(server.flowControls().isConsumer(Address.local("collector"), server.tcpListenerFlowControlId())).isTrue();
    sendOverTcp("after");
    until("the message reached the new consumer", () -> seen.contains("after"), Duration.ofSeconds(10));
    assertThat(seen).containsExactly("after");

    // bad input: 400 with Rust's words, 404 for no worker, 405 for another method
    assertThat(status(api.call(Method.POST, PATH, Map.of("flow_control_id", "xyz", "address", "/service/collector"))))
      .isEqualTo(Status.BAD_REQUEST);
    assertThat(status(api.call(Method.POST, PATH, Map.of("flow_control_id", flow, "address", "/service/a/service/b"))))
      .isEqualTo(Status.BAD_REQUEST);
    assertThat(status(api.call(Method.POST, PATH, Map.of("flow_control_id", flow, "address", "/service/nobody"))))
      .isEqualTo(Status.NOT_FOUND);
    assertThat(status(api.call(Method.POST, PATH, Map.of("address", "/service/collector")))).isEqualTo(Status.BAD_REQUEST);
    assertThat(status(api.call(Method.GET, PATH, null))).isEqualTo(Status.METHOD_NOT_ALLOWED);
    await(api.close());
  }

  private static Status status(Future<?> f) {
    Throwable e = io.ockamj.testing.Await.failure(f);
    assertThat(e).isInstanceOf(NodeManagerException.class);
    return ((NodeManagerException) e).status();
  }
}
