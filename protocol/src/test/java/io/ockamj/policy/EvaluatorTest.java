package io.ockamj.policy;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Evaluation, the shorthand and our deliberate differences from Rust. */
class EvaluatorTest {

  private static final Map<String, Expr> ENV = Map.of(
    "subject.role", new Expr.Str("db-client"),
    "subject.level", new Expr.Str("5"),
    "subject.has_credential", new Expr.Bool(true),
    "subject.web", new Expr.Str("true"),
    "resource.id", new Expr.Str("outlet"));

  private static boolean allowed(String policy) {
    return Evaluator.isAllowed(PolicyExpression.parse(policy).toExpression(), ENV);
  }

  @Test
  void operators() {
    assertThat(allowed("(= subject.role \"db-client\")")).isTrue();
    assertThat(allowed("(= subject.role \"web\")")).isFalse();
    assertThat(allowed("(!= subject.role \"web\")")).isTrue();
    assertThat(Evaluator.isAllowed(ExprParser.parse("(and)"), ENV)).isTrue();
    assertThat(Evaluator.isAllowed(ExprParser.parse("(or)"), ENV)).isFalse();
    // as in Rust, the shorthand is tried first: "(and)" is the name "and" in parentheses
    assertThat(PolicyExpression.parse("(and)")).hasToString("and");
    assertThat(allowed("(or (= subject.role \"x\") (= resource.id \"outlet\"))")).isTrue();
    assertThat(allowed("(if (= subject.role \"db-client\") true false)")).isTrue();
    assertThat(allowed("(member? subject.role [\"web\" \"db-client\"])")).isTrue();
    assertThat(allowed("(exists? subject.role subject.level)")).isTrue();
    assertThat(allowed("(exists? subject.role subject.missing)")).isFalse();
    assertThat(allowed("(< 1 2 3)")).isTrue();
    assertThat(allowed("(> 3 2 2)")).isFalse();
  }

  @Test
  void shortCircuitSkipsUnboundIdentifiers() {
    assertThat(allowed("(or true subject.missing)")).isTrue();
    assertThat(allowed("(and false subject.missing)")).isFalse();
    assertThatThrownBy(() -> Evaluator.eval(ExprParser.parse("(and true subject.missing)"), ENV))
      .isInstanceOf(EvalException.class).hasMessage("unbound identifier: subject.missing");
  }

  @Test
  void comparesByValueUnlikeRust() {
    // Rust: type mismatch (deny); ours: the string "true" is the boolean true
    assertThat(allowed("(= subject.has_credential \"true\")")).isTrue();
    assertThat(allowed("has_credential")).isTrue();
    assertThat(allowed("web")).isTrue();
    // a numeric attribute compares with a number
    assertThat(allowed("(> subject.level 3)")).isTrue();
    assertThat(allowed("(= subject.level 5.0)")).isTrue();
    // irreconcilable values are still a mismatch, hence a denial, even under not
    assertThat(allowed("(!= subject.role 3)")).isFalse();
    assertThatThrownBy(() -> Evaluator.eval(ExprParser.parse("(= subject.role 3)"), ENV))
      .isInstanceOf(EvalException.class).extracting(e -> ((EvalException) e).reason())
      .isEqualTo(EvalException.Reason.TYPE_MISMATCH);
  }

  @Test
  void errorsAndNonBooleanResultsDeny() {
    assertThat(allowed("(= subject.nothing 1)")).isFalse();
    assertThat(Evaluator.isAllowed(ExprParser.parse("(if true 1 2)"), ENV)).isFalse();
    assertThatThrownBy(() -> Evaluator.eval(ExprParser.parse("(not true false)"), ENV))
      .hasMessage("malformed expression: 'not' requires one argument");
  }

  @Test
  void nameEqualsValueShorthandIsOurs() {
    PolicyExpression p = PolicyExpression.parse("role = \"db-client\" and env = \"prod\"");
    assertThat(p).isInstanceOf(PolicyExpression.Full.class)
      .hasToString("(and (= subject.role \"db-client\") (= subject.env \"prod\"))");
    assertThat(allowed("role = \"db-client\"")).isTrue();
    assertThat(allowed("role = \"web\" or web")).isTrue();
    assertThat(allowed("not (role = \"db-client\")")).isFalse();
  }

  @Test
  void keywordsNeedWordBoundariesUnlikeRust() {
    // Rust reads "notable" as (not able) and "a orange" as (a or ange)
    assertThat(BooleanParser.parse("notable")).isEqualTo(new BooleanExpr.Name("notable"));
    assertThat(BooleanParser.parse("android")).isEqualTo(new BooleanExpr.Name("android"));
    assertThatThrownBy(() -> BooleanParser.parse("a orange"))
      .hasMessage("successfully parsed: `a`, but ` orange` cannot be parsed");
    assertThat(BooleanParser.parse("not(a)and(b)")).hasToString("(not a) and b");
  }

  @Test
  void parseErrorsAsRust() {
    assertThatThrownBy(() -> PolicyExpression.parse("a and"))
      .hasMessage("Cannot parse the expression as either a simple boolean expression or a full policy expression:\n"
        + " - successfully parsed: `a`, but ` and` cannot be parsed\n"
        + " - The first identifier of the expression: `a and` must be an operation. The available operations are: "
        + "and, or, not, if, <, >, =, !=, member?, exists?");
    assertThatThrownBy(() -> ExprParser.parse("(= a")).hasMessage("unclosed '('");
    assertThatThrownBy(() -> ExprParser.parse("(= [1 \"a\"] x)")).hasMessage("1 and \"a\" are not of the same type");
    assertThatThrownBy(() -> ExprParser.parse("")).hasMessage("empty expression value");
  }

  @Test
  void boundsAreTyped() {
    String deep = "(and ".repeat(ExprParser.MAX_DEPTH + 1);
    assertThatThrownBy(() -> ExprParser.parse(deep)).isInstanceOf(PolicyParseException.class)
      .extracting(e -> ((PolicyParseException) e).reason()).isEqualTo(PolicyParseException.Reason.TOO_DEEP);
    String longOne = "(= a \"" + "x".repeat(ExprParser.MAX_LENGTH) + "\")";
    assertThatThrownBy(() -> PolicyExpression.parse(longOne)).isInstanceOf(PolicyParseException.class)
      .extracting(e -> ((PolicyParseException) e).reason()).isEqualTo(PolicyParseException.Reason.TOO_LONG);
    String nots = "not ".repeat(BooleanParser.MAX_NESTING + 1) + "a";
    assertThatThrownBy(() -> BooleanParser.parse(nots)).extracting(e -> ((PolicyParseException) e).reason())
      .isEqualTo(PolicyParseException.Reason.TOO_DEEP);
  }

  @Test
  void explainsWhichSubExpressionDecided() {
    Expr e = PolicyExpression.parse("(and (= subject.has_credential true) (= subject.role \"web\"))").toExpression();
    Explanation x = Explanation.of(e, ENV);
    assertThat(x.allowed()).isFalse();
    assertThat(x.decidedBy()).hasToString("(= subject.role \"web\")");
    Explanation y = Explanation.of(ExprParser.parse("(= subject.nope 1)"), ENV);
    assertThat(y.error()).isEqualTo("unbound identifier: subject.nope");
  }
}
