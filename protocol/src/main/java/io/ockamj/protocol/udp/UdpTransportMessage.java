package io.ockamj.protocol.udp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One UDP datagram of Ockam's UDP transport: a part of an encoded routing message. On the wire it is
 * the CBOR array {@code [version, routing_number, offset, is_last, payload]} ({@link UdpDatagramCodec}).
 *
 * @param version the protocol version (1; receivers do not check it, as in Rust)
 * @param routingNumber the number of the routing message this part belongs to, 0..65535
 * @param offset where this part starts in the encoded routing message, 0..2^32-1
 * @param isLast {@code true} for the last part of the routing message
 * @param payload the part's bytes
 */
public record UdpTransportMessage(int version, int routingNumber, long offset, boolean isLast, byte[] payload) {

  /**
   * Validates the components.
   *
   * @param version the protocol version, 0..255
   * @param routingNumber 0..65535
   * @param offset 0..2^32-1
   * @param isLast last part
   * @param payload the bytes
   */
  public UdpTransportMessage {
    if (version < 0 || version > 0xFF) {
      throw new IllegalArgumentException("version " + version + " is not a u8");
    }
    if (routingNumber < 0 || routingNumber > 0xFFFF) {
      throw new IllegalArgumentException("routing number " + routingNumber + " is not a u16");
    }
    if (offset < 0 || offset > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("offset " + offset + " is not a u32");
    }
    Objects.requireNonNull(payload, "payload");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof UdpTransportMessage m && version == m.version && routingNumber == m.routingNumber
      && offset == m.offset && isLast == m.isLast && Arrays.equals(payload, m.payload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(version, routingNumber, offset, isLast, Arrays.hashCode(payload));
  }

  @Override
  public String toString() {
    return "UdpTransportMessage[version=" + version + ", routingNumber=" + routingNumber + ", offset=" + offset
      + ", isLast=" + isLast + ", payload=" + payload.length + " bytes]";
  }
}
