package io.ockamj.store;

import java.util.Objects;

/**
 * One stored policy: the expression that decides whether a subject may perform an action on a
 * resource, either named ({@link Target#RESOURCE}) or on every resource of a type
 * ({@link Target#RESOURCE_TYPE}).
 *
 * @param nodeName the node the policy belongs to
 * @param target whether {@code resource} is a resource name or a resource type
 * @param resource the resource name (e.g. an outlet address) or type (e.g. {@code tcp-outlet})
 * @param action the action, {@code handle_message}
 * @param expression the policy in its display form
 */
public record PolicyRecord(String nodeName, Target target, String resource, String action, String expression) {

  /** What a policy applies to. */
  public enum Target {
    /** One resource, by name. */
    RESOURCE,
    /** Every resource of a type. */
    RESOURCE_TYPE
  }

  /** The only action Ockam has. */
  public static final String HANDLE_MESSAGE = "handle_message";

  /**
   * Validates the components.
   *
   * @param nodeName the node
   * @param target the target kind
   * @param resource the resource name or type
   * @param action the action
   * @param expression the expression
   */
  public PolicyRecord {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(expression, "expression");
  }
}
