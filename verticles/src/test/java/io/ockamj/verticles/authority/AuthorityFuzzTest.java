package io.ockamj.verticles.authority;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.protocol.errors.DecodeException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Jazzer fuzz targets for the authority's decoders of untrusted bytes: request bodies of the member
 * store, token and Okta services, Okta userinfo answers, and enrollment tickets. In a normal build they run in regression mode
 * over the seeds in {@code src/test/resources/io/ockamj/verticles/authority/AuthorityFuzzTestInputs/};
 * with {@code JAZZER_FUZZ=1} they fuzz. Only {@link DecodeException} may escape.
 */
class AuthorityFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void memberStoreRequests(byte[] data) {
    try {
      AuthorityMessages.AddMember add = AuthorityMessages.AddMember.decode(data);
      AuthorityMessages.AddMember again = AuthorityMessages.AddMember.decode(add.encode());
      if (!again.equals(add)) {
        throw new AssertionError("AddMember does not survive re-encoding");
      }
    } catch (DecodeException expected) {
      // refused
    }
    try {
      AuthorityMessages.CreateToken t = AuthorityMessages.CreateToken.decode(data);
      if (!AuthorityMessages.CreateToken.decode(t.encode()).equals(t)) {
        throw new AssertionError("CreateToken does not survive re-encoding");
      }
    } catch (DecodeException expected) {
      // refused
    }
    try {
      OneTimeCode c = OneTimeCode.decode(data);
      if (!OneTimeCode.decode(c.encode()).equals(c)) {
        throw new AssertionError("OneTimeCode does not survive re-encoding");
      }
    } catch (DecodeException expected) {
      // refused
    }
    try {
      AuthorityMessages.decodeMembers(data);
    } catch (DecodeException expected) {
      // refused
    }
    try {
      AuthorityMessages.decodeIdentifiers(data);
    } catch (DecodeException expected) {
      // refused
    }
    try {
      java.util.Map<String, String> attrs = AuthorityMessages.decodeStoredAttributes(data);
      byte[] stored = AuthorityMessages.encodeStoredAttributes(attrs);
      if (!AuthorityMessages.decodeStoredAttributes(stored).equals(attrs)
        || !Arrays.equals(AuthorityMessages.encodeStoredAttributes(AuthorityMessages.decodeStoredAttributes(stored)), stored)) {
        throw new AssertionError("stored attributes do not survive re-encoding");
      }
    } catch (DecodeException expected) {
      // refused
    }
  }

  @FuzzTest(maxDuration = "30s")
  void enrollmentTickets(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    EnrollmentTicket t;
    try {
      t = EnrollmentTicket.parse(text);
    } catch (DecodeException expected) {
      return;
    }
    if (t.authorityRoute() == null || t.authorityRoute().isBlank()) {
      throw new AssertionError("a ticket without an authority route was accepted");
    }
    if (!EnrollmentTicket.parse(t.encodeLegacy()).equals(t)) {
      throw new AssertionError("the legacy form does not survive re-encoding");
    }
  }

  @FuzzTest(maxDuration = "30s")
  void oktaBodies(byte[] data) {
    try {
      OidcToken t = OidcToken.decode(data);
      if (!OidcToken.decode(t.encode()).equals(t)) {
        throw new AssertionError("OidcToken does not survive re-encoding");
      }
    } catch (DecodeException expected) {
      // refused
    }
    java.util.List<String> names = java.util.List.of("email", "name", "sub", "a");
    try {
      java.util.Map<String, String> attrs = OktaUserInfo.claims(io.vertx.core.buffer.Buffer.buffer(data), names);
      if (!names.containsAll(attrs.keySet())) {
        throw new AssertionError("a claim that was not asked for was kept: " + attrs.keySet());
      }
      AuthorityMessages.decodeStoredAttributes(AuthorityMessages.encodeStoredAttributes(attrs));
    } catch (OktaException expected) {
      if (expected.kind() != OktaException.Kind.BAD_BODY) {
        throw new AssertionError("unexpected kind " + expected.kind());
      }
    }
  }
}
