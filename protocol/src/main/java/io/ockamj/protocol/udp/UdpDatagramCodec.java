package io.ockamj.protocol.udp;

import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.errors.OckamException;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes and decodes the datagrams of Ockam's UDP transport (Rust {@code ockam_transport_udp},
 * {@code messages/transport_message.rs} and {@code workers/sender.rs}).
 * <p>
 * A routing message ({@link TransportMessage}, encoded exactly like a TCP frame body:
 * {@code [onward, return, payload, tracing?]}) is cut into parts of at most {@link #MAX_PAYLOAD_SIZE}
 * bytes; each part travels as one datagram, the CBOR array
 * {@code [version u8, routing_number u16, offset u32, is_last bool, payload bstr]}, at most
 * {@link #MAX_ON_THE_WIRE_SIZE} bytes.
 */
public final class UdpDatagramCodec {

  /** The protocol version senders write. */
  public static final int CURRENT_VERSION = 1;
  /** The largest datagram Ockam sends or reads (RFC 1122's 576-byte IP packet less headers). */
  public static final int MAX_ON_THE_WIRE_SIZE = 508;
  /** The largest part of a routing message in one datagram. */
  public static final int MAX_PAYLOAD_SIZE = 493;
  /** The largest encoded routing message: 16 MiB, as for TCP. */
  public static final int MAX_MESSAGE_SIZE = TcpFrameCodec.MAX_MESSAGE_SIZE;

  private UdpDatagramCodec() {
  }

  /**
   * Encodes one datagram.
   *
   * @param m the part
   * @return its CBOR bytes
   */
  public static byte[] encode(UdpTransportMessage m) {
    CborWriter w = new CborWriter(m.payload().length + 20);
    w.array(5).u64(m.version()).u64(m.routingNumber()).u64(m.offset()).bool(m.isLast()).bytes(m.payload());
    return w.toByteArray();
  }

  /**
   * Decodes one datagram. Lenient as minicbor is: an indefinite-length array and extra trailing
   * elements are accepted; the version is not checked (Rust's receiver does not either).
   *
   * @param datagram the received bytes
   * @return the part
   * @throws DecodeException if the datagram is longer than {@link #MAX_ON_THE_WIRE_SIZE}, malformed,
   *   truncated, or followed by extra bytes
   */
  public static UdpTransportMessage decode(byte[] datagram) {
    if (datagram.length > MAX_ON_THE_WIRE_SIZE) {
      throw new DecodeException("UDP datagram of " + datagram.length + " bytes exceeds " + MAX_ON_THE_WIRE_SIZE);
    }
    CborReader r = new CborReader(datagram);
    int n = r.readArrayHeader();
    if (n != -1 && n < 5) {
      throw new DecodeException("UDP datagram: expected 5 elements, found " + n);
    }
    int version = (int) r.readU64(0xFF);
    int routingNumber = (int) r.readU64(0xFFFF);
    long offset = r.readU64(0xFFFF_FFFFL);
    boolean isLast = r.readBool();
    byte[] payload = r.readBytes(MAX_ON_THE_WIRE_SIZE);
    if (n == -1) {
      while (!r.peekBreak()) {
        r.skip();
      }
      r.readBreak();
    } else {
      for (int i = 5; i < n; i++) {
        r.skip();
      }
    }
    r.expectEnd();
    return new UdpTransportMessage(version, routingNumber, offset, isLast, payload);
  }

  /**
   * Encodes a routing message and cuts it into datagrams, as Rust's sender does.
   *
   * @param message the routing message
   * @param routingNumber its routing number, 0..65535
   * @return the datagrams, in order (at least one)
   * @throws OckamException if the encoded message is larger than {@link #MAX_MESSAGE_SIZE}
   */
  public static List<byte[]> split(TransportMessage message, int routingNumber) {
    byte[] data = TcpFrameCodec.encode(message);
    if (data.length > MAX_MESSAGE_SIZE) {
      throw new OckamException("UDP routing message of " + data.length + " bytes exceeds " + MAX_MESSAGE_SIZE);
    }
    List<byte[]> out = new ArrayList<>(data.length / MAX_PAYLOAD_SIZE + 1);
    int offset = 0;
    while (offset < data.length) {
      int length = Math.min(MAX_PAYLOAD_SIZE, data.length - offset);
      boolean last = offset + length == data.length;
      byte[] part = java.util.Arrays.copyOfRange(data, offset, offset + length);
      out.add(encode(new UdpTransportMessage(CURRENT_VERSION, routingNumber, offset, last, part)));
      offset += length;
    }
    return out;
  }

  /**
   * Compares routing numbers as Rust's {@code RoutingNumber} does: on a circle of 65536, a number is
   * newer than the 32767 numbers before it (so 0 is newer than 65535).
   *
   * @param a a routing number
   * @param b another
   * @return negative if {@code a} is older than {@code b}, 0 if equal, positive if newer
   */
  public static int compareRoutingNumbers(int a, int b) {
    if (a == b) {
      return 0;
    }
    int opposite = a + 0x8000;
    if (opposite > 0xFFFF) {
      opposite -= 0x10000;
      return a > b && b > opposite ? 1 : -1;
    }
    return a < b && b <= opposite ? -1 : 1;
  }
}
