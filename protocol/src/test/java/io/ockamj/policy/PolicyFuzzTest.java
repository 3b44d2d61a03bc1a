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
    // the display parses back with the parser of its kind (through PolicyExpression.parse, the display of
    // a full expression such as the lone operator `not` reads as the shorthand name `not`, as in Rust)
    Expr again = p instanceof PolicyExpression.Full ? ExprParser.parse(p.toString())
      : BooleanParser.parse(p.toString()).toExpression();
    assertThat(again).isEqualTo(p.toExpression());
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
