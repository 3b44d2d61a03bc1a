package io.ockamj.verticles.transport.tcp;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Nodes talking over real TCP sockets on 127.0.0.1. */
@ExtendWith(VertxExtension.class)
class TcpTransportIT {

  private final List<Node> nodes = new ArrayList<>();

  private Node node(Vertx vertx, String name) throws Exception {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    return n;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  /** Records what arrives at a worker and passes it on like hop does. */
  static final class RecordingHop implements Worker {
    final List<LocalMessage> seen = Collections.synchronizedList(new ArrayList<>());

    @Override
    public Future<Void> handleMessage(NodeContext c, Routed m) {
      seen.add(m.message());
      return c.forward(m.message().stepForward(m.messageAddress()), m.messageAddress());
    }
  }

  @Test
  void threeNodesThroughAHop(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    Node c = node(vertx, "c");
    RecordingHop onB = new RecordingHop();
    RecordingHop onC = new RecordingHop();
    await(b.startWorker(WorkerOptions.of("rec"), onB));
    await(c.startWorker(WorkerOptions.of("rec"), onC));
    // flow control: rec is reachable from TCP peers, and on B it receives the reply from C
    for (Node n : List.of(b, c)) {
      n.flowControls().addConsumer(Address.local("rec"), n.tcpListenerFlowControlId());
      TcpTransport.of(n).addOutgoingConsumer(Address.local("rec"));
    }
    Route route = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("rec"), Address.tcp(c.tcpListenerAddress()),
      Address.local("rec"), Address.local("echo"));
    NodeContext ctx = a.context();
    await(ctx.send(route, "across".getBytes(StandardCharsets.UTF_8)));
    Routed reply = await(ctx.receive(Duration.ofSeconds(10)));
    assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).isEqualTo("across");

    // on B: onward [rec, 1#C, rec, echo]; return [<B's sender for the connection from A>, ctx]
    LocalMessage atB = onB.seen.get(0);
    assertThat(atB.onwardRoute()).isEqualTo(Route.of(Address.local("rec"), Address.tcp(c.tcpListenerAddress()), Address.local("rec"), Address.local("echo")));
    assertThat(atB.returnRoute().size()).isEqualTo(2);
    assertThat(atB.returnRoute().get(1)).isEqualTo(ctx.address());
    assertThat(b.isRegistered(atB.returnRoute().get(0))).isTrue();
    // on C: onward [rec, echo]; return [<C's sender back to B>, rec, <B's sender back to A>, ctx]
    LocalMessage atC = onC.seen.get(0);
    assertThat(atC.onwardRoute()).isEqualTo(Route.of("rec", "echo"));
    assertThat(atC.returnRoute().size()).isEqualTo(4);
    assertThat(atC.returnRoute().get(1)).isEqualTo(Address.local("rec"));
    assertThat(atC.returnRoute().get(2)).isEqualTo(atB.returnRoute().get(0));
    assertThat(c.isRegistered(atC.returnRoute().get(0))).isTrue();
    // the reply came back on A from the connection to B; its return route leads back to echo on C
    assertThat(reply.returnRoute().size()).isEqualTo(5);
    assertThat(reply.returnRoute().recipient()).isEqualTo(Address.local("echo"));
    assertThat(a.isRegistered(reply.returnRoute().get(0))).isTrue();
  }

  @Test
  void aThousandConcurrentRequestsOverOneConnection(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    int n = 1000;
    List<Future<Routed>> replies = new ArrayList<>();
    Route route = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo"));
    for (int i = 0; i < n; i++) {
      replies.add(a.context().sendAndReceive(route, ("m" + i).getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(20)));
    }
    await(Future.all(replies));
    Set<String> got = new HashSet<>();
    for (Future<Routed> f : replies) {
      got.add(new String(f.result().payload(), StandardCharsets.UTF_8));
    }
    assertThat(got).hasSize(n);
    assertThat(TcpTransport.of(a).connections()).hasSize(1);
  }

  @Test
  void unreachablePeerFailsWithAClearError(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    assertThatThrownBy(() -> await(a.context().sendAndReceive(Route.of(Address.tcp("127.0.0.1:1"), Address.local("echo")), new byte[0])))
      .isInstanceOf(NodeException.class).hasMessageContaining("cannot connect to 127.0.0.1:1");
  }

  @Test
  void largeMessagesUpToTheLimitGoThrough(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    byte[] big = new byte[TcpFrameCodec.MAX_MESSAGE_SIZE - 64];
    new java.util.Random(1).nextBytes(big);
    Routed r = await(a.context().sendAndReceive(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo")), big));
    assertThat(r.payload()).isEqualTo(big);
  }

  @Test
  void aMessageTooLargeForTcpIsRefusedAloneAndTheConnectionGoesOn(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    Route echo = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo"));
    assertThat(await(a.context().sendAndReceive(echo, "before".getBytes())).payload()).isEqualTo("before".getBytes());
    List<TcpConnectionInfo> before = TcpTransport.of(a).connections();
    byte[] tooBig = new byte[TcpFrameCodec.MAX_MESSAGE_SIZE];
    assertThatThrownBy(() -> await(a.context().sendAndReceive(echo, tooBig, java.time.Duration.ofMillis(500))))
      .hasMessageContaining("no message arrived");
    assertThat(await(a.context().sendAndReceive(echo, "after".getBytes())).payload()).isEqualTo("after".getBytes());
    assertThat(TcpTransport.of(a).connections()).extracting(TcpConnectionInfo::senderAddress)
      .containsExactlyElementsOf(before.stream().map(TcpConnectionInfo::senderAddress).toList());
  }

  /** A raw socket to a node, with its handlers installed before any byte can arrive. */
  record Raw(NetSocket socket, List<Buffer> received, io.vertx.core.Promise<Void> closed) {
  }

  private Raw raw(Vertx vertx, Node target) throws Exception {
    String[] hp = TcpTransport.splitHostPort(target.tcpListenerAddress());
    List<Buffer> received = Collections.synchronizedList(new ArrayList<>());
    io.vertx.core.Promise<Void> closed = io.vertx.core.Promise.promise();
    return await(vertx.createNetClient().connect(Integer.parseInt(hp[1]), hp[0]).map(s -> {
      s.handler(received::add);
      s.closeHandler(v -> closed.tryComplete());
      return new Raw(s, received, closed);
    }));
  }

  private static Buffer frame(TransportMessage m) {
    byte[] body = TcpFrameCodec.encode(m);
    return Buffer.buffer().appendInt(body.length).appendBytes(body);
  }

  private void assertClosedByPeer(Raw r) throws Exception {
    await(r.closed().future());
  }

  @Test
  void badInputClosesOnlyTheOffendingConnection(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = node(vertx, "b");
    Route toEcho = Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo"));
    // a healthy connection from A to B first
    assertThat(await(a.context().sendAndReceive(toEcho, new byte[] {1})).payload()).containsExactly(1);

    List<Buffer> attacks = List.of(
      Buffer.buffer().appendByte((byte) 7),                                       // wrong version byte
      Buffer.buffer().appendByte((byte) 1).appendInt(TcpFrameCodec.MAX_MESSAGE_SIZE + 1), // over the limit
      Buffer.buffer().appendByte((byte) 1).appendInt(4).appendBytes(new byte[] {(byte) 0xff, 1, 2, 3}), // garbage CBOR
      Buffer.buffer().appendByte((byte) 1).appendBuffer(frame(new TransportMessage(
        Route.of(Address.tcp("10.0.0.1:80"), Address.local("echo")), Route.of("x"), new byte[0], null))), // non-local next hop
      Buffer.buffer().appendByte((byte) 1).appendBuffer(frame(new TransportMessage(
        Route.of(Address.of(9, "weird")), Route.of("x"), new byte[0], null))));       // unknown transport type
    for (Buffer attack : attacks) {
      Raw s = raw(vertx, b);
      s.socket().write(attack);
      assertClosedByPeer(s);
    }
    // truncated frame: the peer hangs up mid-frame; B logs it and stays up
    NetSocket t = raw(vertx, b).socket();
    Buffer f = frame(new TransportMessage(Route.of("echo"), Route.of("x"), new byte[100], null));
    await(t.write(Buffer.buffer().appendByte((byte) 1).appendBuffer(f.slice(0, 50))));
    await(t.close());

    // an empty onward route is a heartbeat: ignored, the connection stays open
    Raw hbRaw = raw(vertx, b);
    NetSocket hb = hbRaw.socket();
    List<Buffer> received = hbRaw.received();
    await(hb.write(Buffer.buffer().appendByte((byte) 1).appendBuffer(frame(new TransportMessage(Route.empty(), Route.of("x"), new byte[0], null)))
      .appendBuffer(frame(new TransportMessage(Route.of("echo"), Route.of("me"), "still here".getBytes(StandardCharsets.UTF_8), null)))));
    // the version byte, then the echoed frame whole: its length prefix and as many bytes as it says
    until("the echo's frame arrived whole", () -> {
      Buffer sofar = joined(received);
      return sofar.length() >= 5 && sofar.length() >= 5 + sofar.getInt(1);
    }, Duration.ofSeconds(5));
    Buffer in = joined(received);
    assertThat(in.getByte(0)).isEqualTo((byte) 1);
    TransportMessage echoed = TcpFrameCodec.decode(in.getBytes(5, 5 + in.getInt(1)));
    assertThat(new String(echoed.payload(), StandardCharsets.UTF_8)).isEqualTo("still here");
    assertThat(echoed.onwardRoute()).isEqualTo(Route.of("me"));
    await(hb.close());

    // the first connection and the node still work
    assertThat(await(a.context().sendAndReceive(toEcho, new byte[] {2})).payload()).containsExactly(2);
    assertThat(TcpTransport.of(a).connections()).hasSize(1);
  }

  @Test
  void connectionsAreClosedWithTheNode(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    Node b = await(Node.create(vertx, new NodeOptions().setName("b").setTcpListenerAddress("127.0.0.1:0")));
    await(a.context().sendAndReceive(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("echo")), new byte[0]));
    assertThat(TcpTransport.of(a).connections()).hasSize(1);
    await(b.close());
    until("A's connection and its sender and receiver are gone", () -> TcpTransport.of(a).connections().isEmpty()
      && a.listWorkers().stream().noneMatch(w -> w.type().equals("Sender") || w.type().equals("Receiver")), Duration.ofSeconds(5));
    assertThat(TcpTransport.of(a).connections()).isEmpty();
    assertThat(a.listWorkers()).noneMatch(w -> w.type().equals("Sender") || w.type().equals("Receiver"));
  }

  /**
   * A peer that writes its version byte and a first frame the moment it accepts, as a Rust listener
   * may: not a byte may be lost while our side sets the connection up (a socket without a handler
   * drops what it reads, and this used to happen to the version byte now and then).
   */
  @Test
  void aListenerThatWritesAtOnceLosesNoByte(Vertx vertx) throws Exception {
    Node a = node(vertx, "a");
    byte[] hello = "from the listener".getBytes(StandardCharsets.UTF_8);
    byte[] first = TcpFrameCodec.encodeFrame(new TransportMessage(Route.of("echo"), Route.of("back"), hello, null));
    List<Buffer> received = Collections.synchronizedList(new ArrayList<>());
    io.vertx.core.net.NetServer eager = await(vertx.createNetServer().connectHandler(s -> {
      Buffer all = Buffer.buffer();
      received.add(all);
      s.handler(b -> {
        synchronized (all) {
          all.appendBuffer(b);
        }
      });
      s.write(Buffer.buffer(new byte[] {TcpFrameCodec.PROTOCOL_VERSION}).appendBytes(first));
    }).listen(0, "127.0.0.1"));
    try {
      TcpTransport tcp = TcpTransport.of(a);
      for (int i = 0; i < 20; i++) {
        TcpConnectionInfo c = await(tcp.connect("127.0.0.1:" + eager.actualPort()));
        int index = i;
        // our version byte, then echo's answer to the listener's first frame
        until("connection " + index + " got echo's answer",
          () -> received.size() > index && contains(bytesOf(received.get(index)), hello), Duration.ofSeconds(5));
        byte[] got = bytesOf(received.get(index));
        assertThat(contains(got, hello)).as("connection %d got echo's answer", index).isTrue();
        assertThat(got[0]).isEqualTo((byte) TcpFrameCodec.PROTOCOL_VERSION);
        await(tcp.disconnect(c.senderAddress()));
        until("connection " + index + " is gone", () -> tcp.connections().stream().noneMatch(x -> x.senderAddress().equals(c.senderAddress())),
          Duration.ofSeconds(5));
      }
    } finally {
      await(eager.close());
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  private static byte[] bytesOf(Buffer appendedByAnotherThread) {
    synchronized (appendedByAnotherThread) {
      return appendedByAnotherThread.getBytes();
    }
  }

  /** What a raw socket received so far; its handler appends from the event loop meanwhile. */
  private static Buffer joined(List<Buffer> received) {
    Buffer all = Buffer.buffer();
    synchronized (received) {
      received.forEach(all::appendBuffer);
    }
    return all;
  }
}
