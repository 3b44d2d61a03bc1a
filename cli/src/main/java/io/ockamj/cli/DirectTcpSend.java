package io.ockamj.cli;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.transport.tcp.TcpTransport;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code message send} along a route that is one TCP hop followed by workers on the node it
 * reaches ({@code /ip4/HOST/tcp/PORT/service/echo}, {@code /node/NAME/service/hop/service/echo}):
 * the Ockam TCP protocol spoken over a plain blocking socket on the command's thread (the protocol
 * version byte, then length-prefixed CBOR frames, decoded by {@link TcpFrameCodec}), instead of a
 * Vert.x instance and a client node, which cost such a command most of its start-up. The node on
 * the other end sees the same TCP connection and message as from a client node.
 *
 * <p>Routes with a secure channel or more transport hops go through a client node as before.
 */
final class DirectTcpSend {

  private final String hostPort;
  private final Route onward;

  private DirectTcpSend(String hostPort, Route onward) {
    this.hostPort = hostPort;
    this.onward = onward;
  }

  /**
   * The direct exchange a transport route allows.
   *
   * @param route the route, e.g. {@code [1#127.0.0.1:4000, 0#echo]}
   * @return empty unless the route is a TCP address followed by at least one local address and nothing else
   */
  static Optional<DirectTcpSend> of(Route route) {
    if (route.size() < 2 || route.next().transportType() != Address.TCP) {
      return Optional.empty();
    }
    Route rest = route.step();
    for (Address a : rest) {
      if (!a.isLocal()) {
        return Optional.empty();
      }
    }
    return Optional.of(new DirectTcpSend(route.next().innerText(), rest));
  }

  /** The connection could not be made: nothing was sent. */
  static final class NotConnected extends IOException {
    private static final long serialVersionUID = 1L;

    NotConnected(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** No reply within the timeout. */
  static final class NoReply extends IOException {
    private static final long serialVersionUID = 1L;

    NoReply(String message) {
      super(message);
    }
  }

  /**
   * Sends a payload and waits for the first message addressed back to this exchange.
   *
   * @param payload the message's payload
   * @param timeout how long to wait for the connection and the reply, together
   * @return the reply's payload
   * @throws NotConnected if the connection could not be made (nothing was sent)
   * @throws NoReply if no reply came in time
   * @throws IOException if the connection failed or closed after the message was sent, or the peer
   *     sent a malformed frame
   */
  byte[] exchange(byte[] payload, Duration timeout) throws IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String[] hp = TcpTransport.splitHostPort(hostPort);
    InetSocketAddress to = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
    // this exchange's return address: the node answers on this connection, which nothing else reaches
    // (no other worker listens here), so it need only differ from the node's own addresses; not drawn
    // from the secure random source, whose set-up is a good part of this short command
    byte[] id = new byte[16];
    java.util.concurrent.ThreadLocalRandom.current().nextBytes(id);
    Address self = Address.local(java.util.HexFormat.of().formatHex(id));
    byte[] frame = TcpFrameCodec.encodeFrame(new TransportMessage(onward, Route.of(self), payload, null));
    try (Socket socket = new Socket()) {
      try {
        socket.connect(to, (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
      } catch (IOException e) {
        throw new NotConnected("cannot connect to " + hostPort + ": " + e.getMessage(), e);
      }
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      byte[] first = new byte[1 + frame.length];
      first[0] = (byte) TcpFrameCodec.PROTOCOL_VERSION;
      System.arraycopy(frame, 0, first, 1, frame.length);
      out.write(first);
      out.flush();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      try {
        setTimeout(socket, deadline);
        int version = in.read();
        if (version != TcpFrameCodec.PROTOCOL_VERSION) {
          throw new IOException(version < 0 ? "the connection to " + hostPort + " closed before a reply"
            : "the peer at " + hostPort + " speaks TCP protocol version " + version + ", not " + TcpFrameCodec.PROTOCOL_VERSION);
        }
        byte[] header = new byte[TcpFrameCodec.LENGTH_PREFIX_SIZE];
        while (true) {
          setTimeout(socket, deadline);
          readFully(in, header);
          // bounded (at most MAX_MESSAGE_SIZE) before the body is allocated
          TransportMessage m;
          try {
            byte[] body = new byte[TcpFrameCodec.readFrameLength(header, 0)];
            setTimeout(socket, deadline);
            readFully(in, body);
            m = TcpFrameCodec.decode(body);
          } catch (DecodeException e) {
            throw new IOException("the peer at " + hostPort + " sent a malformed frame: " + e.getMessage(), e);
          }
          // a frame with an empty onward route is a heartbeat; others are not for this exchange
          if (!m.onwardRoute().isEmpty() && m.onwardRoute().next().equals(self)) {
            return m.payload();
          }
        }
      } catch (SocketTimeoutException e) {
        throw new NoReply("no reply from " + hostPort + " within " + timeout.toMillis() + " ms");
      } catch (EOFException e) {
        throw new IOException("the connection to " + hostPort + " closed before a reply", e);
      }
    }
  }

  private static void setTimeout(Socket socket, long deadline) throws IOException {
    long left = (deadline - System.nanoTime()) / 1_000_000;
    if (left <= 0) {
      throw new SocketTimeoutException();
    }
    socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
  }

  private static void readFully(InputStream in, byte[] b) throws IOException {
    int off = 0;
    while (off < b.length) {
      int n = in.read(b, off, b.length - off);
      if (n < 0) {
        throw new EOFException();
      }
      off += n;
    }
  }
}
