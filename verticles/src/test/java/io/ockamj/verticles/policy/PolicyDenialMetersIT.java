package io.ockamj.verticles.policy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ockamj.node.AccessControls;
import io.ockamj.node.DropReason;
import io.ockamj.node.Mailbox;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.store.PolicyRecord.Target;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.verticles.nodemanager.NodeManager;
import io.ockamj.verticles.nodemanager.NodeManagerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ockam_policy_denials_total{resource_type,resource}}: a real node routes messages to a worker
 * behind a policy; each refused message moves the counter of that resource by exactly one (and the
 * DENIED_BY_POLICY drop count with it), admitted messages and other resources leave it alone; a secure
 * channel listener's policy counts each channel it refuses once.
 */
@ExtendWith(VertxExtension.class)
class PolicyDenialMetersIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double denials(String type, String resource) {
    Counter c = registry.find("ockam.policy.denials").tags("node", "guarded", "resource_type", type, "resource", resource).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void everyRefusedMessageCountsOnceForItsResource(Vertx vertx) {
    Node node = await(Node.create(vertx, new NodeOptions().setName("guarded")));
    try {
      NodeMeters.install(node, registry);
      ChannelIdentity id = await(vertx.executeBlocking(ChannelIdentity::generate));
      Policies policies = Policies.create(node, SecureChannels.create(node, id), null, Set.of());
      // a message outside any secure channel has no subject: this policy refuses it
      await(policies.set(Target.RESOURCE, "closed", PolicyExpression.parse("(= subject.identifier \"Inobody\")")));
      AtomicInteger closedGot = new AtomicInteger();
      AtomicInteger openGot = new AtomicInteger();
      start(node, "closed", policies.incoming("closed", ResourceType.TCP_OUTLET), closedGot);
      // no policy and no authority: admitted
      start(node, "open", policies.incoming("open", ResourceType.ECHOER), openGot);
      NodeContext sender = await(node.context(WorkerOptions.of(Address.randomLocal())));

      for (int i = 1; i <= 3; i++) {
        long drops = node.drops().count(DropReason.DENIED_BY_POLICY);
        await(sender.send(Route.of(Address.local("closed")), new byte[] {1}));
        int n = i;
        until("refusal " + i + " is counted", () -> node.drops().count(DropReason.DENIED_BY_POLICY) == drops + 1, WAIT);
        // the meter moved with the drop count, by one
        assertThat(denials("tcp-outlet", "closed")).isEqualTo(n);
        // an admitted message between refusals: delivered, not counted
        await(sender.send(Route.of(Address.local("open")), new byte[] {2}));
        until("message " + i + " reaches the open worker", () -> openGot.get() == n, WAIT);
        assertThat(denials("tcp-outlet", "closed")).isEqualTo(n);
      }
      assertThat(closedGot.get()).isZero();
      assertThat(denials("echoer", "open")).isZero();
      assertThat(registry.find("ockam.policy.denials").counters()).hasSize(1);
    } finally {
      await(node.close());
    }
  }

  @Test
  void aSecureChannelListenerCountsEachChannelItsPolicyRefuses(Vertx vertx) {
    Node node = await(Node.create(vertx, new NodeOptions().setName("guarded").setTcpListenerAddress("127.0.0.1:0")));
    Node peer = await(Node.create(vertx, new NodeOptions().setName("peer")));
    try {
      NodeMeters.install(node, registry);
      ChannelIdentity id = await(vertx.executeBlocking(ChannelIdentity::generate));
      NodeManager manager = await(NodeManager.start(node, SecureChannels.create(node, id), new NodeManagerOptions()));
      await(manager.createSecureChannelListener("guarded-api", List.of()));
      await(manager.policies().set(Target.RESOURCE, "guarded-api", PolicyExpression.parse("(= subject.identifier \"Inobody\")")));
      SecureChannels peerChannels = SecureChannels.create(peer, await(vertx.executeBlocking(ChannelIdentity::generate)));
      Route route = Route.of(Address.tcp(node.tcpListenerAddress()), Address.local("guarded-api"));
      for (int i = 1; i <= 2; i++) {
        // the handshake completes, then the listener's policy refuses the peer and closes the channel
        await(peerChannels.createSecureChannel(route, new SecureChannelOptions()).map(c -> (Void) null).otherwiseEmpty());
        int n = i;
        until("channel " + i + " is refused", () -> denials("secure-channel-listener", "guarded-api") >= n, WAIT);
        until("channel " + i + " is closed", () -> manager.channels().list().isEmpty(), WAIT);
        assertThat(denials("secure-channel-listener", "guarded-api")).isEqualTo(n);
      }
    } finally {
      await(peer.close());
      await(node.close());
    }
  }

  private static void start(Node node, String address, PolicyAccessControl control, AtomicInteger got) {
    WorkerOptions o = new WorkerOptions().addMailbox(new Mailbox(Address.local(address), control, AccessControls.ALLOW_ALL_OUTGOING));
    await(node.startWorker(o, new Worker() {
      @Override
      public Future<Void> handleMessage(NodeContext context, Routed message) {
        got.incrementAndGet();
        return Future.succeededFuture();
      }
    }));
  }
}
