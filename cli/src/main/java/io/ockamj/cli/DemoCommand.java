package io.ockamj.cli;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.portal.Inlet;
import io.ockamj.verticles.portal.InletOptions;
import io.ockamj.verticles.portal.OutletOptions;
import io.ockamj.verticles.portal.Portals;
import io.ockamj.verticles.relay.RelaySession;
import io.ockamj.verticles.relay.RelaySessionOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.FileHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * {@code ockam demo}: the main job. Starts a relay node, an outlet node in front of a local TCP
 * service and an inlet node — each in its own Vert.x instance, talking over real sockets on
 * 127.0.0.1 — then moves data client → inlet → secure channel through the relay → outlet → service,
 * checks a SHA-256 of what arrived and prints the throughput.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
  description = "Run a secure TCP portal through a relay on 127.0.0.1, push data through it, check its SHA-256 "
    + "and print the throughput.")
final class DemoCommand implements Callable<Integer> {

  @Option(names = "--megabytes", defaultValue = "100", description = "How much data to send, in MB (default: ${DEFAULT-VALUE}).")
  int megabytes;

  private static final int CHUNK = 64 * 1024;

  @Override
  public Integer call() throws Exception {
    // the nodes' log goes to a file: the terminal gets the demo's lines, and on failure one line
    // with the reason and where the log is
    Path log = Files.createTempFile("ockam-demo-", ".log");
    Logger root = Logger.getLogger("");
    Handler[] consoles = root.getHandlers();
    FileHandler file = new FileHandler(log.toString());
    file.setFormatter(new SimpleFormatter());
    file.setLevel(Level.ALL);
    for (Handler h : consoles) {
      root.removeHandler(h);
    }
    root.addHandler(file);
    try {
      int code = run();
      Files.deleteIfExists(log);
      return code;
    } catch (Exception e) {
      String reason = ExitCodes.describe(e);
      Logger.getLogger(DemoCommand.class.getName()).log(Level.SEVERE, "the demo failed", e);
      throw new ExitCodes.CliException(ExitCodes.of(e) == ExitCodes.OK ? ExitCodes.FAILURE : ExitCodes.of(e),
        "demo failed: " + reason + " (log: " + log + ")");
    } finally {
      root.removeHandler(file);
      file.close();
      for (Handler h : consoles) {
        root.addHandler(h);
      }
    }
  }

  private int run() throws Exception {
    // like background nodes: one event loop per two cores, so that a message's workers rarely hop threads
    VertxOptions small = new VertxOptions().setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
    Vertx relayVertx = Vertx.vertx(small);
    Vertx outletVertx = Vertx.vertx(small);
    Vertx inletVertx = Vertx.vertx(small);
    Vertx appVertx = Vertx.vertx(small);
    try {
      // the service behind the outlet: reads a length, then that many bytes, and answers their SHA-256
      NetServer service = await(appVertx.createNetServer().connectHandler(DemoCommand::serve).listen(0, "127.0.0.1"));
      String serviceAddress = "127.0.0.1:" + service.actualPort();
      say("service      listening on %s (answers the SHA-256 of what it receives)", serviceAddress);

      Node relay = await(Node.create(relayVertx, new NodeOptions().setName("relay").setTcpListenerAddress("127.0.0.1:0")));
      say("relay node   listening on %s, relay service at forwarding_service", relay.tcpListenerAddress());

      ChannelIdentity outletId = await(outletVertx.executeBlocking(ChannelIdentity::generate));
      ChannelIdentity inletId = await(inletVertx.executeBlocking(ChannelIdentity::generate));
      Identifier outletIdentifier = outletId.identity().identifier();
      Identifier inletIdentifier = inletId.identity().identifier();

      // the outlet node has no listener at all: it is reachable only through its relay
      Node outletNode = await(Node.create(outletVertx, new NodeOptions().setName("outlet-node")));
      SecureChannels outletChannels = SecureChannels.create(outletNode, outletId);
      await(outletChannels.createListener(SecureChannels.DEFAULT_LISTENER,
        new SecureChannelOptions().setTrustPolicy(TrustPolicy.trustIdentifiers(inletIdentifier))));
      await(Portals.create(outletNode).createOutlet("outlet", serviceAddress, new OutletOptions()));
      RelaySession session = await(RelaySession.start(outletNode, Route.of(Address.tcp(relay.tcpListenerAddress())), "outlet-node",
        new RelaySessionOptions()));
      await(session.whenUp());
      say("outlet node  identity %s, outlet -> %s, relay forward_to_outlet-node registered", outletIdentifier, serviceAddress);

      Node inletNode = await(Node.create(inletVertx, new NodeOptions().setName("inlet-node")));
      SecureChannels inletChannels = SecureChannels.create(inletNode, inletId);
      MultiAddr toOutletNode = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + port(relay.tcpListenerAddress())
        + "/service/forward_to_outlet-node/secure/api");
      SecureChannels.SecureRoute viaRelay = await(inletChannels.resolve(toOutletNode,
        new SecureChannelOptions().setTrustPolicy(TrustPolicy.trustIdentifiers(outletIdentifier))));
      SecureChannel channel = viaRelay.channels().get(0);
      Inlet inlet = await(Portals.create(inletNode).createInlet("127.0.0.1:0", Route.of(channel.encryptor(), Address.local("outlet")),
        new InletOptions()));
      say("inlet node   identity %s, inlet on %s -> %s/service/outlet", inletIdentifier, inlet.bindAddress(), toOutletNode);
      say("secure channel inlet-node <-> outlet-node established through the relay; the relay sees only ciphertext");

      long bytes = (long) megabytes * 1_000_000L;
      say("sending %d MB: client -> inlet -> relay -> outlet -> service ...", megabytes);
      Result r = await(push(appVertx, inlet.bindAddress(), bytes));
      say("sha256 sent     %s", r.sent);
      say("sha256 received %s", r.received);
      if (!r.sent.equals(r.received)) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "the bytes that arrived differ from those sent");
      }
      System.out.printf(Locale.ROOT, "OK: %d MB through the portal in %.2f s = %.1f MB/s (%.0f Mbit/s), every byte intact%n",
        megabytes, r.seconds, bytes / r.seconds / 1e6, bytes * 8 / r.seconds / 1e6);
      await(session.close());
      for (Node n : List.of(inletNode, outletNode, relay)) {
        await(n.close());
      }
      return ExitCodes.OK;
    } finally {
      for (Vertx v : List.of(inletVertx, outletVertx, relayVertx, appVertx)) {
        v.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void say(String format, Object... args) {
    System.out.println(String.format(Locale.ROOT, format, args));
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
  }

  private record Result(String sent, String received, double seconds) {
  }

  /** The service: 8-byte length, then the data; replies with the SHA-256 of the data. */
  private static void serve(NetSocket socket) {
    MessageDigest digest = sha256();
    long[] expected = {-1};
    long[] got = {0};
    Buffer header = Buffer.buffer();
    socket.handler(chunk -> {
      int from = 0;
      if (expected[0] < 0) {
        int need = 8 - header.length();
        header.appendBuffer(chunk.slice(0, Math.min(need, chunk.length())));
        if (header.length() < 8) {
          return;
        }
        expected[0] = header.getLong(0);
        from = need;
      }
      int n = chunk.length() - from;
      if (n > 0) {
        digest.update(chunk.getBytes(from, chunk.length()));
        got[0] += n;
      }
      if (got[0] == expected[0]) {
        socket.write(Buffer.buffer(digest.digest()));
      }
    });
  }

  /** The client: connects to the inlet, streams the data with back-pressure, waits for the digest. */
  private static Future<Result> push(Vertx vertx, String inlet, long bytes) {
    Promise<Result> result = Promise.promise();
    MessageDigest sent = sha256();
    byte[] block = new byte[CHUNK];
    SplittableRandom random = new SplittableRandom(2024);
    long start = System.nanoTime();
    vertx.createNetClient().connect(port(inlet), "127.0.0.1").onComplete(ar -> {
      if (ar.failed()) {
        result.fail(ar.cause());
        return;
      }
      NetSocket s = ar.result();
      Buffer reply = Buffer.buffer();
      s.handler(b -> {
        reply.appendBuffer(b);
        if (reply.length() >= 32) {
          double seconds = (System.nanoTime() - start) / 1e9;
          result.tryComplete(new Result(HexFormat.of().formatHex(sent.digest()), HexFormat.of().formatHex(reply.getBytes(0, 32)), seconds));
          s.close();
        }
      });
      s.exceptionHandler(result::tryFail);
      s.closeHandler(v -> result.tryFail(new IllegalStateException("the portal closed the connection before the service answered")));
      s.write(Buffer.buffer().appendLong(bytes));
      long[] left = {bytes};
      Runnable[] pump = new Runnable[1];
      io.vertx.core.Context here = vertx.getOrCreateContext();
      pump[0] = () -> {
        // a few chunks per event-loop turn: the write queue's fullness is updated by events of this
        // same loop, so looping until it is full could buffer everything in memory at once
        for (int batch = 0; batch < 8 && left[0] > 0 && !s.writeQueueFull(); batch++) {
          int n = (int) Math.min(CHUNK, left[0]);
          for (int i = 0; i < n; i += 8) {
            long v = random.nextLong();
            for (int k = 0; k < 8 && i + k < n; k++) {
              block[i + k] = (byte) (v >>> (8 * k));
            }
          }
          sent.update(block, 0, n);
          s.write(Buffer.buffer(n).appendBytes(block, 0, n));
          left[0] -= n;
        }
        if (left[0] > 0) {
          if (s.writeQueueFull()) {
            s.drainHandler(v -> pump[0].run());
          } else {
            s.drainHandler(null);
            here.runOnContext(v -> pump[0].run());
          }
        }
      };
      pump[0].run();
    });
    return result.future();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
