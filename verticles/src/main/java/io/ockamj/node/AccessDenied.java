package io.ockamj.node;

import java.util.Objects;

/**
 * A refusal that explains itself: an access control may fail its decision with this exception
 * instead of answering {@code false}, and the router then counts the drop under {@link #reason()}
 * and logs {@link #detail()} (for example the policy, the resource and the subject that it refused)
 * instead of its generic line. The message is dropped exactly as a plain refusal is.
 */
public final class AccessDenied extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** The reason the router counts the drop under; serialized with the exception. */
  private final DropReason reason;

  /**
   * @param reason the reason to count the drop under
   * @param detail what was refused and why, for the log (no secrets, no payload bytes)
   */
  public AccessDenied(DropReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** @return the reason to count the drop under */
  public DropReason reason() {
    return reason;
  }

  /** @return what was refused and why */
  public String detail() {
    return getMessage();
  }
}
