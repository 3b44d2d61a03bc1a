package io.ockamj.verticles.policy;

import io.ockamj.policy.Expr;
import io.ockamj.policy.Explanation;

import java.util.Map;

/**
 * The outcome of checking a subject against the policy of a resource.
 *
 * @param allowed whether the subject is admitted
 * @param resource the resource name
 * @param resourceType the resource type
 * @param source where the policy came from: {@code resource}, {@code resource-type}, {@code default}
 *     (the authority default) or {@code none} (no policy and no authority: everyone is admitted)
 * @param expression the policy in display form, or {@code null} for {@code none}
 * @param environment the subject's attributes and the resource and action, as evaluated
 * @param explanation the value and deciding sub-expression, or {@code null} for {@code none}
 */
public record PolicyDecision(boolean allowed, String resource, String resourceType, String source, String expression,
                             Map<String, Expr> environment, Explanation explanation) {

  /** @return the rule that decided, for logs: the deciding sub-expression, or the source */
  public String rule() {
    if (explanation == null) {
      return source;
    }
    String why = explanation.error() != null ? " (" + explanation.error() + ")" : "";
    return explanation.decidedBy() + why + " of the " + source + " policy " + expression;
  }
}
