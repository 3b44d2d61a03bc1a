package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.store.Store;

import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of a {@link NodeManager}: who may administer the node, and where it keeps the outlets,
 * inlets and relays created through its API (see {@link NodeResources}).
 */
public class NodeManagerOptions {

  private final List<Identifier> admins = new ArrayList<>();
  private Store store;
  private final List<Identifier> authorities = new ArrayList<>();

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
    store = other.store;
    authorities.addAll(other.authorities);
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

  /**
   * @return the store for outlets, inlets and relays, or {@code null}
   */
  public Store getStore() {
    return store;
  }

  /**
   * Sets the store in which the node's outlets, inlets and relays are kept (rows of the node named
   * like the {@link io.ockamj.node.Node}, which must be stored there), and in which {@code /node/NAME}
   * in routes is looked up. Without a store nothing is persisted and {@code /node/NAME} is refused.
   *
   * @param store the store, or {@code null}
   * @return this
   */
  public NodeManagerOptions setStore(Store store) {
    this.store = store;
    return this;
  }

  /**
   * @return the node's authorities: with one, resources without a policy admit
   *     {@code (= subject.has_credential true)}, as in Rust Ockam; without, they admit everyone
   */
  public List<Identifier> getAuthorities() {
    return authorities;
  }

  /**
   * @param authority an authority whose credentials the node accepts
   * @return this
   */
  public NodeManagerOptions addAuthority(Identifier authority) {
    if (!authorities.contains(authority)) {
      authorities.add(authority);
    }
    return this;
  }
}
