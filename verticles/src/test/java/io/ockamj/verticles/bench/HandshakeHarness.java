package io.ockamj.verticles.bench;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Change;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.Purpose;
import io.ockamj.crypto.identity.PurposeKeyAttestation;
import io.ockamj.crypto.identity.PurposeKeyAttestationData;
import io.ockamj.crypto.noise.HandshakeState;
import io.ockamj.crypto.noise.IdentityAndCredentials;
import io.ockamj.crypto.primitives.AesGcm;
import io.ockamj.crypto.primitives.Hkdf;
import io.ockamj.crypto.primitives.Sha256;
import io.ockamj.crypto.primitives.X25519;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.spi.CryptoWorkers;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.testing.Await;
import io.ockamj.verticles.channel.ChannelException;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A benchmark harness, not a test: how close do full secure-channel handshakes between two nodes
 * come to what their cryptography alone allows? One JVM run:
 * <ol>
 *   <li>the crypto primitives one handshake needs (both sides), counted from the code path of
 *   {@code HandshakeState}, {@code SymmetricState} and {@code PeerVerification.handshakePayload} (see
 *   {@link #perHandshake}), each measured alone after a warm-up, in ops per second of the measuring
 *   thread's CPU time (so other load on the machine does not count); their sum is the
 *   single-thread cost of one handshake, and the <i>primitive bound</i> is
 *   {@code cores / cost} (cores = {@link Runtime#availableProcessors()}, all of them available to
 *   crypto: the nodes' crypto workers are more threads than cores). The same mix run on as many
 *   threads as the nodes have crypto workers (wall clock: what the machine gives now), the real
 *   crypto path without a node (HandshakeState, CBOR, identity and attestation verification) on
 *   one thread, and signatures per second (software Ed25519 and P-256; a PKCS#11 token when this
 *   build has one) are printed beside it;</li>
 *   <li>full handshakes between two nodes (separate Vert.x instances, each with its crypto worker
 *   pool) over one TCP connection on 127.0.0.1, with identity and purpose-key verification on both
 *   sides: {@code --handshakes} of them started at once ({@code --in-flight} bounds how many run
 *   at a time, default all), timed until both ends are established; warm-up rounds first, then
 *   measured rounds (the median is reported); channels are closed between rounds, outside the
 *   timing. Each round prints the process's CPU time per handshake, split by thread group (crypto
 *   workers, event loops, GC, JIT; Linux {@code /proc/self/task}), and the summary the
 *   CPU-accounted ratio: primitives / process CPU per handshake, which other load on the machine
 *   does not change.</li>
 * </ol>
 * The last line is {@code handshakes/s=N bound/s=M ratio=R failures=F}: N the median of the measured
 * rounds, M the primitive bound, R = N / M, F the failed handshakes of all rounds, warm-up included.
 * <p>
 * Run: {@code bench/handshake.sh}, or {@code java -cp <verticles test classpath>
 * io.ockamj.verticles.bench.HandshakeHarness [--handshakes N] [--in-flight K] [--rounds R]
 * [--warmup-rounds W] [--primitive-seconds S] [--timeout-seconds T]}.
 */
public final class HandshakeHarness {

  private static final AtomicLong SINK = new AtomicLong();

  private HandshakeHarness() {
  }

  /** One cryptographic operation; returns something derived from its output so it is not optimised away. */
  @FunctionalInterface
  interface Op {
    long run();
  }

  /**
   * One primitive of the handshake: its label, how many times one handshake (both sides) runs it,
   * and a factory of the operation (one instance per thread: some keep a nonce counter).
   */
  record Use(String label, int count, java.util.function.Supplier<Op> op, String where) {
  }

  /** The inputs the handshake uses, with their real sizes. */
  static final class Fixture {
    final ChannelIdentity a;
    final ChannelIdentity b;
    final byte[] payloadA;
    final byte[] payloadB;
    final byte[] staticA;
    final byte[] staticB;

    Fixture(ChannelIdentity a, ChannelIdentity b) {
      this.a = a;
      this.b = b;
      this.payloadA = payload(a).encode();
      this.payloadB = payload(b).encode();
      // the identities' static secrets stay in their vaults: the primitive timings use keys of their own
      this.staticA = X25519.generateSecret();
      this.staticB = X25519.generateSecret();
    }

    /** What {@code ChannelIdentity.handshakePayload()} sends (no credentials). */
    static IdentityAndCredentials payload(ChannelIdentity id) {
      return new IdentityAndCredentials(id.identity().export(), id.secureChannelKey().attestation().bytes(), List.of());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 1. What one handshake runs, both sides (initiator A, responder B), counted from the code:
  //
  // HandshakeState constructor (each side), on the node's vault: the static public key is read from
  //   the vault (not recomputed), the ephemeral key is generated in it (X25519.generateSecret +
  //   publicKey, and SHA-256 of the public key: its vault key id), SymmetricState: SHA-256(name32).
  // Initiator: write 1: mixHash(e) [SHA h||32], mixHash(empty payload) [SHA h]
  //            read 2:  mixHash(re) [SHA h||32], DH(e,re) + MixKey [HKDF], decryptAndHash(s)
  //                     [AES-GCM dec 48 B, SHA h||48], DH(e,rs) + MixKey, decryptAndHash(payload B)
  //                     [AES-GCM dec |B|+16, SHA h||(|B|+16)]
  //            write 3: encryptAndHash(s) [AES-GCM enc 32 B, SHA h||48], DH(s,re) + MixKey,
  //                     encryptAndHash(payload A) [enc |A|, SHA h||(|A|+16)]
  //            split:   HKDF(ck, empty)
  // Responder: read 1: mixHash(re), mixHash(empty payload) (no key yet: decryptAndHash hashes only)
  //            write 2: mixHash(e), DH(e,re) + MixKey, encryptAndHash(s), DH(s,re) + MixKey,
  //                     encryptAndHash(payload B)
  //            read 3:  decryptAndHash(s), DH(e,rs) + MixKey, decryptAndHash(payload A); split
  // MixKey = Hkdf.deriveKeys(ck, dh, 2): extract + 2 expand blocks = 3 HMAC-SHA-256.
  // PeerVerification.handshakePayload (each side, on the peer's payload): Identity.importFrom (one change:
  //   SHA-256 of its data = the change hash, Ed25519 verify of the change signature; no previous
  //   signature), PurposeKeyAttestation.verify (SHA-256 of its data, Ed25519 verify). No credential
  //   checks: no authority is configured (the default), so credentials are not verified.
  // Signing: none per handshake. The purpose-key attestation is signed once, when the key is made;
  //   the identity's change once, when the identity is made. Identities are Ed25519 (the default):
  //   no P-256 operation in a handshake.
  // ---------------------------------------------------------------------------------------------
  static List<Use> perHandshake(Fixture f) {
    int la = f.payloadA.length;
    int lb = f.payloadB.length;
    List<Use> uses = new ArrayList<>();
    uses.add(new Use("X25519 ephemeral key generation (random + base-point mult)", 2, () -> () -> {
      byte[] s = X25519.generateSecret();
      return X25519.publicKey(s)[0];
    }, "HandshakeState(): e"));
    byte[] peerPub = X25519.publicKey(f.staticB);
    uses.add(new Use("X25519 DH (agree)", 6, () -> () -> X25519.agree(f.staticA, peerPub)[0], "ee, es, se per side"));
    Identity ida = f.a.identity();
    Change change = ida.latestChange();
    VerifyingPublicKey key = ida.primaryPublicKey();
    byte[] changeHash = change.hash().bytes();
    Signature changeSig = change.signature();
    PurposeKeyAttestation att = f.a.secureChannelKey().attestation();
    byte[] attDigest = Sha256.digest(att.versionedData());
    uses.add(new Use("Ed25519 verify (change 2, attestation 2)", 4, () -> () -> {
      boolean ok = VerifyingVault.software().verify(key, changeHash, changeSig)
        & VerifyingVault.software().verify(key, attDigest, att.signature());
      if (!ok) {
        throw new IllegalStateException("signature did not verify");
      }
      return 1;
    }, "verifyPeer: Identity.importFrom + PurposeKeyAttestation.verify")); // two verifications per run
    byte[] h = new byte[32];
    byte[] name = Arrays.copyOf(HandshakeState.PROTOCOL_NAME.getBytes(StandardCharsets.US_ASCII), 32);
    uses.add(new Use("SHA-256 32 B (init h, mixHash of an empty payload, ephemeral key id)", 6, () -> () -> Sha256.digest(name)[0],
      "SymmetricState(), msg 1 payload, vault key id of e"));
    byte[] d32 = new byte[32];
    byte[] d48 = new byte[48];
    byte[] dB = new byte[lb + 16];
    byte[] dA = new byte[la + 16];
    uses.add(new Use("SHA-256 h||32 B (mixHash e)", 4, () -> () -> Sha256.digest(h, d32, 0, 32)[0], "msg 1, msg 2"));
    uses.add(new Use("SHA-256 h||48 B (encrypted s)", 4, () -> () -> Sha256.digest(h, d48, 0, 48)[0], "msg 2, msg 3"));
    uses.add(new Use("SHA-256 h||" + dB.length + " B (encrypted payload B)", 2, () -> () -> Sha256.digest(h, dB, 0, dB.length)[0],
      "msg 2"));
    uses.add(new Use("SHA-256 h||" + dA.length + " B (encrypted payload A)", 2, () -> () -> Sha256.digest(h, dA, 0, dA.length)[0],
      "msg 3"));
    byte[] changeData = change.versionedData();
    byte[] attData = att.versionedData();
    uses.add(new Use("SHA-256 " + changeData.length + " B (change hash)", 2, () -> () -> Sha256.digest(changeData)[0],
      "Identity.importFrom"));
    uses.add(new Use("SHA-256 " + attData.length + " B (attestation data)", 2, () -> () -> Sha256.digest(attData)[0],
      "PurposeKeyAttestation.verify"));
    byte[] ck = Sha256.digest(d32);
    byte[] dh = Sha256.digest(d48);
    byte[] empty = new byte[0];
    uses.add(new Use("HKDF-SHA-256, 2 outputs (3 HMAC), 32 B ikm (MixKey)", 6, () -> () -> Hkdf.deriveKeys(ck, dh, 2)[1][0],
      "3 MixKey per side"));
    uses.add(new Use("HKDF-SHA-256, 2 outputs (3 HMAC), empty ikm (Split)", 2, () -> () -> Hkdf.deriveKeys(ck, empty, 2)[1][0],
      "split per side"));
    byte[] k = Sha256.digest(h);
    uses.add(new Use("AES-256-GCM encrypt 32 B, 32 B AAD (static key)", 2, () -> aesEncrypt(k, h, d32), "msg 2, msg 3"));
    uses.add(new Use("AES-256-GCM encrypt " + lb + " B (payload B)", 1, () -> aesEncrypt(k, h, f.payloadB), "msg 2"));
    uses.add(new Use("AES-256-GCM encrypt " + la + " B (payload A)", 1, () -> aesEncrypt(k, h, f.payloadA), "msg 3"));
    uses.add(new Use("AES-256-GCM decrypt 48 B (static key)", 2, () -> aesDecrypt(k, h, d32), "msg 2, msg 3"));
    uses.add(new Use("AES-256-GCM decrypt " + (lb + 16) + " B (payload B)", 1, () -> aesDecrypt(k, h, f.payloadB), "msg 2"));
    uses.add(new Use("AES-256-GCM decrypt " + (la + 16) + " B (payload A)", 1, () -> aesDecrypt(k, h, f.payloadA), "msg 3"));
    return uses;
  }

  /** Ops per run of an {@link Op}: the Ed25519 one verifies two signatures at a time. */
  static int opsPerRun(Use u) {
    return u.label().startsWith("Ed25519 verify") ? 2 : 1;
  }

  static Op aesEncrypt(byte[] key, byte[] aad, byte[] plaintext) {
    long[] n = {0};
    // a new nonce each time, as the handshake's counter does (SunJCE refuses a repeated key and nonce)
    return () -> AesGcm.encrypt(key, AesGcm.nonce(n[0]++), aad, plaintext)[0];
  }

  static Op aesDecrypt(byte[] key, byte[] aad, byte[] plaintext) {
    byte[] c = AesGcm.encrypt(key, AesGcm.nonce(0), aad, plaintext);
    return () -> {
      byte[] p = AesGcm.decrypt(key, AesGcm.nonce(0), aad, c, 0, c.length);
      return p.length == 0 ? 0 : p[0];
    };
  }

  private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.OperatingSystemMXBean OS =
    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /**
   * Runs {@code op} for about {@code seconds} after {@code warmupSeconds}; returns runs per second
   * of this thread's CPU time: the rate on a core of its own, whatever else runs on the machine.
   */
  static double rate(Op op, double warmupSeconds, double seconds) {
    long sink = 0;
    long end = System.nanoTime() + (long) (warmupSeconds * 1e9);
    long runs = 0;
    long t0 = System.nanoTime();
    while (System.nanoTime() < end) {
      sink += op.run();
      runs++;
    }
    // batches of about 1 ms, so reading the clock costs nothing next to the operation
    double perMs = runs / Math.max(1e-3, (System.nanoTime() - t0) / 1e6);
    int batch = (int) Math.max(1, Math.min(100_000, perMs));
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    long stop = System.nanoTime() + (long) (seconds * 1e9);
    long done = 0;
    do {
      for (int i = 0; i < batch; i++) {
        sink += op.run();
      }
      done += batch;
    } while (System.nanoTime() < stop);
    long cpu = THREADS.getCurrentThreadCpuTime() - cpu0;
    SINK.addAndGet(sink);
    return done / (cpu / 1e9);
  }

  /** One handshake's primitives, in the counted numbers. */
  static long runMix(List<Use> uses, List<Op> ops) {
    long sink = 0;
    for (int i = 0; i < uses.size(); i++) {
      int runs = uses.get(i).count() / opsPerRun(uses.get(i));
      Op op = ops.get(i);
      for (int r = 0; r < runs; r++) {
        sink += op.run();
      }
    }
    return sink;
  }

  /** Runs the mix on {@code threads} threads at once; returns mixes (handshakes' worth) per second, all threads together. */
  static double parallelMix(Fixture f, int threads, double warmupSeconds, double seconds) throws InterruptedException {
    AtomicLong total = new AtomicLong();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread th = new Thread(() -> {
        List<Use> uses = perHandshake(f);
        List<Op> ops = new ArrayList<>();
        for (Use u : uses) {
          ops.add(u.op().get());
        }
        long sink = 0;
        long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
        while (System.nanoTime() < warmEnd) {
          sink += runMix(uses, ops);
        }
        ready.countDown();
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        long n = 0;
        while (System.nanoTime() < window[1]) {
          sink += runMix(uses, ops);
          n++;
        }
        total.addAndGet(n);
        SINK.addAndGet(sink);
      }, "mix-" + t);
      ts.add(th);
      th.start();
    }
    ready.await();
    window[0] = System.nanoTime();
    window[1] = window[0] + (long) (seconds * 1e9);
    go.countDown();
    for (Thread th : ts) {
      th.join();
    }
    return total.get() / ((System.nanoTime() - window[0]) / 1e9);
  }

  /** The real crypto path of one handshake, both sides, on this thread: what the crypto workers run, without a node. */
  static long cryptoPath(Fixture f) {
    HandshakeState i = HandshakeState.initiator(f.a.vault(), f.a.secureChannelKey().keyId());
    HandshakeState r = HandshakeState.responder(f.b.vault(), f.b.secureChannelKey().keyId());
    long now = System.currentTimeMillis() / 1000;
    r.readMessage(i.writeMessage(new byte[0]));
    byte[] p2 = i.readMessage(r.writeMessage(Fixture.payload(f.b).encode()));
    verifyPeer(p2, i.getRemoteStaticPublicKey(), now);
    byte[] p3 = r.readMessage(i.writeMessage(Fixture.payload(f.a).encode()));
    verifyPeer(p3, r.getRemoteStaticPublicKey(), now);
    var ki = i.split();
    var kr = r.split();
    long x = ki.handshakeHash()[0] + kr.handshakeHash()[1];
    ki.destroy();
    kr.destroy();
    return x;
  }

  /** What {@code PeerVerification.handshakePayload} does with no authority configured. */
  static void verifyPeer(byte[] payload, byte[] remoteStatic, long now) {
    IdentityAndCredentials ic = IdentityAndCredentials.decode(payload);
    Identity peer = Identity.importFrom(ic.changeHistory());
    PurposeKeyAttestationData attested = PurposeKeyAttestation.decode(ic.purposeKeyAttestation())
      .verify(Purpose.SECURE_CHANNEL, peer, peer.identifier(), now);
    if (!Arrays.equals(attested.publicKey().x25519PublicKey(), remoteStatic)) {
      throw new IllegalStateException("key mismatch");
    }
  }

  // ---------------------------------------------------------------------------------------------

  static <T> T await(Future<T> f) {
    return Await.await(f, Duration.ofSeconds(600));
  }

  static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  static long failureTotal(SecureChannels c) {
    long n = 0;
    for (ChannelException.Reason r : ChannelException.Reason.values()) {
      n += c.failures(r);
    }
    return n;
  }

  static String failureDetail(SecureChannels c) {
    StringBuilder sb = new StringBuilder();
    for (ChannelException.Reason r : ChannelException.Reason.values()) {
      if (c.failures(r) > 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(r).append('=').append(c.failures(r));
      }
    }
    return sb.length() == 0 ? "none" : sb.toString();
  }

  /** Thread groups whose CPU time is reported per handshake, by the Linux thread name (15 characters at most). */
  static final String[][] GROUPS = {
    {"crypto workers", "ockam-crypto"}, {"event loops", "vert.x-eventloo"}, {"GC", "GC Thread", "VM Thread", "ParGC", "G1 "},
    {"JIT", "C1 CompilerThre", "C2 CompilerThre"}, {"JFR", "JFR"}, {"harness main", "main"}};

  /**
   * CPU time (user + system, in clock ticks of 10 ms) per thread group of this process, from
   * {@code /proc/self/task/*}/stat; empty where there is no such file (not Linux).
   */
  static Map<String, Long> threadGroupTicks() {
    Map<String, Long> out = new LinkedHashMap<>();
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return out;
    }
    for (java.io.File t : tasks) {
      String stat;
      try {
        stat = java.nio.file.Files.readString(new java.io.File(t, "stat").toPath());
      } catch (java.io.IOException gone) {
        continue; // the thread ended
      }
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      if (open < 0 || close < open) {
        continue;
      }
      String name = stat.substring(open + 1, close);
      String[] f = stat.substring(close + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      String group = "other";
      for (String[] g : GROUPS) {
        for (int i = 1; i < g.length; i++) {
          if (name.startsWith(g[i])) {
            group = g[0];
          }
        }
      }
      out.merge(group, ticks, Long::sum);
    }
    return out;
  }

  /** Per-handshake microseconds of each group between two snapshots. */
  static String cpuByGroup(Map<String, Long> before, Map<String, Long> after, int handshakes) {
    if (after.isEmpty()) {
      return "(no /proc/self/task: per-thread CPU not available)";
    }
    StringBuilder sb = new StringBuilder();
    List<String> order = new ArrayList<>();
    for (String[] g : GROUPS) {
      order.add(g[0]);
    }
    order.add("other");
    for (String g : order) {
      long d = after.getOrDefault(g, 0L) - before.getOrDefault(g, 0L);
      if (d > 0) {
        sb.append(sb.length() == 0 ? "" : ", ").append(g).append(' ')
          .append(String.format(Locale.ROOT, "%.0f", d * 10_000.0 / Math.max(1, handshakes)));
      }
    }
    return sb.toString();
  }

  /** The outcome of one round of handshakes. */
  record Round(double perSecond, int failed, double p50Ms, double maxMs, String firstError, double cpuUsPerHandshake,
               double coresUsed, String cpuByThreads) {
  }

  static Round round(Node a, Node b, SecureChannels ca, SecureChannels cb, Route toApi, SecureChannelOptions opts, int total,
                     int inFlight, Duration limit) throws InterruptedException {
    int workersA = a.listWorkers().size();
    int workersB = b.listWorkers().size();
    long respFailBefore = failureTotal(cb);
    int respBefore = cb.list().size();
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger next = new AtomicInteger();
    ConcurrentLinkedQueue<SecureChannel> made = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    long[] latencies = new long[total];
    Map<String, Long> ticks0 = threadGroupTicks();
    long cpu0 = OS.getProcessCpuTime();
    long start = System.nanoTime();
    Runnable[] launch = new Runnable[1];
    launch[0] = () -> {
      int i = next.getAndIncrement();
      if (i >= total) {
        return;
      }
      long t0 = System.nanoTime();
      ca.createSecureChannel(toApi, opts).onComplete(ar -> {
        latencies[i] = System.nanoTime() - t0;
        if (ar.succeeded()) {
          made.add(ar.result());
        } else {
          failed.incrementAndGet();
          if (errors.size() < 3) {
            errors.add(ar.cause().toString());
          }
        }
        done.countDown();
        launch[0].run(); // bounded in flight: one finished, the next starts
      });
    };
    for (int i = 0; i < Math.min(inFlight, total); i++) {
      launch[0].run();
    }
    boolean all = done.await(limit.toMillis(), TimeUnit.MILLISECONDS);
    // the responder is established when it has read message 3, after the initiator completed: wait
    // for every successful initiator's responder, or until every responder has an outcome
    int succeeded = total - failed.get();
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      int established = cb.list().size() - respBefore;
      if (established >= succeeded || established + failureTotal(cb) - respFailBefore >= total) {
        break;
      }
      Thread.sleep(2);
    }
    long end = System.nanoTime();
    long cpu = OS.getProcessCpuTime() - cpu0;
    Map<String, Long> ticks1 = threadGroupTicks();
    int responderMissing = Math.max(0, succeeded - (cb.list().size() - respBefore));
    if (!all) {
      errors.add((done.getCount()) + " handshakes did not complete within " + limit.toSeconds() + " s");
    }
    int fails = failed.get() + (int) done.getCount() + responderMissing;
    double perSecond = (total - fails) / ((end - start) / 1e9);
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    // close this round's channels, outside the timing, and wait until both nodes are back to the
    // workers they had before the round, so that no teardown runs into the next round
    long closeCpu0 = OS.getProcessCpuTime();
    List<Future<Void>> closes = new ArrayList<>();
    for (SecureChannel ch : made) {
      closes.add(ca.close(ch.encryptor()));
    }
    await(Future.join(closes));
    long closeDeadline = System.nanoTime() + limit.toNanos();
    while ((a.listWorkers().size() > workersA || b.listWorkers().size() > workersB) && System.nanoTime() < closeDeadline) {
      Thread.sleep(5);
    }
    double closeUs = (OS.getProcessCpuTime() - closeCpu0) / 1e3 / Math.max(1, made.size());
    Thread.sleep(100);
    return new Round(perSecond, fails, sorted[total / 2] / 1e6, sorted[total - 1] / 1e6, String.join("; ", errors),
      cpu / 1e3 / Math.max(1, total - fails), cpu / (double) (end - start),
      cpuByGroup(ticks0, ticks1, total - fails) + String.format(Locale.ROOT, "; closing them afterwards (not timed): %.0f us/channel", closeUs));
  }

  // ---------------------------------------------------------------------------------------------

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    opt.put("--handshakes", "1000");
    opt.put("--in-flight", "0");
    opt.put("--rounds", "3");
    opt.put("--warmup-rounds", "10");
    opt.put("--primitive-seconds", "1");
    opt.put("--timeout-seconds", "30");
    for (int i = 0; i < args.length; i += 2) {
      if (!opt.containsKey(args[i]) || i + 1 >= args.length) {
        System.err.println("usage: HandshakeHarness " + String.join(" ", opt.keySet().stream().map(k -> "[" + k + " N]").toList()));
        System.exit(2);
      }
      opt.put(args[i], args[i + 1]);
    }
    int total = Integer.parseInt(opt.get("--handshakes"));
    int inFlight = Integer.parseInt(opt.get("--in-flight"));
    inFlight = inFlight <= 0 ? total : Math.min(inFlight, total);
    int rounds = Integer.parseInt(opt.get("--rounds"));
    int warmupRounds = Integer.parseInt(opt.get("--warmup-rounds"));
    double secs = Double.parseDouble(opt.get("--primitive-seconds"));
    Duration timeout = Duration.ofSeconds(Long.parseLong(opt.get("--timeout-seconds")));
    int cores = Runtime.getRuntime().availableProcessors();
    int cryptoThreads = Integer.getInteger(CryptoWorkers.SIZE_PROPERTY, Math.max(2, cores));

    System.out.printf(Locale.ROOT, "JVM %s %s, %d cores available, crypto workers %d per node (2 nodes), load average %.2f%n",
      System.getProperty("java.vm.name"), System.getProperty("java.version"), cores, cryptoThreads,
      ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    Fixture f = new Fixture(ChannelIdentity.generate(), ChannelIdentity.generate());
    System.out.printf(Locale.ROOT, "identities: %s, change history %d B, attestation %d B, handshake payloads %d B / %d B%n",
      f.a.identity().primaryPublicKey().type(), f.a.identity().export().length, f.a.secureChannelKey().attestation().bytes().length,
      f.payloadA.length, f.payloadB.length);

    // --- 1. primitives ---------------------------------------------------------------------------
    // a first pass over the real crypto path (C2 compiles SHA-256, AES-GCM and BouncyCastle's field code)
    rate(() -> cryptoPath(f), Math.max(2, 2 * secs), 0.2);
    List<Use> uses = perHandshake(f);
    System.out.println();
    System.out.println("1. crypto primitives per handshake (both sides), each measured alone on one thread, in ops per second of"
      + " that thread's CPU time (what one core of its own does, whatever else runs on the machine)");
    System.out.printf(Locale.ROOT, "   %-62s %5s %12s %11s   %s%n", "primitive", "count", "ops/s", "us/handshake", "where");
    double costSeconds = 0;
    Map<String, Double> byFamily = new LinkedHashMap<>();
    for (Use u : uses) {
      double opsPerSec = rate(u.op().get(), Math.max(0.3, secs / 2), secs) * opsPerRun(u);
      double us = u.count() / opsPerSec * 1e6;
      costSeconds += us / 1e6;
      byFamily.merge(u.label().split("[ ,]")[0], us, Double::sum);
      System.out.printf(Locale.ROOT, "   %-62s %5d %12.0f %11.1f   %s%n", u.label(), u.count(), opsPerSec, us, u.where());
    }
    System.out.printf(Locale.ROOT, "   %-62s %5s %12s %11.1f%n", "total", "", "", costSeconds * 1e6);
    StringBuilder fam = new StringBuilder();
    for (Map.Entry<String, Double> e : byFamily.entrySet()) {
      fam.append(fam.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %.0f%%", e.getKey(), 100 * e.getValue() / (costSeconds * 1e6)));
    }
    System.out.println("   share: " + fam);
    System.out.println("   not in a handshake: Ed25519/P-256 signing (attestations are signed when the purpose key is made),");
    System.out.println("   P-256 anything (identities are Ed25519), credential checks (no authority configured)");
    double single = 1 / costSeconds;
    double bound = cores * single;
    System.out.printf(Locale.ROOT, "   primitive bound, one thread: %.0f handshakes/s; x %d cores: %.0f handshakes/s (= bound)%n", single,
      cores, bound);
    // as many threads as the two nodes have crypto workers: on a shared machine the scheduler gives
    // CPU per thread, so this is what the nodes' crypto could get from the machine now
    int mixThreads = 2 * cryptoThreads;
    double mix = parallelMix(f, mixThreads, Math.max(0.5, secs), 2 * secs);
    System.out.printf(Locale.ROOT, "   the same mix on %d threads at once (the two nodes' crypto workers), wall clock: %.0f handshakes/s"
      + " (%.2f of the bound: what this machine gives now)%n", mixThreads, mix, mix / bound);
    double path = rate(() -> cryptoPath(f), Math.max(0.5, secs / 2), 2 * secs);
    System.out.printf(Locale.ROOT, "   real crypto path without a node (HandshakeState + CBOR + verifyPeer, both sides), one thread: %.0f handshakes/s"
      + " (%.2f of one-thread primitive bound)%n", path, path / single);

    // --- 3. signatures: software, and a token when there is one -----------------------------------
    System.out.println();
    System.out.println("signatures (not part of a handshake; one thread, per CPU-second):");
    SoftwareVault sv = SoftwareVault.create();
    byte[] msg = Sha256.digest("handshake harness".getBytes(StandardCharsets.US_ASCII));
    KeyId p256 = sv.generateSigningKey(KeyType.P256);
    KeyId ed = sv.generateSigningKey(KeyType.ED25519);
    Signature p256Sig = sv.sign(p256, msg);
    VerifyingPublicKey p256Pub = sv.verifyingPublicKey(p256);
    double p256Signs = rate(() -> sv.sign(p256, msg).type().ordinal(), Math.max(0.3, secs / 2), secs);
    double p256Verifies = rate(() -> VerifyingVault.software().verify(p256Pub, msg, p256Sig) ? 1 : 0, Math.max(0.3, secs / 2), secs);
    double edSigns = rate(() -> sv.sign(ed, msg).type().ordinal(), Math.max(0.3, secs / 2), secs);
    System.out.printf(Locale.ROOT, "   software P-256 (ECDSA, RFC 6979) signs/s: %.0f   verifies/s: %.0f   (software Ed25519 signs/s: %.0f)%n",
      p256Signs, p256Verifies, edSigns);
    boolean pkcs11;
    try {
      Class.forName("io.ockamj.crypto.pkcs11.Pkcs11Vault");
      pkcs11 = true;
    } catch (ClassNotFoundException e) {
      pkcs11 = false;
    }
    System.out.println(pkcs11
      ? "   token: see crypto's VaultSignBench (software vs a SoftHSM2 token)"
      : "   token: n/a (no PKCS#11 vault in this build)");

    // --- 2. full handshakes between two nodes over TCP ---------------------------------------------
    System.out.println();
    System.out.printf(Locale.ROOT, "2. full handshakes, node a -> node b over one TCP connection on 127.0.0.1 (identity and purpose-key"
      + " verification on both sides): %d per round, %s, handshake timeout %d s%n", total,
      inFlight >= total ? "all started at once (not bounded)" : inFlight + " in flight at most", timeout.toSeconds());
    Vertx va = Vertx.vertx();
    Vertx vb = Vertx.vertx();
    Node a = await(Node.create(va, new NodeOptions().setName("a")));
    Node b = await(Node.create(vb, new NodeOptions().setName("b").setTcpListenerAddress("127.0.0.1:0")));
    SecureChannels ca = SecureChannels.create(a, f.a);
    SecureChannels cb = SecureChannels.create(b, f.b);
    SecureChannelOptions opts = new SecureChannelOptions().setTimeout(timeout);
    await(cb.createListener("api", opts));
    Route toApi = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api"));
    int failures = 0;
    List<Double> measured = new ArrayList<>();
    List<Double> cpuPer = new ArrayList<>();
    List<Double> coresShare = new ArrayList<>();
    for (int r = 0; r < warmupRounds + rounds; r++) {
      boolean warm = r < warmupRounds;
      Round res = round(a, b, ca, cb, toApi, opts, total, inFlight, timeout.plusSeconds(30));
      failures += res.failed();
      if (!warm) {
        measured.add(res.perSecond());
        cpuPer.add(res.cpuUsPerHandshake());
        coresShare.add(res.coresUsed());
      }
      System.out.printf(Locale.ROOT, "   %-7s %2d: %6.0f handshakes/s  latency p50 %6.0f ms, max %6.0f ms  CPU %5.0f us/handshake,"
          + " process on %.2f of %d cores  failures %d%s%n",
        warm ? "warm-up" : "round", warm ? r + 1 : r - warmupRounds + 1, res.perSecond(), res.p50Ms(), res.maxMs(),
        res.cpuUsPerHandshake(), res.coresUsed(), cores, res.failed(), res.firstError().isEmpty() ? "" : "  (" + res.firstError() + ")");
      System.out.println("              CPU us/handshake by threads: " + res.cpuByThreads());
    }
    System.out.printf(Locale.ROOT, "   failures counted by the channels: initiator %s; responder %s%n", failureDetail(ca), failureDetail(cb));
    System.out.printf(Locale.ROOT, "   crypto tasks run: node a %d, node b %d; load average now %.2f%n", CryptoWorkers.of(va).tasks(),
      CryptoWorkers.of(vb).tasks(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    await(a.close());
    await(b.close());
    await(va.close());
    await(vb.close());
    double mixAfter = parallelMix(f, mixThreads, Math.max(0.5, secs / 2), 2 * secs);
    double hs = median(measured);
    double cpuUs = median(cpuPer);
    double share = median(coresShare);
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    System.out.println();
    System.out.println("summary");
    System.out.printf(Locale.ROOT, "   full handshakes: median %.0f/s over %d rounds of %d; the process had %.2f of %d cores (load average %.2f)%n",
      hs, rounds, total, share, cores, load);
    System.out.printf(Locale.ROOT, "   primitive bound: %.0f/s = %d cores x %.0f/s (one thread, %.0f us of CPU per handshake)%n", bound, cores,
      single, costSeconds * 1e6);
    System.out.printf(Locale.ROOT, "   ratio, wall clock: %.2f%n", hs / bound);
    System.out.printf(Locale.ROOT, "   ratio, CPU accounting: %.2f = primitives %.0f us / %.0f us of process CPU per handshake (median);"
      + " with all %d cores that is %.0f handshakes/s%n", costSeconds * 1e6 / cpuUs, costSeconds * 1e6, cpuUs, cores, cores * 1e6 / cpuUs);
    System.out.printf(Locale.ROOT, "   what the machine gave: the primitive mix on %d threads, wall clock, %.0f/s before the rounds and %.0f/s after"
      + " (%.2f and %.2f of the bound)%n", mixThreads, mix, mixAfter, mix / bound, mixAfter / bound);
    System.out.printf(Locale.ROOT, "handshakes/s=%.0f bound/s=%.0f ratio=%.2f failures=%d%n", hs, bound, hs / bound, failures);
    System.exit(failures == 0 ? 0 : 1);
  }
}
