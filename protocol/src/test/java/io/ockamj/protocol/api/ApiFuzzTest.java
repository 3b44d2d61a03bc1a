package io.ockamj.protocol.api;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.protocol.errors.DecodeException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz tests of the API decoders: only {@link DecodeException} may escape, and whatever
 * decodes re-encodes to something that decodes to the same value.
 */
class ApiFuzzTest {

  @FuzzTest
  void request(byte[] data) {
    Request r;
    try {
      r = Request.fromPayload(data);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(Request.fromPayload(r.toPayload())).isEqualTo(r);
  }

  @FuzzTest
  void response(byte[] data) {
    Response r;
    try {
      r = Response.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(Response.decode(r.encode())).isEqualTo(r);
    assertThat(r.error()).isNotNull();
  }

  @FuzzTest
  void body(byte[] data) {
    Object v;
    try {
      v = CborValue.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(CborValue.decode(CborValue.encode(v))).usingRecursiveComparison().isEqualTo(v);
  }

  @FuzzTest
  void error(byte[] data) {
    ApiError e;
    try {
      e = ApiError.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(ApiError.decode(e.encode())).isEqualTo(e);
  }
}
