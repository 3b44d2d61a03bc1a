package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.verticles.relay.RelayService;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@code POST /node/relay} asks for, with the fields of Rust's {@code CreateRelay} request
 * ({@code ockam_api::nodes::models::relay}): the relay name, the route to the relay node, an optional
 * authorized identity, an optional relay address and when to answer.
 *
 * @param name the relay's name on this node (its key in {@code relay list/show/delete})
 * @param at the route to the relay node, e.g. {@code /node/relay} or {@code /node/relay/secure/api}
 * @param authorized if not {@code null}, the only identity the secure channels opened on the way to
 *   the relay node (the {@code /secure/...} parts of {@code at}) accept, as Rust; without a
 *   {@code /secure/} part it checks nothing, also as Rust
 * @param relayAddress the name registered at the relay node, which then forwards
 *   {@code forward_to_RELAY_ADDRESS}; {@code null} means {@code name}
 * @param waitForConnection {@code true} (Rust's {@code AfterConnection}): answer once the relay is up
 *   or failed; {@code false} ({@code Immediately}): answer at once while it connects in the background
 * @param timeout how long the first registration may take when waiting
 */
public record CreateRelay(String name, MultiAddr at, Identifier authorized, String relayAddress,
                          boolean waitForConnection, Duration timeout) {

  /**
   * Checks the required parts.
   *
   * @param name the relay name
   * @param at the route to the relay node
   * @param authorized the authorized identity or {@code null}
   * @param relayAddress the relay address or {@code null}
   * @param waitForConnection whether to wait
   * @param timeout the first registration's time limit
   */
  public CreateRelay {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * A request that waits for the relay, checks no identity and registers the relay under its name.
   *
   * @param name the relay name
   * @param at the route to the relay node
   * @param timeout how long the first registration may take
   * @return the request
   */
  public static CreateRelay of(String name, MultiAddr at, Duration timeout) {
    return new CreateRelay(name, at, null, null, true, timeout);
  }

  /** @return the name registered at the relay node: the relay address, else the name */
  public String effectiveRelayAddress() {
    return relayAddress != null ? relayAddress : name;
  }

  /** @return the relay's worker address on the relay node, {@code forward_to_} and the relay address */
  public String remoteAddress() {
    return RelayService.DEFAULT_PREFIX + effectiveRelayAddress();
  }
}
