package io.ockamj.verticles.nodemanager;

import io.ockamj.protocol.api.Status;
import io.ockamj.protocol.errors.OckamException;

/**
 * A node-manager request that the node answered with a status other than 200.
 */
public class NodeManagerException extends OckamException {

  private static final long serialVersionUID = 1L;

  /** The status the node manager answered. */
  private final Status status;

  /**
   * @param status the status of the response
   * @param message the error message of the response
   */
  public NodeManagerException(Status status, String message) {
    super(message, null, false);
    this.status = status;
  }

  /**
   * @return the status of the response, or {@code null} if it had none
   */
  public Status status() {
    return status;
  }
}
