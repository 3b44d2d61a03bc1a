package io.ockamj.verticles.rendezvous;

import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.rendezvous.RendezvousRequest;
import io.ockamj.protocol.rendezvous.RendezvousResponse;
import io.ockamj.verticles.services.EchoWorker;
import io.ockamj.verticles.transport.udp.UdpBindInfo;
import io.ockamj.verticles.transport.udp.UdpTransport;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

/** A rendezvous service on a node bound to UDP 127.0.0.1:0, and clients over real UDP sockets. */
@ExtendWith(VertxExtension.class)
class RendezvousServiceIT {

  private final List<Node> nodes = new ArrayList<>();

  private Node node(Vertx vertx, String name) throws Exception {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setBuiltinServices(false)));
    nodes.add(n);
    return n;
  }

  @AfterEach
  void closeAll() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
  }

  /** Starts the service as {@code rendezvous create} does; returns the server bind. */
  private static UdpBindInfo server(Node n) throws Exception {
    await(RendezvousService.start(n, RendezvousService.ADDRESS));
    UdpBindInfo bind = await(UdpTransport.of(n).bind("127.0.0.1:0"));
    n.flowControls().addConsumer(Address.local(RendezvousService.ADDRESS), bind.flowControlId());
    return bind;
  }

  private static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }

  @Test
  void getMyAddressAndPing(Vertx vertx) throws Exception {
    UdpBindInfo server = server(node(vertx, "server"));
    Node c = node(vertx, "client");
    UdpBindInfo client = await(UdpTransport.of(c).bind("127.0.0.1:0"));
    assertThat(client.bindAddress()).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
    RendezvousClient rc = new RendezvousClient(client.senderAddress(),
      Route.of(Address.of(Address.UDP, server.bindAddress()), Address.local(RendezvousService.ADDRESS)));
    assertThat(await(rc.getMyAddress(c.context()))).isEqualTo(client.bindAddress());
    await(rc.ping(c.context()));
    // unbinding releases the port, and the bind's workers
    await(UdpTransport.of(c).unbind(client.senderAddress()));
    assertThat(c.isRegistered(client.senderAddress())).isFalse();
    assertThat(c.isRegistered(client.receiverAddress())).isFalse();
    // (the JDK frees a closed channel's socket once its selector has seen the cancelled key: soon, not at once)
    until("the port is free again", () -> {
      try (DatagramSocket again = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), port(client.bindAddress())))) {
        return again.getLocalPort() == port(client.bindAddress());
      } catch (java.net.SocketException inUse) {
        return false;
      }
    }, Duration.ofSeconds(10));
    // a port in use is refused, typed
    assertThat(failure(UdpTransport.of(c).bind(server.bindAddress()))).isInstanceOfSatisfying(NodeException.class,
      e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.ALREADY_EXISTS));
    assertThat(failure(UdpTransport.of(c).bind("::1:0"))).isInstanceOfSatisfying(NodeException.class,
      e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.INVALID));
  }

  @Test
  void garbageIsCountedAndTheServiceGoesOn(Vertx vertx) throws Exception {
    Node s = node(vertx, "server");
    UdpBindInfo server = server(s);
    try (DatagramSocket raw = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      InetSocketAddress to = new InetSocketAddress(InetAddress.getLoopbackAddress(), port(server.bindAddress()));
      byte[] garbage = "not cbor at all".getBytes(StandardCharsets.US_ASCII);
      raw.send(new DatagramPacket(garbage, garbage.length, to));
      until("the garbage datagram is counted", () -> s.drops().count(DropReason.MALFORMED) == 1, Duration.ofSeconds(10));
      // a well-formed datagram from a plain socket, written by hand: [1, 9, 0, true, <routing message>]
      // with the routing message [[[0, "rendezvous"]], [], h'820180'] (GetMyAddress, empty return route)
      byte[] routing = io.ockamj.protocol.testing.Vectors.hex("83" + "81" + "82004a" + "72656e64657a766f7573" + "80" + "43" + "820180");
      byte[] datagram = new byte[6 + routing.length];
      System.arraycopy(io.ockamj.protocol.testing.Vectors.hex("850109" + "00" + "f5" + "54"), 0, datagram, 0, 6);
      System.arraycopy(routing, 0, datagram, 6, routing.length);
      raw.send(new DatagramPacket(datagram, datagram.length, to));
      raw.setSoTimeout(10_000);
      DatagramPacket reply = new DatagramPacket(new byte[600], 600);
      raw.receive(reply);
      io.ockamj.protocol.udp.UdpTransportMessage part = io.ockamj.protocol.udp.UdpDatagramCodec.decode(
        java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
      io.ockamj.protocol.TransportMessage m = io.ockamj.protocol.TcpFrameCodec.decode(part.payload());
      assertThat(m.onwardRoute().isEmpty()).isTrue();
      assertThat(RendezvousResponse.decode(m.payload()))
        .isEqualTo(new RendezvousResponse.MyAddress("127.0.0.1:" + raw.getLocalPort()));
    }
    // and a node client still gets its answer
    Node c = node(vertx, "client");
    UdpBindInfo client = await(UdpTransport.of(c).bind("127.0.0.1:0"));
    RendezvousClient rc = new RendezvousClient(client.senderAddress(),
      Route.of(Address.of(Address.UDP, server.bindAddress()), Address.local(RendezvousService.ADDRESS)));
    assertThat(await(rc.getMyAddress(c.context()))).isEqualTo(client.bindAddress());
    // a request that is no rendezvous request is counted too, and answered by nothing
    long before = s.drops().count(DropReason.MALFORMED);
    await(c.context().send(Route.of(client.senderAddress(), Address.of(Address.UDP, server.bindAddress()),
      Address.local(RendezvousService.ADDRESS)), new byte[] {0x01}));
    until("the bad request is counted", () -> s.drops().count(DropReason.MALFORMED) == before + 1, Duration.ofSeconds(10));
  }

  @Test
  void largeMessagesAreCutAndReassembled(Vertx vertx) throws Exception {
    Node s = node(vertx, "server");
    await(s.startWorker(io.ockamj.node.WorkerOptions.of(EchoWorker.ADDRESS), new EchoWorker()));
    UdpBindInfo server = await(UdpTransport.of(s).bind("127.0.0.1:0"));
    s.flowControls().addConsumer(Address.local(EchoWorker.ADDRESS), server.flowControlId());
    Node c = node(vertx, "client");
    UdpBindInfo client = await(UdpTransport.of(c).bind("127.0.0.1:0"));
    byte[] payload = new byte[5000];
    new java.util.Random(1).nextBytes(payload);
    Routed reply = await(c.context().sendAndReceive(Route.of(client.senderAddress(),
      Address.of(Address.UDP, server.bindAddress()), Address.local(EchoWorker.ADDRESS)), payload, Duration.ofSeconds(10)));
    assertThat(reply.payload()).isEqualTo(payload);
    // the reply came back through the client's bind, from the server's socket
    assertThat(reply.returnRoute().get(0)).isEqualTo(client.senderAddress());
    assertThat(reply.returnRoute().get(1)).isEqualTo(Address.of(Address.UDP, server.bindAddress()));
  }

  @Test
  void aWorkerThatIsNoConsumerGetsNothing(Vertx vertx) throws Exception {
    Node s = node(vertx, "server");
    await(RendezvousService.start(s, RendezvousService.ADDRESS));
    UdpBindInfo server = await(UdpTransport.of(s).bind("127.0.0.1:0"));
    Node c = node(vertx, "client");
    UdpBindInfo client = await(UdpTransport.of(c).bind("127.0.0.1:0"));
    RendezvousClient rc = new RendezvousClient(client.senderAddress(),
      Route.of(Address.of(Address.UDP, server.bindAddress()), Address.local(RendezvousService.ADDRESS)), Duration.ofMillis(500));
    assertThat(failure(rc.ping(c.context()))).isInstanceOfSatisfying(NodeException.class,
      e -> assertThat(e.kind()).isEqualTo(NodeException.Kind.TIMEOUT));
    until("the denial is counted", () -> s.drops().count(DropReason.DENIED_OUTGOING) >= 1, Duration.ofSeconds(10));
  }

  @Test
  void resolvingAUdpAddressBindsToThatPeer(Vertx vertx) throws Exception {
    UdpBindInfo server = server(node(vertx, "server"));
    Node c = node(vertx, "client");
    // as Rust's UdpTransport::create: the transport is registered when first used
    UdpTransport.of(c);
    Routed reply = await(c.context().sendAndReceive(Route.of(Address.of(Address.UDP, "localhost:" + port(server.bindAddress())),
      Address.local(RendezvousService.ADDRESS)), RendezvousRequest.PING.encode(), Duration.ofSeconds(10)));
    assertThat(RendezvousResponse.decode(reply.payload())).isEqualTo(RendezvousResponse.PONG);
    assertThat(UdpTransport.of(c).binds()).singleElement().satisfies(b -> assertThat(b.peer()).isEqualTo(server.bindAddress()));
  }

  @Test
  void refusalsAreTypedAndCounted(Vertx vertx) throws Exception {
    Node s = node(vertx, "server");
    UdpBindInfo server = server(s);
    Node c = node(vertx, "client");
    UdpBindInfo client = await(UdpTransport.of(c).bind("127.0.0.1:0"));
    // the hop after the sender must be a UDP address with a port (the sender refuses; send only hands it over)
    await(c.context().send(Route.of(client.senderAddress(), Address.local("rendezvous")), new byte[] {1}));
    await(c.context().send(Route.of(client.senderAddress(), Address.of(Address.UDP, "127.0.0.1:0"),
      Address.local("rendezvous")), new byte[] {1}));
    until("both refusals are counted", () -> c.drops().count(DropReason.NO_ROUTE) == 2, Duration.ofSeconds(10));
    // a message whose next hop on the server is not local is dropped there, not forwarded
    await(c.context().send(Route.of(client.senderAddress(), Address.of(Address.UDP, server.bindAddress()),
      Address.tcp("127.0.0.1:1"), Address.local("echo")), new byte[] {1}));
    until("the non-local hop is counted", () -> s.drops().count(DropReason.NO_ROUTE) == 1, Duration.ofSeconds(10));
    // a bind with a fixed peer takes datagrams from that peer only
    UdpBindInfo toServer = await(UdpTransport.of(c).bind("127.0.0.1:0", server.bindAddress()));
    try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      byte[] d = RendezvousRequest.PING.encode();
      other.send(new DatagramPacket(d, d.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port(toServer.bindAddress()))));
      until("the stranger's datagram is counted", () -> c.drops().count(DropReason.DENIED_INCOMING) == 1, Duration.ofSeconds(10));
    }
    // and through it the route needs no UDP hop
    RendezvousClient rc = new RendezvousClient(toServer.senderAddress(), Route.of(Address.local(RendezvousService.ADDRESS)));
    assertThat(await(rc.getMyAddress(c.context()))).isEqualTo(toServer.bindAddress());
  }

  @Test
  void healthcheckAnswersAliveAfterAPing(Vertx vertx) throws Exception {
    Node s = node(vertx, "server");
    UdpBindInfo server = server(s);
    RendezvousHealthcheck hc = new RendezvousHealthcheck(s, server.bindAddress());
    String tcp = await(hc.start("127.0.0.1:0"));
    try (Socket socket = new Socket("127.0.0.1", port(tcp))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo(RendezvousHealthcheck.ALIVE);
    }
    // the check's bind is gone again; the server's stays
    until("the check unbound", () -> UdpTransport.of(s).binds().size() == 1, Duration.ofSeconds(10));
    await(hc.stop());
  }
}
