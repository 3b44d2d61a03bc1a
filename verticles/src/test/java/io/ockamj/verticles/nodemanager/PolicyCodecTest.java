package io.ockamj.verticles.nodemanager;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.store.PolicyRecord;
import io.ockamj.verticles.policy.ResourceType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rust's policy API bodies: known bytes, round trips (jqwik) and a Jazzer fuzz test of the decoders
 * (only {@link DecodeException} may escape).
 */
class PolicyCodecTest {

  @Test
  void setPolicyRequestAsRustEncodesIt() {
    byte[] b = PolicyCodec.setPolicy(new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE_TYPE, "tcp-outlet"),
      PolicyExpression.parse("test"));
    // {1: [1, [2]], 2: [1, [[0, ["test"]]]]}
    assertThat(HexFormat.of().formatHex(b)).isEqualTo("a2018201810202" + "8201818200816474657374");
    PolicyCodec.SetPolicy back = PolicyCodec.setPolicy(b);
    assertThat(back.resource().value()).isEqualTo("tcp-outlet");
    assertThat(back.expression()).hasToString("test");
  }

  @Provide
  Arbitrary<PolicyCodec.Resource> resources() {
    return Arbitraries.oneOf(
      Arbitraries.of(ResourceType.values()).map(t -> new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE_TYPE, t.text())),
      Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(n -> new PolicyCodec.Resource(PolicyRecord.Target.RESOURCE, n)));
  }

  @Provide
  Arbitrary<PolicyCodec.Policy> policies() {
    return Combinators.combine(resources(), Arbitraries.of("(= subject.role \"db\")", "(and (= subject.a \"true\") (not (< 1 2)))",
      "(member? subject.x [\"a\" \"b\"])", "(or)")).as((r, e) -> new PolicyCodec.Policy(r, PolicyExpression.parse(e).toExpression()));
  }

  @Provide
  Arbitrary<List<PolicyCodec.Policy>> policyLists() {
    return policies().list().ofMaxSize(6);
  }

  @Property
  void resourcesRoundTrip(@ForAll("resources") PolicyCodec.Resource r) {
    assertThat(PolicyCodec.resource(PolicyCodec.resource(r))).isEqualTo(r);
  }

  @Property
  void policyListsRoundTripInRustsOrder(@ForAll("policyLists") List<PolicyCodec.Policy> ps) {
    List<PolicyCodec.Policy> byName = ps.stream().filter(p -> p.resource().target() == PolicyRecord.Target.RESOURCE).toList();
    List<PolicyCodec.Policy> byType = ps.stream().filter(p -> p.resource().target() == PolicyRecord.Target.RESOURCE_TYPE).toList();
    List<PolicyCodec.Policy> expected = new java.util.ArrayList<>(byName);
    expected.addAll(byType);
    assertThat(PolicyCodec.policies(PolicyCodec.policies(ps))).isEqualTo(expected);
  }

  @FuzzTest
  void decoders(byte[] data) {
    try {
      PolicyCodec.setPolicy(data);
    } catch (DecodeException expected) {
      // malformed
    }
    try {
      PolicyCodec.policies(data);
    } catch (DecodeException expected) {
      // malformed
    }
    try {
      PolicyCodec.Policy p = PolicyCodec.policy(data);
      assertThat(PolicyCodec.policy(PolicyCodec.policy(p))).isEqualTo(p);
    } catch (DecodeException expected) {
      // malformed
    }
  }
}
