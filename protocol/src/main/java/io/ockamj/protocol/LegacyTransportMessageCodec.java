package io.ockamj.protocol;

import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.ArrayList;
import java.util.List;

/**
 * The legacy BARE encoding of a {@link TransportMessage}, still used by the UDS, WebSocket and BLE
 * transports and by old peers (the TCP transport uses CBOR, see {@link TcpFrameCodec}).
 * <p>
 * Layout: version byte ({@code 1} or {@code 2}), onward route, return route (each a varint count of
 * BARE addresses: {@code u8} transport type, varint length, bytes), payload (varint length + bytes),
 * then a tracing-context flag byte ({@code 0} = none, {@code 1} = followed by a varint-length UTF-8
 * string).
 * <p>
 * Decoding follows Rust's {@code TransportMessage::decode_message}: dispatch on the version byte;
 * version 1 ignores everything after the payload; version 2 takes a missing flag byte, a flag other
 * than {@code 1} or an unreadable string as "no tracing context" and ignores trailing bytes; any
 * other version is rejected. Every count and length is checked against a limit before allocating.
 */
public final class LegacyTransportMessageCodec {

  private static final System.Logger LOG = System.getLogger(LegacyTransportMessageCodec.class.getName());

  /** Version 1: no tracing context (the Rust v1 encoder still writes a {@code 0} flag byte). */
  public static final int VERSION_1 = 1;
  /** Version 2: with an optional tracing context. */
  public static final int VERSION_2 = 2;
  /** The version Rust writes by default ({@code LATEST_PROTOCOL_VERSION}). */
  public static final int LATEST_VERSION = VERSION_2;
  /** The largest payload (and tracing context) accepted by the decoder: 16 MiB. */
  public static final int MAX_PAYLOAD_SIZE = 16 * 1024 * 1024;

  private LegacyTransportMessageCodec() {
  }

  /**
   * Encodes a message as version {@link #LATEST_VERSION}.
   *
   * @param message the message
   * @return the encoded bytes
   */
  public static byte[] encode(TransportMessage message) {
    return encode(LATEST_VERSION, message);
  }

  /**
   * Encodes a message with the given version byte, as Rust does: the tracing-context flag byte (and
   * the context, if any) is always written, whatever the version.
   *
   * @param version the version byte, 0..255 (only 1 and 2 decode)
   * @param message the message
   * @return the encoded bytes
   * @throws IllegalArgumentException if the version does not fit in a byte
   */
  public static byte[] encode(int version, TransportMessage message) {
    BareWriter w = body(version, message);
    String tracing = message.tracingContext();
    if (tracing == null) {
      w.u8(0);
    } else {
      w.u8(1).string(tracing);
    }
    return w.toByteArray();
  }

  /**
   * Encodes a message without the trailing tracing-context flag byte, as the Elixir implementation
   * writes version 1. Rust decodes it (for version 2 a missing flag counts as "none").
   *
   * @param version the version byte, 0..255
   * @param message the message, without tracing context
   * @return the encoded bytes
   * @throws IllegalArgumentException if the message has a tracing context or the version does not fit in a byte
   */
  public static byte[] encodeWithoutTracingFlag(int version, TransportMessage message) {
    if (message.tracingContext() != null) {
      throw new IllegalArgumentException("a tracing context needs the flag byte");
    }
    return body(version, message).toByteArray();
  }

  private static BareWriter body(int version, TransportMessage message) {
    if (version < 0 || version > 255) {
      throw new IllegalArgumentException("version out of range: " + version);
    }
    BareWriter w = new BareWriter();
    w.u8(version);
    writeRoute(w, message.onwardRoute());
    writeRoute(w, message.returnRoute());
    w.data(message.payload());
    return w;
  }

  /**
   * Decodes a message.
   *
   * @param bytes the encoded message
   * @return the version and message
   * @throws DecodeException if the input is empty, the version is not 1 or 2, or the routes or
   *   payload are malformed, truncated or over their limits
   */
  public static LegacyTransportMessage decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new DecodeException("empty buffer, no transport message received");
    }
    int version = bytes[0] & 0xFF;
    if (version != VERSION_1 && version != VERSION_2) {
      throw new DecodeException("Unsupported version: " + version);
    }
    BareReader r = new BareReader(bytes, 1, bytes.length - 1);
    Route onward = readRoute(r);
    Route ret = readRoute(r);
    byte[] payload = r.data(MAX_PAYLOAD_SIZE);
    String tracing = null;
    if (version == VERSION_2 && r.remaining() > 0 && r.u8() == 1) {
      tracing = readTracingContext(r);
    }
    return new LegacyTransportMessage(version, new TransportMessage(onward, ret, payload, tracing));
  }

  // Rust reads the context with read_str(...) and turns a failure into None
  private static String readTracingContext(BareReader r) {
    try {
      return r.string(MAX_PAYLOAD_SIZE);
    } catch (DecodeException e) {
      LOG.log(System.Logger.Level.DEBUG, "ignoring unreadable tracing context: {0}", e.getMessage());
      return null;
    }
  }

  /**
   * Writes a route: varint count, then each address in BARE form.
   *
   * @param w the writer
   * @param route the route
   */
  public static void writeRoute(BareWriter w, Route route) {
    w.varint(route.size());
    for (Address a : route) {
      writeAddress(w, a);
    }
  }

  /**
   * Writes an address: {@code u8} transport type, varint length, bytes.
   *
   * @param w the writer
   * @param address the address
   */
  public static void writeAddress(BareWriter w, Address address) {
    w.u8(address.transportType());
    w.data(address.innerUnsafe());
  }

  /**
   * Reads a route.
   *
   * @param r the reader
   * @return the route
   * @throws DecodeException if malformed, truncated or longer than {@link Route#MAX_HOPS}
   */
  public static Route readRoute(BareReader r) {
    int n = r.length(Route.MAX_HOPS);
    List<Address> hops = new ArrayList<>(Math.min(n, r.remaining()));
    for (int i = 0; i < n; i++) {
      hops.add(readAddress(r));
    }
    return Route.of(hops);
  }

  /**
   * Reads an address.
   *
   * @param r the reader
   * @return the address
   * @throws DecodeException if truncated or longer than {@link Address#MAX_INNER_LENGTH}
   */
  public static Address readAddress(BareReader r) {
    int tt = r.u8();
    return Address.of(tt, r.data(Address.MAX_INNER_LENGTH));
  }

  /**
   * @param address an address
   * @return its BARE form
   */
  public static byte[] encodeAddress(Address address) {
    BareWriter w = new BareWriter();
    writeAddress(w, address);
    return w.toByteArray();
  }

  /**
   * Decodes an address that fills the whole input.
   *
   * @param bytes the BARE form
   * @return the address
   * @throws DecodeException if malformed or followed by trailing bytes
   */
  public static Address decodeAddress(byte[] bytes) {
    BareReader r = new BareReader(bytes);
    Address a = readAddress(r);
    r.expectEnd();
    return a;
  }

  /**
   * @param route a route
   * @return its BARE form
   */
  public static byte[] encodeRoute(Route route) {
    BareWriter w = new BareWriter();
    writeRoute(w, route);
    return w.toByteArray();
  }

  /**
   * Decodes a route that fills the whole input.
   *
   * @param bytes the BARE form
   * @return the route
   * @throws DecodeException if malformed or followed by trailing bytes
   */
  public static Route decodeRoute(byte[] bytes) {
    BareReader r = new BareReader(bytes);
    Route route = readRoute(r);
    r.expectEnd();
    return route;
  }
}
