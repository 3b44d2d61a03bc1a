package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.ProjectRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelException;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A {@code /project/NAME} hop of a route ({@link ResourceRoutes#resolve}): replaced by the project's
 * access route, its secure channel accepts only the project's identity whatever the route's authorized
 * list says, and a project node proving another identity is refused with the reason. Real nodes on
 * 127.0.0.1 and a real SQLite store.
 */
@ExtendWith(VertxExtension.class)
class ProjectHopTrustTest {

  private static final Duration T = Duration.ofSeconds(10);

  @TempDir
  Path dir;

  private Store store;
  private Node projectNode;
  private Node client;
  private SecureChannels channels;
  private Identifier projectId;
  private Identifier stranger;
  private String access;

  @BeforeEach
  void setUp(Vertx vertx) throws Exception {
    store = await(Store.open(vertx, dir.resolve("database.sqlite3")));
    ChannelIdentity project = await(vertx.executeBlocking(ChannelIdentity::generate));
    projectId = project.identity().identifier();
    stranger = await(vertx.executeBlocking(ChannelIdentity::generate)).identity().identifier();
    projectNode = await(Node.create(vertx, new NodeOptions().setName("project").setTcpListenerAddress("127.0.0.1:0")));
    await(SecureChannels.create(projectNode, project).createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions()));
    client = await(Node.create(vertx, new NodeOptions().setName("client").setBuiltinServices(false)));
    channels = SecureChannels.create(client, await(vertx.executeBlocking(ChannelIdentity::generate)));
    String port = projectNode.tcpListenerAddress().substring(projectNode.tcpListenerAddress().lastIndexOf(':') + 1);
    access = "/ip4/127.0.0.1/tcp/" + port;
    await(store.projects().store(project("p1", access + "/service/api", projectId.toString())));
    await(store.projects().store(project("impostor", access + "/service/api", stranger.toString())));
    await(store.projects().store(project("anonymous", access + "/service/api", null)));
  }

  @AfterEach
  void tearDown() throws Exception {
    await(client.close().otherwiseEmpty());
    await(projectNode.close().otherwiseEmpty());
    await(store.close());
  }

  private static ProjectRecord project(String name, String accessRoute, String identity) {
    JsonObject m = new JsonObject().put("id", name).put("name", name).put("access_route", accessRoute);
    if (identity != null) {
      m.put("identity", identity);
    }
    return new ProjectRecord(name, name, false, m, Instant.now());
  }

  @Test
  void theProjectsChannelAcceptsOnlyTheProjectsIdentity() throws Exception {
    ResourceRoutes routes = new ResourceRoutes(store);
    ResourceRoutes.Resolved rr = await(routes.resolve(MultiAddr.parse("/project/p1/service/echo")));
    assertThat(rr.route()).hasToString(access + "/secure/api/service/echo");
    assertThat(rr.projects()).isEqualTo(Map.of(0, new ResourceRoutes.ProjectChannel("p1", projectId)));

    // the authorized list (here a stranger) is for the other channels: the project's one checks the project
    SecureChannels.SecureRoute sr = await(channels.resolve(rr.route(), rr.options(List.of(stranger), T)));
    assertThat(sr.channels()).singleElement().satisfies(ch -> assertThat(ch.peer()).isEqualTo(projectId));

    // without the project, the same authorized list refuses the node
    ResourceRoutes.Resolved plain = await(routes.resolve(MultiAddr.parse(access + "/secure/api/service/echo")));
    assertThat(plain.projects()).isEmpty();
    assertThatThrownBy(() -> await(channels.resolve(plain.route(), plain.options(List.of(stranger), T))))
      .isInstanceOf(ChannelException.class);
  }

  @Test
  void aProjectNodeProvingAnotherIdentityIsRefusedWithTheReason() throws Exception {
    ResourceRoutes.Resolved rr = await(new ResourceRoutes(store).resolve(MultiAddr.parse("/project/impostor/service/echo")));
    Throwable err = catchFailure(rr);
    assertThat(err).isInstanceOf(ChannelException.class);
    assertThat(((ChannelException) err).reason()).isEqualTo(ChannelException.Reason.UNTRUSTED);
    assertThat(err.getMessage()).contains("refused the peer " + projectId)
      .contains("the channel to project 'impostor' (" + access + "/secure/api) accepts only the project's identity " + stranger);
  }

  @Test
  void anIdentityGivenPerChannelOverridesTheAuthorizedList() throws Exception {
    ResourceRoutes.Resolved rr = await(new ResourceRoutes(store).resolve(MultiAddr.parse(access + "/secure/api/service/echo")));
    // the channel accepts the identity given for it even though the authorized list names another one
    ResourceRoutes.Resolved right = rr.withChannels(Map.of(0, projectId));
    assertThat(await(channels.resolve(right.route(), right.options(List.of(stranger), T))).channels()).hasSize(1);
    Throwable err = catchFailure(rr.withChannels(Map.of(0, stranger)));
    assertThat(err.getMessage()).contains("secure channel 1 of the route (" + access + "/secure/api) accepts only"
      + " the project's identity " + stranger);
  }

  @Test
  void unknownProjectsAndProjectsWithoutIdentityAreClearErrors() {
    ResourceRoutes routes = new ResourceRoutes(store);
    assertThatThrownBy(() -> await(routes.resolve(MultiAddr.parse("/project/nope/service/echo"))))
      .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.NOT_FOUND))
      .hasMessageContaining("there is no project named 'nope'");
    assertThatThrownBy(() -> await(routes.resolve(MultiAddr.parse("/project/anonymous/service/echo"))))
      .isInstanceOfSatisfying(NodeException.class, e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.INVALID))
      .hasMessageContaining("project 'anonymous' has no identity");
    assertThatThrownBy(() -> await(new ResourceRoutes(null).resolve(MultiAddr.parse("/project/p1"))))
      .hasMessageContaining("no local state");
  }

  private Throwable catchFailure(ResourceRoutes.Resolved rr) {
    return io.ockamj.testing.Await.failure(channels.resolve(rr.route(), rr.options(List.of(), T)).transform(ar -> ar.succeeded()
      ? io.vertx.core.Future.succeededFuture(ar.result()) : io.vertx.core.Future.failedFuture(rr.explain(ar.cause()))));
  }
}
