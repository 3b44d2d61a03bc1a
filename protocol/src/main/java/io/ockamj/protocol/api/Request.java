package io.ockamj.protocol.api;

import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Arrays;
import java.util.Objects;

/**
 * An API request: the header followed, if {@link RequestHeader#hasBody()}, by one CBOR item, the body.
 * <p>
 * In a message payload the two items are wrapped as a BARE {@code Vec<u8>} (varint length, then
 * the bytes): use {@link #toPayload()} and {@link #fromPayload(byte[])}.
 *
 * @param header the header
 * @param body the encoded body item, or {@code null} (then {@code header.hasBody()} is false)
 */
public record Request(RequestHeader header, byte[] body) {

  /** Largest payload accepted when decoding (the TCP frame limit). */
  public static final int MAX_PAYLOAD = 16 * 1024 * 1024;

  /**
   * Validates the components.
   *
   * @param header the header
   * @param body the body or {@code null}
   */
  public Request {
    Objects.requireNonNull(header, "header");
    if (header.hasBody() != (body != null)) {
      throw new IllegalArgumentException("has_body does not match the body");
    }
  }

  /**
   * Creates a request with a fresh id.
   *
   * @param method the method
   * @param path the path
   * @param body the encoded CBOR body, or {@code null}
   * @return the request
   */
  public static Request of(Method method, String path, byte[] body) {
    return new Request(RequestHeader.of(method, path, body != null), body);
  }

  /**
   * @return the header and body bytes, without the BARE wrapper
   */
  public byte[] encode() {
    CborWriter w = new CborWriter();
    header.write(w);
    if (body != null) {
      w.raw(body);
    }
    return w.toByteArray();
  }

  /**
   * @return the message payload: the BARE {@code Vec<u8>} of {@link #encode()}
   */
  public byte[] toPayload() {
    return BareWriter.encodeBytes(encode());
  }

  /**
   * Decodes header and body (without the BARE wrapper). A body must be exactly one well-formed CBOR
   * item; nothing may follow it.
   *
   * @param bytes the bytes
   * @return the request
   * @throws DecodeException if malformed
   */
  public static Request decode(byte[] bytes) {
    CborReader r = new CborReader(bytes);
    RequestHeader h = RequestHeader.read(r);
    byte[] body = Response.readBody(r, bytes, h.hasBody());
    return new Request(h, body);
  }

  /**
   * Decodes a message payload: a BARE {@code Vec<u8>} holding header and body.
   *
   * @param payload the payload
   * @return the request
   * @throws DecodeException if malformed
   */
  public static Request fromPayload(byte[] payload) {
    return decode(BareReader.decodeBytes(payload, MAX_PAYLOAD));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Request other && header.equals(other.header) && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return header.hashCode() * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Request[" + header + ", body=" + (body == null ? "none" : body.length + " bytes") + "]";
  }
}
