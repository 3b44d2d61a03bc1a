package io.ockamj.protocol.api;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

/**
 * The header of an API response: a CBOR map {@code {1: id (u32), 2: re (u32, the request id),
 * 3: status (uint, optional), 4: has_body (bool)}}. Decoding skips unknown keys.
 *
 * @param id the response id ({@code 0} when not created for a request)
 * @param re the id of the request this answers
 * @param status the status, or {@code null} if absent
 * @param hasBody whether a body item follows the header
 */
public record ResponseHeader(long id, long re, Status status, boolean hasBody) {

  /**
   * Validates the components.
   *
   * @param id the response id
   * @param re the request id
   * @param status the status or {@code null}
   * @param hasBody whether a body follows
   */
  public ResponseHeader {
    if (id < 0 || id > 0xFFFF_FFFFL || re < 0 || re > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("response id out of u32 range");
    }
  }

  /**
   * Creates the header answering a request, with a fresh id.
   *
   * @param request the request header
   * @param status the status
   * @param hasBody whether a body follows
   * @return the header
   */
  public static ResponseHeader answering(RequestHeader request, Status status, boolean hasBody) {
    return new ResponseHeader(RequestHeader.newId(), request.id(), status, hasBody);
  }

  /**
   * Writes the header.
   *
   * @param w the writer
   */
  public void write(CborWriter w) {
    w.map(status == null ? 3 : 4);
    w.u64(1).u64(id);
    w.u64(2).u64(re);
    if (status != null) {
      w.u64(3).u64(status.code());
    }
    w.u64(4).bool(hasBody);
  }

  /**
   * @return the encoded header
   */
  public byte[] encode() {
    CborWriter w = new CborWriter(24);
    write(w);
    return w.toByteArray();
  }

  /**
   * Reads a header.
   *
   * @param r the reader, positioned at the header
   * @return the header
   * @throws DecodeException if it is malformed or a required field is missing
   */
  public static ResponseHeader read(CborReader r) {
    if (r.peekMajor() != CborReader.MAP) {
      throw new DecodeException("API: a response header must be a CBOR map");
    }
    int n = r.readMapHeader();
    Long id = null;
    Long re = null;
    Status status = null;
    Boolean hasBody = null;
    for (int i = 0; r.hasNext(n < 0 ? -1 : n - i); i++) {
      if (r.peekMajor() != CborReader.UNSIGNED) {
        r.skip();
        r.skip();
        continue;
      }
      long key = r.readU64();
      if (key == 1) {
        id = r.readU64(0xFFFF_FFFFL);
      } else if (key == 2) {
        re = r.readU64(0xFFFF_FFFFL);
      } else if (key == 3) {
        if (r.peekNull()) {
          r.readNull();
          status = null;
        } else {
          status = Status.fromCode(r.readU64());
        }
      } else if (key == 4) {
        hasBody = r.readBool();
      } else {
        r.skip();
      }
    }
    if (id == null || re == null || hasBody == null) {
      throw new DecodeException("API: response header without " + (id == null ? "id" : re == null ? "re" : "has_body"));
    }
    return new ResponseHeader(id, re, status, hasBody);
  }
}
