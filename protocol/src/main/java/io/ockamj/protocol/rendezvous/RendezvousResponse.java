package io.ockamj.protocol.rendezvous;

import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Objects;

/**
 * A response of the rendezvous service: a minicbor enum, {@code [0, []]} for {@link Pong} and
 * {@code [1, [address]]} for {@link MyAddress}.
 */
public sealed interface RendezvousResponse permits RendezvousResponse.Pong, RendezvousResponse.MyAddress {

  /** The longest address text accepted in a response. */
  int MAX_ADDRESS_LENGTH = 1024;
  /** The largest response accepted. */
  int MAX_SIZE = MAX_ADDRESS_LENGTH + 16;

  /** The answer to {@link RendezvousRequest#PING}. */
  Pong PONG = new Pong();

  /**
   * @return the CBOR bytes
   */
  byte[] encode();

  /** The answer to a ping: CBOR {@code 82 00 80}. */
  record Pong() implements RendezvousResponse {
    @Override
    public byte[] encode() {
      return new byte[] {(byte) 0x82, 0x00, (byte) 0x80};
    }
  }

  /**
   * The answer to {@link RendezvousRequest#GET_MY_ADDRESS} (Rust's variant {@code GetMyAddress(String)}).
   *
   * @param address the {@code ip:port} the service saw the request come from
   */
  record MyAddress(String address) implements RendezvousResponse {

    /**
     * @param address the address text, at most {@link #MAX_ADDRESS_LENGTH} UTF-8 bytes
     */
    public MyAddress {
      Objects.requireNonNull(address, "address");
    }

    @Override
    public byte[] encode() {
      return new CborWriter(address.length() * 3 + 8).array(2).u64(1).array(1).text(address).toByteArray();
    }
  }

  /**
   * Decodes a response, leniently as minicbor does (extra fields are ignored).
   *
   * @param bytes the message payload
   * @return the response
   * @throws DecodeException if malformed, too long, or of an unknown variant
   */
  static RendezvousResponse decode(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw new DecodeException("rendezvous response of " + bytes.length + " bytes exceeds " + MAX_SIZE);
    }
    Variants v = Variants.read(bytes, "rendezvous response");
    switch (v.variant) {
      case 0 -> {
        v.openFields();
        v.end();
        return PONG;
      }
      case 1 -> {
        v.openFields();
        String address = v.text(MAX_ADDRESS_LENGTH, "rendezvous response: the address");
        v.end();
        return new MyAddress(address);
      }
      default -> throw new DecodeException("rendezvous response: unknown variant " + v.variant);
    }
  }
}
