package io.ockamj.protocol;

import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A message of the TCP portal protocol, exchanged between an inlet and an outlet
 * ({@code ockam_transport_tcp/src/portal/portal_message.rs}).
 * <p>
 * Wire form (hand-written BARE, identical to the serde_bare enum
 * {@code Ping | Pong | Disconnect | Payload(Vec<u8>)} of older releases):
 * <pre>
 *   Ping        00
 *   Pong        01
 *   Disconnect  02
 *   Payload     03 varint(len) data [counter]
 *   counter     absent | 00 | 01 u16-little-endian
 * </pre>
 * Rust in the reference snapshot never writes the counter, so {@link #encode()} does not either.
 * Elixir writes the BARE optional {@code u16} ({@code 00} or {@code 01 lo hi}); {@link #decode}
 * accepts all three payload forms and nothing else: an unknown tag, a truncated payload, a malformed
 * counter or trailing bytes are a {@link DecodeException}.
 * <p>
 * Instances are immutable. Use the constants {@link #PING}, {@link #PONG} and {@link #DISCONNECT}
 * for the field-less messages.
 */
public sealed interface PortalMessage {

  /** The most data a portal reader puts in one {@link Payload}: 48 KiB, as Rust. */
  int MAX_PAYLOAD_SIZE = 48 * 1024;

  /**
   * The largest payload {@link #decode(byte[])} accepts: one TCP transport frame (16 MiB). Peers
   * other than Rust (Elixir sends whatever one socket read returned) may exceed
   * {@link #MAX_PAYLOAD_SIZE}, so the decoder is bounded by the transport limit instead.
   */
  int MAX_DECODED_PAYLOAD_SIZE = TcpFrameCodec.MAX_MESSAGE_SIZE;

  /** Tag byte of {@link Ping}. */
  int TAG_PING = 0;
  /** Tag byte of {@link Pong}. */
  int TAG_PONG = 1;
  /** Tag byte of {@link Disconnect}. */
  int TAG_DISCONNECT = 2;
  /** Tag byte of {@link Payload}. */
  int TAG_PAYLOAD = 3;

  /** The first message, sent by the inlet to the outlet listener. */
  Ping PING = new Ping();
  /** The outlet's answer to {@link #PING}, once it is connected to its target. */
  Pong PONG = new Pong();
  /** One side's TCP connection is gone; the receiver closes its own. */
  Disconnect DISCONNECT = new Disconnect();

  /**
   * Encodes the message as Rust does (a {@link Payload} without its counter).
   *
   * @return the encoded bytes
   */
  byte[] encode();

  /** The first message, sent by the inlet to the outlet listener. */
  record Ping() implements PortalMessage {
    @Override
    public byte[] encode() {
      return new byte[] {TAG_PING};
    }
  }

  /** The outlet's answer to {@link Ping}, sent once it is connected to its target. */
  record Pong() implements PortalMessage {
    @Override
    public byte[] encode() {
      return new byte[] {TAG_PONG};
    }
  }

  /** One side's TCP connection is gone (or failed); the receiver closes its own and stops. */
  record Disconnect() implements PortalMessage {
    @Override
    public byte[] encode() {
      return new byte[] {TAG_DISCONNECT};
    }
  }

  /**
   * A chunk of the TCP byte stream.
   * <p>
   * Equality compares the data by content.
   *
   * @param data the bytes (not copied; do not modify afterwards)
   * @param counter the packet counter 0..65535, or {@code null} when absent (as Rust sends it)
   */
  record Payload(byte[] data, Integer counter) implements PortalMessage {

    /**
     * Validates the components.
     *
     * @param data the bytes
     * @param counter the packet counter 0..65535, or {@code null}
     */
    public Payload {
      Objects.requireNonNull(data, "data");
      if (counter != null && (counter < 0 || counter > 0xFFFF)) {
        throw new IllegalArgumentException("packet counter out of range 0..65535: " + counter);
      }
    }

    /**
     * @param data the bytes (not copied)
     * @return a payload without counter
     */
    public static Payload of(byte[] data) {
      return new Payload(data, null);
    }

    /**
     * Encodes {@code 03 varint(len) data}, without the counter, as Rust does.
     *
     * @return the encoded bytes
     */
    @Override
    public byte[] encode() {
      return new BareWriter().u8(TAG_PAYLOAD).data(data).toByteArray();
    }

    /**
     * Encodes the Elixir form, with the BARE optional counter: {@code 00} when absent,
     * {@code 01 lo hi} when present. Rust decodes both.
     *
     * @return the encoded bytes
     */
    public byte[] encodeWithCounter() {
      BareWriter w = new BareWriter().u8(TAG_PAYLOAD).data(data);
      if (counter == null) {
        w.u8(0);
      } else {
        w.u8(1).u16le(counter);
      }
      return w.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Payload p && Arrays.equals(data, p.data) && Objects.equals(counter, p.counter);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(data) + Objects.hashCode(counter);
    }

    @Override
    public String toString() {
      String shown = data.length <= 32 ? HexFormat.of().formatHex(data)
        : HexFormat.of().formatHex(data, 0, 32) + "...";
      return "Payload[" + data.length + " bytes " + shown + (counter == null ? "" : ", counter " + counter) + "]";
    }
  }

  /**
   * Decodes a portal message, accepting payloads up to {@link #MAX_DECODED_PAYLOAD_SIZE}.
   *
   * @param bytes the message payload
   * @return the message
   * @throws DecodeException if the input is empty, has an unknown tag, a truncated or oversized
   *   payload, a malformed counter or trailing bytes
   */
  static PortalMessage decode(byte[] bytes) {
    return decode(bytes, MAX_DECODED_PAYLOAD_SIZE);
  }

  /**
   * Decodes a portal message.
   *
   * @param bytes the message payload
   * @param maxPayloadSize the largest payload data accepted (checked before allocating)
   * @return the message
   * @throws DecodeException as {@link #decode(byte[])}
   */
  static PortalMessage decode(byte[] bytes, int maxPayloadSize) {
    if (bytes.length == 0) {
      throw new DecodeException("portal message: empty");
    }
    int tag = bytes[0] & 0xFF;
    if (tag <= TAG_DISCONNECT) {
      if (bytes.length != 1) {
        throw new DecodeException("portal message: " + (bytes.length - 1) + " trailing bytes after tag " + tag);
      }
      return tag == TAG_PING ? PING : tag == TAG_PONG ? PONG : DISCONNECT;
    }
    if (tag != TAG_PAYLOAD) {
      throw new DecodeException("portal message: unknown tag " + tag);
    }
    PayloadRange range = locatePayload(bytes, maxPayloadSize);
    return new Payload(Arrays.copyOfRange(bytes, range.offset(), range.offset() + range.length()), range.counter());
  }

  /**
   * Where the data of an encoded {@link Payload} lies in its bytes, for readers that use the data in
   * place instead of copying it out: {@code bytes[offset, offset + length)}.
   *
   * @param offset the index of the first data byte
   * @param length the number of data bytes
   * @param counter the packet counter, or {@code null} when absent
   */
  record PayloadRange(int offset, int length, Integer counter) {
  }

  /**
   * Validates an encoded {@link Payload} exactly as {@link #decode(byte[], int)} does and tells
   * where its data lies, without copying it.
   *
   * @param bytes an encoded portal message whose tag is {@link #TAG_PAYLOAD}
   * @param maxPayloadSize the largest payload data accepted
   * @return where the data lies, and the counter
   * @throws DecodeException if the bytes are not a well-formed payload message
   */
  static PayloadRange locatePayload(byte[] bytes, int maxPayloadSize) {
    if (bytes.length == 0 || (bytes[0] & 0xFF) != TAG_PAYLOAD) {
      throw new DecodeException("portal message: not a payload");
    }
    BareReader r = new BareReader(bytes, 1, bytes.length - 1);
    int length = r.length(maxPayloadSize);
    int offset = r.position();
    r.skip(length);
    Integer counter;
    switch (r.remaining()) {
      case 0 -> counter = null;
      case 1 -> {
        if (r.u8() != 0) {
          throw new DecodeException("portal message: a single byte after the payload must be 00 (no counter)");
        }
        counter = null;
      }
      case 3 -> {
        if (r.u8() != 1) {
          throw new DecodeException("portal message: a counter must be introduced by 01");
        }
        counter = r.u16le();
      }
      default -> throw new DecodeException("portal message: " + r.remaining() + " unexpected bytes after the payload");
    }
    return new PayloadRange(offset, length, counter);
  }
}
