package io.ockamj.verticles.policy;

import io.ockamj.policy.Expr;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.store.PolicyRecord.Target;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/** Policy lookup, defaults with and without an authority, and the subject's environment. */
class PoliciesTest {

  private static Policies policies(Set<String> authorities) {
    return new Policies("n1", new InMemoryPolicyRepository(),
      new SubjectAttributes(null, null, authorities, Clock.systemUTC()), null);
  }

  @Test
  void withoutAnAuthorityOrPolicyEveryoneIsAdmitted() {
    PolicyDecision d = await(policies(Set.of()).check("outlet", ResourceType.TCP_OUTLET, "I01"));
    assertThat(d.allowed()).isTrue();
    assertThat(d.source()).isEqualTo("none");
  }

  @Test
  void withAnAuthorityTheDefaultNeedsACredential() {
    PolicyDecision d = await(policies(Set.of("Iauthority")).check("outlet", ResourceType.TCP_OUTLET, "I01"));
    assertThat(d.allowed()).isFalse();
    assertThat(d.source()).isEqualTo("default");
    assertThat(d.expression()).isEqualTo(Policies.DEFAULT_EXPRESSION);
    assertThat(d.environment()).containsEntry("subject.has_credential", new Expr.Bool(false))
      .containsEntry("subject.identifier", new Expr.Str("I01"));
  }

  @Test
  void aResourcePolicyWinsOverTheTypePolicyAndNoIdentityIsRefused() {
    Policies p = policies(Set.of());
    await(p.set(Target.RESOURCE_TYPE, "tcp-outlet", PolicyExpression.parse("(= subject.identifier \"I02\")")));
    assertThat(await(p.check("outlet", ResourceType.TCP_OUTLET, "I01")).allowed()).isFalse();
    assertThat(await(p.check("outlet", ResourceType.TCP_OUTLET, "I02")).source()).isEqualTo("resource-type");
    await(p.set(Target.RESOURCE, "outlet", PolicyExpression.parse("(= subject.identifier \"I01\")")));
    PolicyDecision d = await(p.check("outlet", ResourceType.TCP_OUTLET, "I01"));
    assertThat(d.allowed()).isTrue();
    assertThat(d.source()).isEqualTo("resource");
    assertThat(await(p.check("outlet", ResourceType.TCP_OUTLET, null)).allowed()).isFalse();
    // stored as the full expression, as Rust stores it
    await(p.set(Target.RESOURCE, "x", PolicyExpression.parse("web")));
    assertThat(await(p.get(Target.RESOURCE, "x")).orElseThrow().expression()).isEqualTo("(= subject.web \"true\")");
  }

  @Test
  void storedAttributesDecodeFromRustsForms() {
    byte[] map = new CborWriter().map(2).bytes("role".getBytes(StandardCharsets.UTF_8)).bytes("db".getBytes(StandardCharsets.UTF_8))
      .bytes("bad".getBytes(StandardCharsets.UTF_8)).bytes(new byte[] {(byte) 0xff}).toByteArray();
    assertThat(SubjectAttributes.decode(map)).isEqualTo(Map.of("role", "db"));
    byte[] withSchema = new CborWriter().array(2).u64(1).map(1).bytes("a".getBytes(StandardCharsets.UTF_8))
      .bytes("b".getBytes(StandardCharsets.UTF_8)).toByteArray();
    assertThat(SubjectAttributes.decode(withSchema)).isEqualTo(Map.of("a", "b"));
    assertThat(SubjectAttributes.decode(new byte[] {(byte) 0xa5})).isEmpty();
  }
}
