package io.ockamj.cli;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** message send over a plain socket: a real node on 127.0.0.1 answers it as it answers a client node. */
@ExtendWith(VertxExtension.class)
class DirectTcpSendTest {

  @Test
  void onlyOneTcpHopThenWorkers() {
    assertThat(DirectTcpSend.of(Route.of(Address.tcp("127.0.0.1:1"), Address.local("echo")))).isPresent();
    assertThat(DirectTcpSend.of(Route.of(Address.tcp("127.0.0.1:1"), Address.local("hop"), Address.local("echo")))).isPresent();
    assertThat(DirectTcpSend.of(Route.of(Address.tcp("127.0.0.1:1")))).isEmpty();
    assertThat(DirectTcpSend.of(Route.of(Address.local("echo")))).isEmpty();
    assertThat(DirectTcpSend.of(Route.of(Address.tcp("127.0.0.1:1"), Address.local("hop"), Address.tcp("127.0.0.1:2"),
      Address.local("echo")))).isEmpty();
  }

  @Test
  void aNodeAnswersThroughItsListener(Vertx vertx) throws Exception {
    Node node = await(Node.create(vertx, new NodeOptions().setName("n").setTcpListenerAddress("127.0.0.1:0")));
    try {
      Address tcp = Address.tcp(node.tcpListenerAddress());
      byte[] reply = DirectTcpSend.of(Route.of(tcp, Address.local("uppercase"))).orElseThrow()
        .exchange("hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
      assertThat(new String(reply, StandardCharsets.UTF_8)).isEqualTo("HELLO");
      byte[] twoHops = DirectTcpSend.of(Route.of(tcp, Address.local("hop"), Address.local("echo"))).orElseThrow()
        .exchange(new byte[] {0, 1, 2}, Duration.ofSeconds(10));
      assertThat(twoHops).containsExactly(0, 1, 2);
      // a message the node drops (no such worker) gets no reply: a timeout, not a hang
      assertThatThrownBy(() -> DirectTcpSend.of(Route.of(tcp, Address.local("nobody"))).orElseThrow()
        .exchange(new byte[] {1}, Duration.ofMillis(300)))
        .isInstanceOf(DirectTcpSend.NoReply.class).hasMessageContaining("within 300 ms");
    } finally {
      await(node.close());
    }
  }

  @Test
  void nothingListeningIsNotConnected() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> DirectTcpSend.of(Route.of(Address.tcp("127.0.0.1:" + port), Address.local("echo"))).orElseThrow()
      .exchange(new byte[] {1}, Duration.ofSeconds(5)))
      .isInstanceOf(DirectTcpSend.NotConnected.class);
  }

  @Test
  void aPeerThatBreaksTheProtocolIsAnErrorNotAHang() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Route route = Route.of(Address.tcp("127.0.0.1:" + server.getLocalPort()), Address.local("echo"));
      // announces a frame over the 16 MiB limit: refused before anything is allocated for it
      CompletableFuture<Void> peer = answer(server, new byte[] {1, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      assertThatThrownBy(() -> DirectTcpSend.of(route).orElseThrow().exchange(new byte[] {1}, Duration.ofSeconds(10)))
        .isInstanceOf(IOException.class).isNotInstanceOf(DirectTcpSend.NoReply.class).hasMessageContaining("malformed frame");
      peer.get();
      // another protocol version
      peer = answer(server, new byte[] {2});
      assertThatThrownBy(() -> DirectTcpSend.of(route).orElseThrow().exchange(new byte[] {1}, Duration.ofSeconds(10)))
        .isInstanceOf(IOException.class).hasMessageContaining("TCP protocol version 2");
      peer.get();
      // closes after the version byte
      peer = answer(server, new byte[] {(byte) TcpFrameCodec.PROTOCOL_VERSION});
      assertThatThrownBy(() -> DirectTcpSend.of(route).orElseThrow().exchange(new byte[] {1}, Duration.ofSeconds(10)))
        .isInstanceOf(IOException.class).hasMessageContaining("closed before a reply");
      peer.get();
    }
  }

  /** Accepts one connection, reads what the client sent, writes {@code bytes} and closes. */
  private static CompletableFuture<Void> answer(ServerSocket server, byte[] bytes) {
    return CompletableFuture.runAsync(() -> {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        assertThat(in.read()).isEqualTo(TcpFrameCodec.PROTOCOL_VERSION);
        byte[] header = in.readNBytes(TcpFrameCodec.LENGTH_PREFIX_SIZE);
        in.readNBytes(TcpFrameCodec.readFrameLength(header, 0));
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }
}
