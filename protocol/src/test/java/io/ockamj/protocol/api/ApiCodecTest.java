package io.ockamj.protocol.api;

import io.ockamj.protocol.errors.DecodeException;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The API framing of §1.13: header bytes, wrapping, leniency and bounds. */
class ApiCodecTest {

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s.replace(" ", ""));
  }

  @Test
  void derivedExamplePostSlashWithoutBody() {
    RequestHeader h = new RequestHeader(0x01020304L, "/", Method.POST, false);
    assertThat(h.encode()).isEqualTo(hex("a4 01 1a01020304 02 612f 03 01 04 f4"));
    Request r = new Request(h, null);
    assertThat(r.toPayload()).isEqualTo(hex("0e a4011a0102030402612f030104f4"));
    assertThat(Request.fromPayload(hex("0ea4011a0102030402612f030104f4"))).isEqualTo(r);
  }

  @Test
  void methodAndStatusCodes() {
    assertThat(Method.GET.code()).isZero();
    assertThat(Method.PATCH.code()).isEqualTo(4);
    assertThat(Method.fromCode(3)).isEqualTo(Method.DELETE);
    assertThatThrownBy(() -> Method.fromCode(5)).isInstanceOf(DecodeException.class);
    assertThat(Status.fromCode(404)).isEqualTo(Status.NOT_FOUND);
    assertThat(Status.NOT_IMPLEMENTED.code()).isEqualTo(501);
    assertThatThrownBy(() -> Status.fromCode(201)).isInstanceOf(DecodeException.class);
  }

  @Test
  void responseWithStatusAndBody() {
    RequestHeader req = new RequestHeader(7, "/node", Method.GET, false);
    Response ok = new Response(new ResponseHeader(9, 7, Status.OK, true), CborValue.encode("hi"));
    // {1: 9, 2: 7, 3: 200, 4: true} "hi"
    assertThat(ok.encode()).isEqualTo(hex("a4 0109 0207 0318c8 04f5 626869"));
    assertThat(Response.decode(ok.encode())).isEqualTo(ok);
    Response err = Response.error(req, Status.NOT_FOUND, "no such node");
    Response back = Response.fromPayload(err.toPayload());
    assertThat(back.header().re()).isEqualTo(7);
    assertThat(back.status()).isEqualTo(Status.NOT_FOUND);
    assertThat(back.error()).isEqualTo(new ApiError("/node", Method.GET, "no such node", null));
  }

  @Test
  void headerWithoutMethodOrStatusOmitsTheKey() {
    assertThat(new RequestHeader(1, "", null, false).encode()).isEqualTo(hex("a3 0101 0260 04f4"));
    assertThat(new ResponseHeader(0, 1, null, false).encode()).isEqualTo(hex("a3 0100 0201 04f4"));
  }

  @Test
  void unknownKeysAndNullsAreSkipped() {
    // Elixir adds 5: tracing_context; 3: null is a missing method
    byte[] b = hex("a5 0101 0262 2f78 03f6 04f4 05 627b7d");
    RequestHeader h = Request.decode(b).header();
    assertThat(h).isEqualTo(new RequestHeader(1, "/x", null, false));
    assertThat(h.segments()).containsExactly("x");
    // indefinite-length map
    assertThat(Request.decode(hex("bf 0101 0260 04f4 ff")).header().path()).isEmpty();
  }

  @Test
  void malformedInputIsRejected() {
    // missing has_body
    assertThatThrownBy(() -> Request.decode(hex("a2 0101 0260"))).isInstanceOf(DecodeException.class).hasMessageContaining("has_body");
    // id over u32
    assertThatThrownBy(() -> Request.decode(hex("a3 011b0000000100000000 0260 04f4"))).isInstanceOf(DecodeException.class);
    // has_body set but nothing follows
    assertThatThrownBy(() -> Request.decode(hex("a3 0101 0260 04f5"))).isInstanceOf(DecodeException.class);
    // trailing bytes after the body
    assertThatThrownBy(() -> Request.decode(hex("a3 0101 0260 04f5 01 02"))).isInstanceOf(DecodeException.class);
    // not a map
    assertThatThrownBy(() -> Response.decode(hex("80"))).isInstanceOf(DecodeException.class);
    // BARE length over the input
    assertThatThrownBy(() -> Request.fromPayload(hex("ff01"))).isInstanceOf(DecodeException.class);
    // error cause chain too deep
    byte[] deep = new byte[3 * (ApiError.MAX_DEPTH + 2) + 1];
    int i = 0;
    for (int d = 0; d <= ApiError.MAX_DEPTH + 1; d++) {
      deep[i++] = (byte) 0xa1;
      deep[i++] = 0x04;
    }
    deep[i] = (byte) 0xa0;
    byte[] trimmed = java.util.Arrays.copyOf(deep, i + 1);
    assertThatThrownBy(() -> ApiError.decode(trimmed)).isInstanceOf(DecodeException.class).hasMessageContaining("nested");
  }

  @Test
  void errorBodyMayBeText() {
    Response r = new Response(new ResponseHeader(1, 2, Status.BAD_REQUEST, true), CborValue.encode("bad input"));
    assertThat(r.error().message()).isEqualTo("bad input");
    Response none = new Response(new ResponseHeader(1, 2, Status.INTERNAL_SERVER_ERROR, false), null);
    assertThat(none.error().message()).isEqualTo("500 internal server error");
    ApiError chain = new ApiError(null, null, "outer", new ApiError("/p", Method.PUT, "inner", null));
    assertThat(ApiError.decode(chain.encode())).isEqualTo(chain);
    assertThat(chain.describe()).isEqualTo("outer: inner");
  }

  @Test
  void cborValues() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", "n1");
    m.put("port", 4000L);
    m.put("neg", -5L);
    m.put("ok", true);
    m.put("none", null);
    m.put("list", List.of("a", 1L));
    m.put("raw", new byte[] {1, 2});
    Object back = CborValue.decode(CborValue.encode(m));
    assertThat(back).usingRecursiveComparison().isEqualTo(m);
    assertThat(CborValue.encode(Map.of("a", 1))).isEqualTo(hex("a1 6161 01"));
    assertThatThrownBy(() -> CborValue.decode(hex("a2 6161 01 6161 02"))).isInstanceOf(DecodeException.class).hasMessageContaining("duplicate");
    assertThatThrownBy(() -> CborValue.decode(hex("a1 01 01"))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> CborValue.decode(hex("f93c00"))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> CborValue.encode(Map.of("d", 1.5))).isInstanceOf(IllegalArgumentException.class);
  }
}
