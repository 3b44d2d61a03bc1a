package io.ockamj.protocol.rendezvous;

import io.ockamj.protocol.errors.DecodeException;

/**
 * A request to the rendezvous service: a minicbor enum, {@code [index, []]}.
 */
public enum RendezvousRequest {
  /** Is the service reachable? Answered with {@link RendezvousResponse.Pong}. CBOR {@code 82 00 80}. */
  PING,
  /** Which public address do my datagrams come from? Answered with {@link RendezvousResponse.MyAddress}. CBOR {@code 82 01 80}. */
  GET_MY_ADDRESS;

  /** The largest request accepted: requests have no fields, so a few bytes. */
  public static final int MAX_SIZE = 64;

  /**
   * @return the CBOR bytes
   */
  public byte[] encode() {
    return new byte[] {(byte) 0x82, (byte) ordinal(), (byte) 0x80};
  }

  /**
   * Decodes a request, leniently as minicbor does (extra fields are ignored).
   *
   * @param bytes the message payload
   * @return the request
   * @throws DecodeException if malformed, too long, or of an unknown variant
   */
  public static RendezvousRequest decode(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw new DecodeException("rendezvous request of " + bytes.length + " bytes exceeds " + MAX_SIZE);
    }
    Variants v = Variants.read(bytes, "rendezvous request");
    RendezvousRequest req = switch (v.variant) {
      case 0 -> PING;
      case 1 -> GET_MY_ADDRESS;
      default -> throw new DecodeException("rendezvous request: unknown variant " + v.variant);
    };
    v.openFields();
    v.end();
    return req;
  }
}
