package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;

import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of a {@link NodeManager}: who may administer the node.
 */
public class NodeManagerOptions {

  private final List<Identifier> admins = new ArrayList<>();

  /** Creates options with no administrator (add at least one, or the API refuses everything). */
  public NodeManagerOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public NodeManagerOptions(NodeManagerOptions other) {
    admins.addAll(other.admins);
  }

  /**
   * @return the identities whose requests are served
   */
  public List<Identifier> getAdmins() {
    return admins;
  }

  /**
   * @param admin an identity whose requests are served (arriving through a secure channel it proved)
   * @return this
   */
  public NodeManagerOptions addAdmin(Identifier admin) {
    if (!admins.contains(admin)) {
      admins.add(admin);
    }
    return this;
  }
}
