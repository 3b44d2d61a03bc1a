package io.ockamj.verticles.bench;

import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.AuthorityMemberRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.authority.Authority;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityMessages;
import io.ockamj.verticles.authority.AuthorityOptions;
import io.ockamj.verticles.authority.OneTimeCode;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.credentials.CredentialRetriever;
import io.ockamj.verticles.credentials.CredentialRetrieverOptions;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark harness, not a test: an authority and its members in one JVM, over TCP on 127.0.0.1
 * (authority and members on separate Vert.x instances):
 * <ol>
 *   <li>credentials issued per second: {@code --clients} members, each with its own secure channel
 *   to the authority, each asking {@code --requests} times in a row (after a warm-up);</li>
 *   <li>verifies per second: one thread verifying an authority credential (purpose-key attestation,
 *   signature, times) for {@code --verify-seconds};</li>
 *   <li>time to enroll: from a ticket's one-time code to the first credential (new identity's
 *   channel, enrollment, credential request, verification), {@code --enrollments} times, median
 *   and 90th percentile.</li>
 * </ol>
 * Run: {@code java -cp <verticles test classpath> io.ockamj.verticles.bench.CredentialHarness}.
 */
public final class CredentialHarness {

  private CredentialHarness() {
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
  }

  private static int intArg(String[] args, String name, int dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return dflt;
  }

  /**
   * @param args {@code [--clients N] [--requests R] [--verify-seconds S] [--enrollments E]}
   * @throws Exception if a step fails
   */
  public static void main(String[] args) throws Exception {
    int clients = intArg(args, "--clients", 8);
    int requests = intArg(args, "--requests", 100);
    int verifySeconds = intArg(args, "--verify-seconds", 5);
    int enrollments = intArg(args, "--enrollments", 30);
    Path dir = Files.createTempDirectory("credential-bench");
    Vertx av = Vertx.vertx();
    Vertx cv = Vertx.vertx();
    Store store = await(Store.open(av, dir.resolve("authority.sqlite3")));
    IdentityManager im = await(IdentityManager.open(av, store));
    await(im.create("authority"));
    LocalIdentity li = await(im.loadSecureChannelKey("authority"));
    Identity authorityIdentity = li.identity();
    Node an = await(Node.create(av, new NodeOptions().setName("authority").setTcpListenerAddress("127.0.0.1:0")));
    SecureChannels ach = SecureChannels.create(an, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of()));
    ChannelIdentity enroller = ChannelIdentity.generate();
    AuthorityOptions options = new AuthorityOptions().setProjectIdentifier("bench")
      .addTrustedIdentity(enroller.identity().identifier(), Map.of("ockam-role", "enroller"));
    await(Authority.start(an, ach, im, "authority", store, options));
    MultiAddr route = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + an.tcpListenerAddress().split(":")[1] + "/service/api");
    Node cn = await(Node.create(cv, new NodeOptions().setName("members").setTcpListenerAddress("127.0.0.1:0")));
    System.out.printf("%d cores; clients=%d requests=%d%n", Runtime.getRuntime().availableProcessors(), clients, requests);

    // 1. issuing
    List<AuthorityClient> cs = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      ChannelIdentity m = ChannelIdentity.generate();
      await(store.authorityMembers().add(new AuthorityMemberRecord(m.identity().identifier().toString(),
        enroller.identity().identifier().toString(), Instant.now(), false,
        AuthorityMessages.encodeStoredAttributes(Map.of("role", "web")))));
      cs.add(await(AuthorityClient.connect(cn, SecureChannels.create(cn, m), route, authorityIdentity.identifier(), Duration.ofSeconds(60))));
    }
    CredentialAndPurposeKey sample = null;
    for (int round = 0; round < 2; round++) {
      long t0 = System.nanoTime();
      List<Future<CredentialAndPurposeKey>> all = new ArrayList<>();
      for (AuthorityClient c : cs) {
        Future<CredentialAndPurposeKey> chain = c.credential();
        for (int r = 1; r < requests; r++) {
          chain = chain.compose(x -> c.credential());
        }
        all.add(chain);
      }
      await(Future.all(all));
      double s = (System.nanoTime() - t0) / 1e9;
      sample = all.get(0).result();
      System.out.printf("%s: %d credentials in %.2f s = %.0f credentials/s%n", round == 0 ? "warm-up" : "measured",
        clients * requests, s, clients * requests / s);
    }
    double issued = 0;
    {
      long t0 = System.nanoTime();
      List<Future<CredentialAndPurposeKey>> all = new ArrayList<>();
      for (AuthorityClient c : cs) {
        Future<CredentialAndPurposeKey> chain = c.credential();
        for (int r = 1; r < requests; r++) {
          chain = chain.compose(x -> c.credential());
        }
        all.add(chain);
      }
      await(Future.all(all));
      issued = clients * requests / ((System.nanoTime() - t0) / 1e9);
    }

    // 2. verifying
    long verified = 0;
    CredentialAndPurposeKey c = sample;
    List<Identity> authorities = List.of(authorityIdentity);
    long end = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < end) {
      c.verify(null, authorities, Instant.now().getEpochSecond());
    }
    long t0 = System.nanoTime();
    end = t0 + verifySeconds * 1_000_000_000L;
    while (System.nanoTime() < end) {
      c.verify(null, authorities, Instant.now().getEpochSecond());
      verified++;
    }
    double verifies = verified / ((System.nanoTime() - t0) / 1e9);
    System.out.printf("verify: %d in %d s on one thread = %.0f verifies/s%n", verified, verifySeconds, verifies);

    // 3. enrolling: one-time code -> first credential
    AuthorityClient ec = await(AuthorityClient.connect(cn, SecureChannels.create(cn, enroller), route,
      authorityIdentity.identifier(), Duration.ofSeconds(60)));
    List<Double> ms = new ArrayList<>();
    for (int i = 0; i < enrollments + 3; i++) {
      OneTimeCode code = await(ec.createToken(new AuthorityMessages.CreateToken(Map.of("role", "web"), 600L, 1L)));
      ChannelIdentity m = ChannelIdentity.generate();
      SecureChannels mch = SecureChannels.create(cn, m);
      long s0 = System.nanoTime();
      AuthorityClient mc = await(AuthorityClient.connect(cn, mch, route, authorityIdentity.identifier(), Duration.ofSeconds(60)));
      await(mc.enroll(code).eventually(mc::close));
      CredentialRetriever r = await(CredentialRetriever.start(cn, mch, null,
        new CredentialRetrieverOptions(authorityIdentity, route), Clock.systemUTC()));
      await(r.firstCredential());
      double took = (System.nanoTime() - s0) / 1e6;
      r.close();
      if (i >= 3) {
        ms.add(took);
      }
    }
    Collections.sort(ms);
    double p50 = ms.get(ms.size() / 2);
    double p90 = ms.get((int) Math.min(ms.size() - 1, Math.round(ms.size() * 0.9)));
    System.out.printf("enroll (code -> first credential, %d runs): median %.1f ms, p90 %.1f ms%n", ms.size(), p50, p90);
    System.out.printf("issued/s=%.0f verifies/s=%.0f enroll_p50_ms=%.1f enroll_p90_ms=%.1f%n", issued, verifies, p50, p90);
    await(ec.close());
    for (AuthorityClient x : cs) {
      await(x.close());
    }
    await(cn.close());
    await(an.close());
    await(im.close());
    await(store.close());
    await(cv.close());
    await(av.close());
  }
}
