package io.ockamj.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.protocol.errors.DecodeException;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz tests of the policy parsers and the CBOR decoder: only the typed exceptions may
 * escape, and whatever parses displays to a form that parses to the same expression.
 */
class PolicyFuzzTest {

  @FuzzTest
  void parse(byte[] data) {
    String s = new String(data, StandardCharsets.UTF_8);
    PolicyExpression p;
    try {
      p = PolicyExpression.parse(s);
    } catch (PolicyParseException expected) {
      return;
    }
    Evaluator.isAllowed(p.toExpression(), Map.of("subject.a", new Expr.Str("true")));
    Explanation.of(p.toExpression(), Map.of());
    assertThat(PolicyExpression.parse(p.toString()).toExpression()).isEqualTo(p.toExpression());
  }

  @FuzzTest
  void decodeCbor(byte[] data) {
    PolicyExpression p;
    try {
      p = PolicyExpression.decode(data);
    } catch (DecodeException expected) {
      return;
    }
    assertThat(PolicyExpression.decode(p.encode())).isEqualTo(p);
  }
}
