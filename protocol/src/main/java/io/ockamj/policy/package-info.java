/**
 * Ockam's attribute-based access control language (protocol reference §7): expressions
 * ({@link io.ockamj.policy.Expr}), their S-expression syntax ({@link io.ockamj.policy.ExprParser}),
 * the boolean shorthand ({@link io.ockamj.policy.BooleanExpr}), the policy expression that holds
 * either ({@link io.ockamj.policy.PolicyExpression}), their CBOR forms, and evaluation
 * ({@link io.ockamj.policy.Evaluator}).
 * <p>
 * <b>Deliberate differences from Rust Ockam 0.139</b>, all on the side of what a user means:
 * <ul>
 *   <li><b>Word boundaries in the shorthand.</b> Rust's shorthand parser matches the keywords
 *   {@code and}, {@code or} and {@code not} as prefixes, so {@code notable} parses as
 *   {@code not able} and {@code a orange} as {@code a or ange}. Here a keyword counts only when it
 *   is not followed by a name character: {@code notable} is the name {@code notable}, and
 *   {@code a orange} is an error.</li>
 *   <li><b>Comparison by value.</b> Rust compares values of different types as an error (so the
 *   shorthand's {@code (= subject.has_credential "true")} never admits, because the environment holds
 *   the boolean {@code true}, and {@code (> subject.level 3)} fails on the string attribute
 *   {@code "5"}). Here the strings {@code "true"}/{@code "false"} equal the booleans, and a string
 *   that reads as a number compares with a number (integers and floats compare numerically with each
 *   other too). Values that cannot be reconciled still fail with a type mismatch (deny).</li>
 *   <li><b>The {@code name = "value"} shorthand</b> (ours): {@code role = "web" and env = "prod"}
 *   means {@code (and (= subject.role "web") (= subject.env "prod"))}. Rust's boolean expression has
 *   no such term, so such an input becomes a full expression (and is shown as one).</li>
 *   <li><b>Bounds.</b> Inputs longer than {@link io.ockamj.policy.ExprParser#MAX_LENGTH} characters
 *   or nested deeper than {@link io.ockamj.policy.ExprParser#MAX_DEPTH} are refused with a typed
 *   error; nothing recurses on the native stack over the depth of an expression.</li>
 *   <li>Control characters in strings are displayed as <code>&#92;u{..}</code> escapes (Rust's debug form
 *   would print {@code \0}, which its own parser refuses), so that display always parses back.</li>
 * </ul>
 */
package io.ockamj.policy;
