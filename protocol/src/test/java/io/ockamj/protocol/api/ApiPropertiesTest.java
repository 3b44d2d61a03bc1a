package io.ockamj.protocol.api;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Round trips of the API framing. */
class ApiPropertiesTest {

  private static Arbitrary<byte[]> bodies() {
    return Arbitraries.frequencyOf(
      net.jqwik.api.Tuple.of(1, Arbitraries.just((byte[]) null)),
      net.jqwik.api.Tuple.of(2, Arbitraries.strings().ofMaxLength(40).map(CborValue::encode)),
      net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(CborValue::encode)));
  }

  @Provide
  Arbitrary<Request> requests() {
    return Combinators.combine(
      Arbitraries.longs().between(0, 0xFFFF_FFFFL),
      Arbitraries.strings().ofMaxLength(60),
      Arbitraries.of(Method.class).injectNull(0.2),
      bodies())
      .as((id, path, method, body) -> new Request(new RequestHeader(id, path, method, body != null), body));
  }

  @Provide
  Arbitrary<Response> responses() {
    return Combinators.combine(
      Arbitraries.longs().between(0, 0xFFFF_FFFFL),
      Arbitraries.longs().between(0, 0xFFFF_FFFFL),
      Arbitraries.of(Status.class).injectNull(0.2),
      bodies())
      .as((id, re, status, body) -> new Response(new ResponseHeader(id, re, status, body != null), body));
  }

  @Provide
  Arbitrary<ApiError> errors() {
    Arbitrary<ApiError> leaf = Combinators.combine(
      Arbitraries.strings().ofMaxLength(20).injectNull(0.3),
      Arbitraries.of(Method.class).injectNull(0.3),
      Arbitraries.strings().ofMaxLength(40).injectNull(0.3))
      .as((p, m, msg) -> new ApiError(p, m, msg, null));
    return Combinators.combine(leaf, leaf.injectNull(0.5))
      .as((outer, inner) -> new ApiError(outer.path(), outer.method(), outer.message(), inner));
  }

  @Property
  void requestsRoundTrip(@ForAll("requests") Request r) {
    assertThat(Request.fromPayload(r.toPayload())).isEqualTo(r);
    assertThat(Request.decode(r.encode())).isEqualTo(r);
  }

  @Property
  void responsesRoundTrip(@ForAll("responses") Response r) {
    assertThat(Response.fromPayload(r.toPayload())).isEqualTo(r);
  }

  @Property
  void errorsRoundTrip(@ForAll("errors") ApiError e) {
    assertThat(ApiError.decode(e.encode())).isEqualTo(e);
  }

  @Property
  void idsAreNeverZero(@ForAll("requests") Request ignored) {
    long id = RequestHeader.newId();
    assertThat(id).isBetween(1L, 0xFFFF_FFFFL);
  }
}
