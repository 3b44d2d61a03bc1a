package io.ockamj.verticles.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.protocol.errors.DecodeException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Okta service's decoders: {@link OidcToken} round trips and refuses every truncation;
 * {@link OktaUserInfo#claims} keeps exactly the asked-for claims with string values.
 */
class OktaPropertiesTest {

  @Provide
  Arbitrary<String> tokens() {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(2000);
  }

  @Property(tries = 200)
  void oidcTokensRoundTripAndTruncationsAreRefused(@ForAll("tokens") String token) {
    OidcToken t = new OidcToken(token);
    byte[] b = t.encode();
    assertThat(OidcToken.decode(b)).isEqualTo(t);
    for (int cut = 0; cut < b.length; cut += 1 + b.length / 50) {
      byte[] shorter = Arrays.copyOf(b, cut);
      assertThatThrownBy(() -> OidcToken.decode(shorter)).isInstanceOf(DecodeException.class);
    }
  }

  @Provide
  Arbitrary<Map<String, Object>> userinfos() {
    Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30).map(s -> (Object) s),
      Arbitraries.integers().map(i -> (Object) i), Arbitraries.of(true, false).map(x -> (Object) x),
      Arbitraries.strings().ofMaxLength(5).list().ofMaxSize(3).map(l -> (Object) new io.vertx.core.json.JsonArray(l)));
    return Arbitraries.maps(Arbitraries.of("email", "name", "sub", "groups", "locale", "zoneinfo"), value).ofMaxSize(6);
  }

  @Property(tries = 300)
  void claimsKeepExactlyTheAskedForStringValues(@ForAll("userinfos") Map<String, Object> doc,
                                               @ForAll("names") List<String> names) {
    Map<String, String> expected = new LinkedHashMap<>();
    for (String n : names) {
      if (doc.get(n) instanceof String s) {
        expected.put(n, s);
      }
    }
    Map<String, String> kept = OktaUserInfo.claims(new JsonObject(new LinkedHashMap<>(doc)).toBuffer(), names);
    assertThat(kept).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Provide
  Arbitrary<List<String>> names() {
    return Arbitraries.of("email", "name", "groups", "missing").list().uniqueElements().ofMaxSize(4);
  }

  @Property(tries = 100)
  void anythingButAJsonObjectIsABadBody(@ForAll("notObjects") String body) {
    assertThatThrownBy(() -> OktaUserInfo.claims(Buffer.buffer(body), List.of("email")))
      .isInstanceOfSatisfying(OktaException.class, e -> assertThat(e.kind()).isEqualTo(OktaException.Kind.BAD_BODY));
  }

  @Provide
  Arbitrary<String> notObjects() {
    return Arbitraries.oneOf(Arbitraries.of("", "null", "[]", "[{\"email\":\"a\"}]", "\"email\"", "42", "{", "{\"email\":}",
      "<html></html>"), Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(20));
  }
}
