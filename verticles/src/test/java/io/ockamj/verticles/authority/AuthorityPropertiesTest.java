package io.ockamj.verticles.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.errors.DecodeException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Round trips of the authority's bodies and of enrollment tickets, and refusals of what is cut short
 * or lacks an authority route.
 */
class AuthorityPropertiesTest {

  @Provide
  Arbitrary<Map<String, String>> attributes() {
    return Arbitraries.maps(Arbitraries.strings().ofMinLength(1).ofMaxLength(20), Arbitraries.strings().ofMaxLength(40))
      .ofMaxSize(10);
  }

  @Provide
  Arbitrary<Identifier> identifiers() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32).map(Identifier::of);
  }

  @Provide
  Arbitrary<byte[]> codes() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32);
  }

  @Property(tries = 200)
  void addMemberRoundTripsAndTruncationsAreRefused(@ForAll("identifiers") Identifier id, @ForAll("attributes") Map<String, String> attrs) {
    AuthorityMessages.AddMember m = new AuthorityMessages.AddMember(id, attrs);
    byte[] b = m.encode();
    assertThat(AuthorityMessages.AddMember.decode(b)).isEqualTo(m);
    for (int cut = 0; cut < b.length; cut++) {
      byte[] shorter = java.util.Arrays.copyOf(b, cut);
      assertThatThrownBy(() -> AuthorityMessages.AddMember.decode(shorter)).isInstanceOf(DecodeException.class);
    }
  }

  @Property(tries = 200)
  void createTokenRoundTrips(@ForAll("attributes") Map<String, String> attrs, @ForAll Long ttl, @ForAll Long count) {
    Long t = ttl == null ? null : Math.abs(ttl % 100_000);
    Long c = count == null ? null : Math.abs(count % 1000);
    AuthorityMessages.CreateToken token = new AuthorityMessages.CreateToken(attrs, t, c);
    assertThat(AuthorityMessages.CreateToken.decode(token.encode())).isEqualTo(token);
  }

  @Property(tries = 100)
  void memberListsRoundTrip(@ForAll("identifiers") Identifier id, @ForAll("attributes") Map<String, String> attrs) {
    Map<Identifier, AuthorityMessages.MemberEntry> members = new LinkedHashMap<>();
    members.put(id, new AuthorityMessages.MemberEntry(attrs, 1_700_000_000L, null, id));
    assertThat(AuthorityMessages.decodeMembers(AuthorityMessages.encodeMembers(members))).isEqualTo(members);
    assertThat(AuthorityMessages.decodeStoredAttributes(AuthorityMessages.encodeStoredAttributes(attrs))).isEqualTo(attrs);
  }

  @Provide
  Arbitrary<EnrollmentTicket> tickets() {
    Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> hex = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80).map(HexFormat.of()::formatHex);
    Arbitrary<Integer> port = Arbitraries.integers().between(1, 65535);
    return Combinators.combine(codes(), word, word, hex, hex, port).as((code, id, name, ph, ah, p) ->
      new EnrollmentTicket(OneTimeCode.parse(HexFormat.of().formatHex(code)), id, name, null, null, ph, ah,
        "/ip4/127.0.0.1/tcp/" + p + "/service/api"));
  }

  @Property(tries = 200)
  void ticketsRoundTripInBothForms(@ForAll("tickets") EnrollmentTicket t) {
    assertThat(EnrollmentTicket.parse(t.encodeLegacy())).isEqualTo(t);
    EnrollmentTicket exported = EnrollmentTicket.parse(t.encodeExported());
    assertThat(exported.oneTimeCode()).isEqualTo(t.oneTimeCode());
    assertThat(exported.authorityRoute()).isEqualTo(t.authorityRoute());
    assertThat(exported.authorityChangeHistory()).isEqualTo(t.authorityChangeHistory());
    // the plain (not hex) text is read too
    String plain = new String(HexFormat.of().parseHex(t.encodeLegacy()), StandardCharsets.UTF_8);
    assertThat(EnrollmentTicket.parse(plain)).isEqualTo(t);
  }

  @Property(tries = 100)
  void aTicketWithoutAnAuthorityRouteIsRefused(@ForAll("tickets") EnrollmentTicket t) {
    String withoutRoute = String.join(",", t.projectId(), "", t.projectName(), t.oneTimeCode().hex(),
      t.projectChangeHistory(), t.authorityChangeHistory());
    assertThatThrownBy(() -> EnrollmentTicket.parse(withoutRoute)).isInstanceOf(DecodeException.class)
      .hasMessageContaining("no authority route");
    String legacy = t.encodeLegacy();
    String json = new String(HexFormat.of().parseHex(legacy), StandardCharsets.UTF_8)
      .replace("\"authority_access_route\":\"" + t.authorityRoute() + "\"", "\"authority_access_route\":null");
    assertThatThrownBy(() -> EnrollmentTicket.parse(json)).isInstanceOf(DecodeException.class)
      .hasMessageContaining("no authority route");
  }
}
