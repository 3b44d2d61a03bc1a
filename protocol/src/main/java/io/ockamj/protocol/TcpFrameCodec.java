package io.ockamj.protocol;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.errors.OckamException;

import java.util.ArrayList;
import java.util.List;

/**
 * The body of an Ockam TCP frame: a {@link TransportMessage} as the CBOR array
 * {@code [onward_route, return_route, payload, tracing_context?]}, each route an array of
 * {@code [transport_type, address_bytes]} pairs.
 * <p>
 * On the wire every body is preceded by its length as a u32 big-endian; a body may not exceed
 * {@link #MAX_MESSAGE_SIZE}. We write three elements (no tracing context) unless the message
 * carries one; we accept three or four, and {@code null} in the fourth position.
 */
public final class TcpFrameCodec {

  /** The largest frame body Ockam sends or accepts: 16 MiB. */
  public static final int MAX_MESSAGE_SIZE = 16 * 1024 * 1024;
  /** The protocol-version byte each side writes once when a connection opens. */
  public static final int PROTOCOL_VERSION = 1;
  /** The size of the big-endian length that precedes every frame body. */
  public static final int LENGTH_PREFIX_SIZE = 4;

  private static final byte[] EMPTY = new byte[0];

  private TcpFrameCodec() {
  }

  /**
   * Encodes a message as a frame body (without the length prefix).
   *
   * @param message the message
   * @return the CBOR bytes
   */
  public static byte[] encode(TransportMessage message) {
    return encodeToWriter(message).toByteArray();
  }

  /**
   * Encodes a message as a frame body into a writer sized for it, so that the caller can copy the
   * body straight from {@link CborWriter#buffer()} into a socket buffer.
   *
   * @param message the message
   * @return the writer holding the CBOR bytes
   */
  public static CborWriter encodeToWriter(TransportMessage message) {
    String tracing = message.tracingContext();
    CborWriter w = new CborWriter(message.payload().length + 16 + routeSizeEstimate(message.onwardRoute())
      + routeSizeEstimate(message.returnRoute()) + (tracing == null ? 0 : 8 + tracing.length() * 3));
    writeBeforePayload(w, message);
    w.bytes(message.payload());
    if (tracing != null) {
      w.text(tracing);
    }
    return w;
  }

  /**
   * Encodes a complete frame except the payload bytes, for writers that copy the payload straight
   * from the message into a socket buffer: the frame is {@code prefix}, then the payload, then
   * {@code suffix}, and the length prefix already counts all three.
   *
   * @param message the message
   * @return the parts around the payload
   * @throws OckamException if the body would be larger than {@link #MAX_MESSAGE_SIZE}
   */
  public static FrameParts encodeFrameParts(TransportMessage message) {
    String tracing = message.tracingContext();
    int payloadLength = message.payload().length;
    CborWriter head = new CborWriter(16 + routeSizeEstimate(message.onwardRoute()) + routeSizeEstimate(message.returnRoute()));
    writeBeforePayload(head, message);
    head.bytesHead(payloadLength);
    byte[] suffix = EMPTY;
    if (tracing != null) {
      suffix = new CborWriter(8 + tracing.length() * 3).text(tracing).toByteArray();
    }
    long bodyLength = (long) head.size() + payloadLength + suffix.length;
    if (bodyLength > MAX_MESSAGE_SIZE) {
      throw new OckamException("TCP frame of " + bodyLength + " bytes exceeds " + MAX_MESSAGE_SIZE);
    }
    byte[] prefix = new byte[LENGTH_PREFIX_SIZE + head.size()];
    int n = (int) bodyLength;
    prefix[0] = (byte) (n >>> 24);
    prefix[1] = (byte) (n >>> 16);
    prefix[2] = (byte) (n >>> 8);
    prefix[3] = (byte) n;
    System.arraycopy(head.buffer(), 0, prefix, LENGTH_PREFIX_SIZE, head.size());
    return new FrameParts(prefix, suffix, n);
  }

  /** The body's array header and both routes: everything before the payload. */
  private static void writeBeforePayload(CborWriter w, TransportMessage message) {
    w.array(message.tracingContext() == null ? 3 : 4);
    writeRoute(w, message.onwardRoute());
    writeRoute(w, message.returnRoute());
  }

  /**
   * A frame around its payload: see {@link #encodeFrameParts}.
   *
   * @param prefix the length prefix and the CBOR before the payload bytes
   * @param suffix the CBOR after the payload bytes (the tracing context, usually empty)
   * @param bodyLength the body length the prefix announces
   */
  public record FrameParts(byte[] prefix, byte[] suffix, int bodyLength) {

    /**
     * @return the size of the whole frame, length prefix included
     */
    public int frameSize() {
      return LENGTH_PREFIX_SIZE + bodyLength;
    }
  }

  /**
   * An upper bound of the CBOR size of a route whose addresses are ASCII (non-ASCII addresses may
   * exceed it; writers grow then): for sizing buffers on the data path.
   *
   * @param route the route
   * @return the estimate in bytes
   */
  public static int routeSizeEstimate(Route route) {
    int n = 5;
    for (Address a : route) {
      n += 12 + a.innerText().length();
    }
    return n;
  }

  /**
   * Encodes a message as a complete frame: the body's length as a u32 big-endian, then the body.
   *
   * @param message the message
   * @return the frame bytes
   * @throws OckamException if the body is larger than {@link #MAX_MESSAGE_SIZE} (Rust refuses to send it)
   */
  public static byte[] encodeFrame(TransportMessage message) {
    byte[] body = encode(message);
    if (body.length > MAX_MESSAGE_SIZE) {
      throw new OckamException("TCP frame of " + body.length + " bytes exceeds " + MAX_MESSAGE_SIZE);
    }
    byte[] frame = new byte[LENGTH_PREFIX_SIZE + body.length];
    frame[0] = (byte) (body.length >>> 24);
    frame[1] = (byte) (body.length >>> 16);
    frame[2] = (byte) (body.length >>> 8);
    frame[3] = (byte) body.length;
    System.arraycopy(body, 0, frame, LENGTH_PREFIX_SIZE, body.length);
    return frame;
  }

  /**
   * Reads and checks the length prefix of a frame.
   *
   * @param header at least {@link #LENGTH_PREFIX_SIZE} bytes from {@code offset}
   * @param offset where the prefix starts
   * @return the announced body length, 0..{@link #MAX_MESSAGE_SIZE}
   * @throws DecodeException if the announced length is over {@link #MAX_MESSAGE_SIZE}
   */
  public static int readFrameLength(byte[] header, int offset) {
    long n = ((header[offset] & 0xFFL) << 24) | ((header[offset + 1] & 0xFF) << 16)
      | ((header[offset + 2] & 0xFF) << 8) | (header[offset + 3] & 0xFF);
    if (n > MAX_MESSAGE_SIZE) {
      throw new DecodeException("TCP frame header announces " + n + " bytes, over " + MAX_MESSAGE_SIZE);
    }
    return (int) n;
  }

  /**
   * Writes a route as a CBOR array of addresses.
   *
   * @param w the writer
   * @param route the route
   */
  public static void writeRoute(CborWriter w, Route route) {
    w.array(route.size());
    for (Address a : route) {
      writeAddress(w, a);
    }
  }

  /**
   * Writes an address as the CBOR array {@code [transport_type, bytes]}.
   *
   * @param w the writer
   * @param a the address
   */
  public static void writeAddress(CborWriter w, Address a) {
    w.array(2).u64(a.transportType());
    byte[] inner = a.innerUnsafe();
    w.bytes(inner, 0, inner.length);
  }

  /**
   * Decodes a frame body.
   *
   * @param body the CBOR bytes (at most {@link #MAX_MESSAGE_SIZE})
   * @return the message
   * @throws DecodeException if the body is malformed or too large
   */
  public static TransportMessage decode(byte[] body) {
    if (body.length > MAX_MESSAGE_SIZE) {
      throw new DecodeException("TCP frame of " + body.length + " bytes exceeds " + MAX_MESSAGE_SIZE);
    }
    CborReader r = new CborReader(body);
    int n = r.readArrayHeader();
    if (n != -1 && n < 3) {
      throw new DecodeException("TCP frame: expected at least 3 elements, found " + n);
    }
    Route onward = readRoute(r);
    Route ret = readRoute(r);
    byte[] payload = r.readBytes(MAX_MESSAGE_SIZE);
    return new TransportMessage(onward, ret, payload, readRest(r, n));
  }

  /** Reads what follows the payload (the optional tracing context, ignored extra elements) to the end. */
  private static String readRest(CborReader r, int n) {
    String tracing = null;
    int read = 3;
    if (n == -1 ? !r.peekBreak() : n > 3) {
      if (r.peekNull()) {
        r.readNull();
      } else {
        tracing = r.readText(MAX_MESSAGE_SIZE);
      }
      read++;
    }
    // lenient like minicbor: ignore further elements
    if (n == -1) {
      while (!r.peekBreak()) {
        r.skip();
      }
      r.readBreak();
    } else {
      for (; read < n; read++) {
        r.skip();
      }
    }
    r.expectEnd();
    return tracing;
  }

  /**
   * What precedes the payload bytes in a frame body: lets a reader of a stream decode a large frame
   * without holding the whole body, reading the payload straight into its own array.
   *
   * @param elements the number of elements the body's array announces (-1: indefinite length)
   * @param onwardRoute the onward route
   * @param returnRoute the return route
   * @param headLength the bytes of the body before the payload's content
   * @param payloadLength the payload length
   */
  public record FrameHead(int elements, Route onwardRoute, Route returnRoute, int headLength, int payloadLength) {

    /**
     * @param bodyLength the body length from the frame's length prefix
     * @return the bytes of the body after the payload
     */
    public int tailLength(int bodyLength) {
      return bodyLength - headLength - payloadLength;
    }
  }

  /**
   * Decodes the head of a frame body from its first bytes.
   *
   * @param buf holds the first bytes of the body
   * @param off where they start
   * @param len how many there are
   * @param bodyLength the whole body's length
   * @return the head, or {@code null} when these bytes do not hold a well-formed head followed by a
   *   definite-length payload that fits in the body: the caller then decodes the whole body with
   *   {@link #decode(byte[])}, which reports what is wrong
   */
  public static FrameHead decodeHead(byte[] buf, int off, int len, int bodyLength) {
    try {
      CborReader r = new CborReader(buf, off, len, CborReader.DEFAULT_MAX_ITEMS);
      int n = r.readArrayHeader();
      if (n != -1 && n < 3) {
        return null;
      }
      Route onward = readRoute(r);
      Route ret = readRoute(r);
      long payloadLength = r.readBytesHead();
      int headLength = r.position() - off;
      if (payloadLength < 0 || headLength + payloadLength > bodyLength) {
        return null;
      }
      return new FrameHead(n, onward, ret, headLength, (int) payloadLength);
    } catch (DecodeException e) {
      return null;
    }
  }

  /**
   * Completes the decoding of a body whose head was decoded by {@link #decodeHead}: the same message
   * {@link #decode(byte[])} returns for the whole body.
   *
   * @param head the decoded head
   * @param payload the payload bytes (not copied)
   * @param tail the body's bytes after the payload
   * @return the message
   * @throws DecodeException if the tail is malformed
   */
  public static TransportMessage decode(FrameHead head, byte[] payload, byte[] tail) {
    if (payload.length != head.payloadLength()) {
      throw new IllegalArgumentException("payload of " + payload.length + " bytes where the head announces " + head.payloadLength());
    }
    String tracing = readRest(new CborReader(tail), head.elements());
    return new TransportMessage(head.onwardRoute(), head.returnRoute(), payload, tracing);
  }

  /**
   * Reads a CBOR array of addresses.
   *
   * @param r the reader
   * @return the route
   * @throws DecodeException if malformed or longer than {@link Route#MAX_HOPS}
   */
  public static Route readRoute(CborReader r) {
    int n = r.readArrayHeader();
    if (n > Route.MAX_HOPS) {
      throw new DecodeException("route of " + n + " hops exceeds " + Route.MAX_HOPS);
    }
    List<Address> hops = new ArrayList<>(n < 0 ? 4 : n);
    for (int i = 0; n < 0 ? !r.peekBreak() : i < n; i++) {
      if (hops.size() >= Route.MAX_HOPS) {
        throw new DecodeException("route exceeds " + Route.MAX_HOPS + " hops");
      }
      hops.add(readAddress(r));
    }
    if (n < 0) {
      r.readBreak();
    }
    return Route.of(hops);
  }

  /**
   * Reads an address {@code [transport_type, bytes]}.
   *
   * @param r the reader
   * @return the address
   * @throws DecodeException if malformed
   */
  public static Address readAddress(CborReader r) {
    int n = r.readArrayHeader();
    if (n != -1 && n < 2) {
      throw new DecodeException("address: expected 2 elements, found " + n);
    }
    int tt = (int) r.readU64(255);
    byte[] inner = r.readBytes(Address.MAX_INNER_LENGTH);
    if (n < 0) {
      while (!r.peekBreak()) {
        r.skip();
      }
      r.readBreak();
    } else {
      for (int i = 2; i < n; i++) {
        r.skip();
      }
    }
    return Address.of(tt, inner);
  }
}
