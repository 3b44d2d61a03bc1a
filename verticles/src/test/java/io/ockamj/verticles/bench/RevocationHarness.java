package io.ockamj.verticles.bench;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.store.Store;
import io.ockamj.testing.Await;
import io.ockamj.verticles.authority.Authority;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityOptions;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.credentials.AuthorityRevocations;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark, not a test (run by {@code bench/revocation.sh}): how long after an enroller asks the
 * authority to delete a member does a node that follows the authority close that member's secure
 * channel? Three nodes on 127.0.0.1 in one JVM: the authority, a server node following its
 * revocations, and per run a fresh member with a channel to the server. The clock starts when the
 * delete request is sent (so it includes the request's trip, the authority's commit, the notice's
 * signature and store, the push and the close) and stops when the server's channel list no longer
 * has the member. Prints each run's milliseconds and, as its last line,
 * {@code runs=N p50_ms=X p99_ms=Y max_ms=Z}.
 */
public final class RevocationHarness {

  private RevocationHarness() {
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    Path dir = Files.createTempDirectory("ockam-revocation-bench");
    Vertx vertx = Vertx.vertx();
    try {
      Store authorityStore = Await.await(Store.open(vertx, dir.resolve("authority.sqlite3")));
      IdentityManager im = Await.await(IdentityManager.open(vertx, authorityStore));
      Await.await(im.create("authority"));
      LocalIdentity li = Await.await(im.loadSecureChannelKey("authority"));
      Node authorityNode = Await.await(Node.create(vertx, new NodeOptions().setName("authority").setTcpListenerAddress("127.0.0.1:0")));
      SecureChannels authorityChannels = SecureChannels.create(authorityNode,
        new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of()));
      ChannelIdentity enroller = Await.await(ChannelIdentity.generate(vertx));
      AuthorityOptions options = new AuthorityOptions().setProjectIdentifier("bench")
        .addTrustedIdentity(enroller.identity().identifier(), Map.of("ockam-role", "enroller"));
      Await.await(Authority.start(authorityNode, authorityChannels, im, "authority", authorityStore, options));
      MultiAddr authorityRoute = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + authorityNode.tcpListenerAddress().split(":")[1] + "/service/api");

      Node server = Await.await(Node.create(vertx, new NodeOptions().setName("server").setTcpListenerAddress("127.0.0.1:0")));
      SecureChannels serverChannels = SecureChannels.create(server, Await.await(ChannelIdentity.generate(vertx)));
      Store serverStore = Await.await(Store.open(vertx, dir.resolve("server.sqlite3")));
      Await.await(AuthorityRevocations.follow(server, serverChannels, serverStore, li.identity(), authorityRoute, Duration.ofMinutes(5)));
      Await.await(serverChannels.createListener("api", new SecureChannelOptions().addAuthority(li.identity())));
      Route toServer = Route.of(Address.tcp(server.tcpListenerAddress()), Address.local("api"));

      Node enrollerNode = Await.await(Node.create(vertx, new NodeOptions().setName("enroller")));
      AuthorityClient admin = Await.await(AuthorityClient.connect(enrollerNode, SecureChannels.create(enrollerNode, enroller),
        authorityRoute, li.identity().identifier(), Duration.ofSeconds(30)));
      Node members = Await.await(Node.create(vertx, new NodeOptions().setName("members")));

      List<Double> measured = new ArrayList<>();
      for (int i = 0; i < warmup + runs; i++) {
        SecureChannels member = SecureChannels.create(members, Await.await(ChannelIdentity.generate(vertx)));
        Identifier id = member.identity().identity().identifier();
        Await.await(admin.addMember(id, Map.of("role", "web")));
        Await.await(member.createSecureChannel(toServer, new SecureChannelOptions()));
        Await.until("the server holds the member's channel", () -> has(serverChannels, id), Duration.ofSeconds(30));
        long start = System.nanoTime();
        admin.deleteMember(id);
        while (has(serverChannels, id)) {
          if (System.nanoTime() - start > 30_000_000_000L) {
            throw new IllegalStateException("run " + i + ": the channel was not closed within 30 s");
          }
          Thread.onSpinWait();
        }
        double ms = (System.nanoTime() - start) / 1e6;
        if (i >= warmup) {
          measured.add(ms);
          System.out.printf(Locale.ROOT, "run %d: %.1f ms%n", i - warmup + 1, ms);
        }
      }
      Collections.sort(measured);
      System.out.printf(Locale.ROOT, "runs=%d p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", measured.size(),
        percentile(measured, 50), percentile(measured, 99), measured.get(measured.size() - 1));
    } finally {
      Await.await(vertx.close());
    }
  }

  private static boolean has(SecureChannels channels, Identifier peer) {
    return channels.list().stream().anyMatch(c -> c.peer().equals(peer));
  }

  private static double percentile(List<Double> sorted, int p) {
    int idx = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
  }
}
