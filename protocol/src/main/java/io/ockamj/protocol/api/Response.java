package io.ockamj.protocol.api;

import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Arrays;
import java.util.Objects;

/**
 * An API response: the header followed, if {@link ResponseHeader#hasBody()}, by one CBOR item, the
 * body. A failed response's body is normally an {@link ApiError}, sometimes a bare text string;
 * {@link #error()} accepts both.
 *
 * @param header the header
 * @param body the encoded body item, or {@code null}
 */
public record Response(ResponseHeader header, byte[] body) {

  /**
   * Validates the components.
   *
   * @param header the header
   * @param body the body or {@code null}
   */
  public Response {
    Objects.requireNonNull(header, "header");
    if (header.hasBody() != (body != null)) {
      throw new IllegalArgumentException("has_body does not match the body");
    }
  }

  /**
   * A successful response.
   *
   * @param request the request answered
   * @param body the encoded CBOR body, or {@code null}
   * @return the response
   */
  public static Response ok(RequestHeader request, byte[] body) {
    return new Response(ResponseHeader.answering(request, Status.OK, body != null), body);
  }

  /**
   * A failed response carrying an {@link ApiError} body.
   *
   * @param request the request answered
   * @param status the status
   * @param message what went wrong
   * @return the response
   */
  public static Response error(RequestHeader request, Status status, String message) {
    return new Response(ResponseHeader.answering(request, status, true), ApiError.of(request, message).encode());
  }

  /**
   * @return the status of the header, or {@code null} if it has none
   */
  public Status status() {
    return header.status();
  }

  /**
   * @return {@code true} if the status is 200
   */
  public boolean isOk() {
    return header.status() == Status.OK;
  }

  /**
   * Interprets the body of a failed response.
   *
   * @return the error: the decoded {@link ApiError}, a text body as the message, or an error naming
   *     only the status when there is no usable body
   */
  public ApiError error() {
    if (body != null) {
      try {
        CborReader r = new CborReader(body);
        if (r.peekMajor() == CborReader.TEXT) {
          return new ApiError(null, null, r.readText(ApiError.MAX_TEXT_LENGTH), null);
        }
        return ApiError.read(r);
      } catch (DecodeException ignored) {
        // fall through to the status
      }
    }
    Status s = header.status();
    return new ApiError(null, null, s == null ? "no status" : s.code() + " " + s.name().toLowerCase().replace('_', ' '), null);
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
   * Decodes header and body (without the BARE wrapper).
   *
   * @param bytes the bytes
   * @return the response
   * @throws DecodeException if malformed
   */
  public static Response decode(byte[] bytes) {
    CborReader r = new CborReader(bytes);
    ResponseHeader h = ResponseHeader.read(r);
    return new Response(h, readBody(r, bytes, h.hasBody()));
  }

  /**
   * Decodes a message payload: a BARE {@code Vec<u8>} holding header and body.
   *
   * @param payload the payload
   * @return the response
   * @throws DecodeException if malformed
   */
  public static Response fromPayload(byte[] payload) {
    return decode(BareReader.decodeBytes(payload, Request.MAX_PAYLOAD));
  }

  static byte[] readBody(CborReader r, byte[] bytes, boolean hasBody) {
    if (!hasBody) {
      r.expectEnd();
      return null;
    }
    if (r.atEnd()) {
      throw new DecodeException("API: has_body is set but no body follows the header");
    }
    byte[] body = r.readRawItem();
    r.expectEnd();
    return body;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Response other && header.equals(other.header) && Arrays.equals(body, other.body);
  }

  @Override
  public int hashCode() {
    return header.hashCode() * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "Response[" + header + ", body=" + (body == null ? "none" : body.length + " bytes") + "]";
  }
}
