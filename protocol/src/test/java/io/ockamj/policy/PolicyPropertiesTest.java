package io.ockamj.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Properties of the policy parsers (Rust's quickcheck properties in {@code expr.rs}, and ours). */
class PolicyPropertiesTest {

  @Provide
  Arbitrary<Expr> expressions() {
    Arbitrary<Expr> scalars = Arbitraries.oneOf(
      Arbitraries.strings().ofMaxLength(8).map(Expr.Str::new),
      Arbitraries.longs().map(Expr.Int::new),
      Arbitraries.doubles().map(Expr.Float::new),
      Arbitraries.of(true, false).map(Expr.Bool::new),
      Arbitraries.of("subject.role", "resource.id", "x", "a.b-c").map(Expr.Ident::new));
    Arbitrary<Expr> leaf = Arbitraries.lazy(() -> Arbitraries.oneOf(scalars, scalars.list().ofMaxSize(3)
      .map(l -> l.isEmpty() ? new Expr.Seq(l) : new Expr.Seq(l.stream().filter(e -> e.index() == l.get(0).index()).toList()))));
    Arbitrary<Expr> args = Arbitraries.recursive(() -> leaf,
      inner -> inner.list().ofMaxSize(4).map(l -> (Expr) new Expr.Apply(l)), 0, 3);
    return Combinators2.headed(args);
  }

  /** Builds applications whose head is an operator. */
  static final class Combinators2 {
    static Arbitrary<Expr> headed(Arbitrary<Expr> args) {
      return net.jqwik.api.Combinators.combine(Arbitraries.of(ExprParser.OPERATORS), args.list().ofMaxSize(4))
        .as((op, rest) -> {
          List<Expr> items = new java.util.ArrayList<>();
          items.add(new Expr.Ident(op));
          items.addAll(rest);
          return new Expr.Apply(items);
        });
    }
  }

  @Property
  void displayParsesBack(@ForAll("expressions") Expr e) {
    assertThat(ExprParser.parse(e.toString())).isEqualTo(e);
  }

  @Property
  void cborRoundTrips(@ForAll("expressions") Expr e) {
    PolicyExpression p = new PolicyExpression.Full(e);
    assertThat(PolicyExpression.decode(p.encode())).isEqualTo(p);
  }

  @Property
  void malformedInputFails(@ForAll @StringLength(max = 40) String prefix) {
    String alphabet = " )([]\"abc123.";
    StringBuilder sb = new StringBuilder();
    for (char c : prefix.toCharArray()) {
      sb.append(alphabet.charAt(Math.floorMod(c, alphabet.length())));
    }
    sb.append('#');
    assertThatThrownBy(() -> ExprParser.parse(sb.toString())).isInstanceOf(PolicyParseException.class);
  }

  @Property
  void anyInputParsesOrFailsTyped(@ForAll @StringLength(max = 60) String s) {
    try {
      PolicyExpression p = PolicyExpression.parse(s);
      Evaluator.isAllowed(p.toExpression(), java.util.Map.of());
      // the display parses back with the parser of its kind (through PolicyExpression.parse, the display of
      // a full expression such as the lone operator `not` reads as the shorthand name `not`, as in Rust)
      Expr again = p instanceof PolicyExpression.Full ? ExprParser.parse(p.toString())
        : BooleanParser.parse(p.toString()).toExpression();
      assertThat(again).isEqualTo(p.toExpression());
    } catch (PolicyParseException expected) {
      assertThat(expected.getMessage()).isNotEmpty();
    }
  }

  @Property
  void equalityBySymmetricValue(@ForAll("expressions") Expr a, @ForAll("expressions") Expr b) {
    boolean ab;
    try {
      ab = Values.equal(a, b);
    } catch (EvalException e) {
      assertThatThrownBy(() -> Values.equal(b, a)).isInstanceOf(EvalException.class);
      return;
    }
    assertThat(Values.equal(b, a)).isEqualTo(ab);
  }
}
