package io.ockamj.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every vector of {@code abac.json}. */
class PolicyVectorsTest {

  private static final Set<String> KINDS = Set.of("eval", "expr_cbor", "parse_error", "parse_eval_roundtrip",
    "boolean_to_expression", "boolean_display", "boolean_parse_name", "boolean_parse", "boolean_parse_error",
    "policy_from_str", "policy_json_invalid");

  @TestFactory
  Stream<DynamicTest> vectors() {
    List<JsonNode> all = Vectors.vectors("abac.json", null);
    return all.stream().map(v -> DynamicTest.dynamicTest(v.get("id").asText(), () -> check(v)));
  }

  private static void check(JsonNode v) throws Exception {
    String kind = v.get("kind").asText();
    assertThat(KINDS).as("a known kind").contains(kind);
    switch (kind) {
      case "eval" -> {
        Map<String, Expr> env = new HashMap<>();
        v.get("environment").properties().forEach(e -> env.put(e.getKey(), value(e.getValue())));
        Expr expr = ExprParser.parse(v.get("expression").asText());
        JsonNode expected = v.get("expected");
        if (expected.has("error")) {
          assertThatThrownBy(() -> Evaluator.eval(expr, env)).isInstanceOf(EvalException.class)
            .extracting(e -> ((EvalException) e).reason().name())
            .isEqualTo(expected.get("error").asText().toUpperCase());
        } else {
          assertThat(Evaluator.eval(expr, env)).isEqualTo(value(expected));
        }
      }
      case "expr_cbor" -> {
        Expr expr = ExprParser.parse(v.get("expression").asText());
        CborWriter w = new CborWriter();
        PolicyCbor.write(w, expr);
        assertThat(HexFormat.of().formatHex(w.toByteArray())).isEqualTo(v.at("/computed/cbor_hex").asText());
        assertThat(expr).hasToString(v.at("/computed/display").asText());
        assertThat(PolicyCbor.readExpr(new io.ockamj.protocol.cbor.CborReader(w.toByteArray()))).isEqualTo(expr);
      }
      case "parse_error" -> assertThatThrownBy(() -> ExprParser.parse(v.get("expression").asText()))
        .isInstanceOf(PolicyParseException.class).hasMessageContaining(v.get("expected_error_contains").asText());
      case "parse_eval_roundtrip" -> {
        Expr expr = ExprParser.parse(v.get("expression").asText());
        assertThat(Evaluator.eval(expr, Map.of())).isEqualTo(new Expr.Bool(v.get("expected_eval").asBoolean()));
        String display = expr.toString();
        assertThat(display).hasSize(v.at("/computed/display_length").asInt());
        byte[] sha = MessageDigest.getInstance("SHA-256").digest(display.getBytes(StandardCharsets.UTF_8));
        assertThat(HexFormat.of().formatHex(sha)).isEqualTo(v.at("/computed/display_sha256").asText());
        assertThat(ExprParser.parse(display)).isEqualTo(expr);
      }
      case "boolean_to_expression" -> {
        BooleanExpr b = bool(v.get("boolean_expr"));
        assertThat(b.toExpression()).hasToString(v.at("/computed/to_expression_display").asText());
        assertThat(b.toExpression().equals(ExprParser.parse(v.get("test_expression_text").asText())))
          .isEqualTo(v.at("/computed/structurally_equal_to_test_text").asBoolean());
      }
      case "boolean_display" -> assertThat(bool(v.get("boolean_expr"))).hasToString(v.get("expected_display").asText());
      case "boolean_parse_name" -> {
        if (v.get("expected").isNull()) {
          assertThatThrownBy(() -> BooleanParser.parseName(v.get("input").asText()))
            .isInstanceOf(PolicyParseException.class).hasMessageContaining(v.get("expected_error_contains").asText());
        } else {
          assertThat(BooleanParser.parse(v.get("input").asText())).isEqualTo(bool(v.get("expected")));
        }
      }
      case "boolean_parse" -> {
        BooleanExpr b = BooleanParser.parse(v.get("input").asText());
        assertThat(b).isEqualTo(bool(v.get("expected")));
        assertThat(b).hasToString(v.at("/computed/display").asText());
        assertThat(b.toExpression()).hasToString(v.at("/computed/expression").asText());
        assertThat(BooleanParser.parse(b.toString())).isEqualTo(b);
      }
      case "boolean_parse_error" -> assertThatThrownBy(() -> BooleanParser.parse(v.get("input").asText()))
        .isInstanceOf(PolicyParseException.class).hasMessageContaining(v.get("expected_error_contains").asText());
      case "policy_from_str" -> {
        PolicyExpression p = PolicyExpression.parse(v.get("input").asText());
        assertThat(p).isInstanceOf(v.get("expected_variant").asText().equals("full")
          ? PolicyExpression.Full.class : PolicyExpression.Boolean.class);
        assertThat(p).hasToString(v.at("/computed/display").asText());
        assertThat(new ObjectMapper().writeValueAsString(p.toString())).isEqualTo(v.at("/computed/json").asText());
        assertThat(HexFormat.of().formatHex(p.encode())).isEqualTo(v.at("/computed/cbor_hex").asText());
        assertThat(PolicyExpression.decode(p.encode())).isEqualTo(p);
      }
      case "policy_json_invalid" -> assertThatThrownBy(() -> new ObjectMapper().enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .readValue(v.get("json").asText(), String.class))
        .isInstanceOf(com.fasterxml.jackson.core.JacksonException.class);
      default -> throw new AssertionError(kind);
    }
  }

  private static Expr value(JsonNode n) {
    if (n.has("bool")) {
      return new Expr.Bool(n.get("bool").asBoolean());
    }
    if (n.has("str")) {
      return new Expr.Str(n.get("str").asText());
    }
    if (n.has("int")) {
      return new Expr.Int(n.get("int").asLong());
    }
    throw new AssertionError("unknown value " + n);
  }

  private static BooleanExpr bool(JsonNode n) {
    if (n.has("name")) {
      return new BooleanExpr.Name(n.get("name").asText());
    }
    if (n.has("and")) {
      return new BooleanExpr.And(bool(n.get("and").get(0)), bool(n.get("and").get(1)));
    }
    if (n.has("or")) {
      return new BooleanExpr.Or(bool(n.get("or").get(0)), bool(n.get("or").get(1)));
    }
    if (n.has("not")) {
      return new BooleanExpr.Not(bool(n.get("not")));
    }
    throw new AssertionError("unknown boolean expression " + n);
  }
}
