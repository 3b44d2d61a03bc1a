package io.ockamj.verticles.nodemanager;

import io.ockamj.node.FlowControlId;

import java.util.List;
import java.util.Optional;

/**
 * A secure channel listener, as {@code GET /node/secure_channel_listener} lists it.
 *
 * @param address the listener's local address, for example {@code api}
 * @param trusted the identifiers it accepts channels from; empty means every identity that proves itself
 * @param identity the name of the identity it proves, if not the node's; else {@code null}
 * @param flowControlId the listener's spawner flow control id (Rust's {@code flow_control_id}): the
 *   services it lets channels reach are its consumers ({@code flow-control add-consumer}); {@code null}
 *   when the node did not say
 */
public record SecureChannelListenerInfo(String address, List<String> trusted, String identity, String flowControlId) {

  /**
   * A listener whose flow control id is not known.
   *
   * @param address the address
   * @param trusted the trusted identifiers
   * @param identity the identity name or {@code null}
   */
  public SecureChannelListenerInfo(String address, List<String> trusted, String identity) {
    this(address, trusted, identity, null);
  }

  /**
   * A listener that proves the node's identity.
   *
   * @param address the address
   * @param trusted the trusted identifiers
   */
  public SecureChannelListenerInfo(String address, List<String> trusted) {
    this(address, trusted, null, null);
  }

  /**
   * @param id the listener's spawner flow control id (as Rust's {@code SecureChannelListener} carries it), if any
   * @return this listener with that flow control id
   */
  public SecureChannelListenerInfo withFlowControlId(Optional<FlowControlId> id) {
    return new SecureChannelListenerInfo(address, trusted, identity, id.map(FlowControlId::value).orElse(null));
  }


  /**
   * Copies the list of trusted identifiers, so that the record cannot change under its reader.
   *
   * @param address the listener's local address
   * @param trusted the identifiers it accepts channels from; empty means every identity that proves itself
   * @param identity the name of the identity it proves, or {@code null} for the node's
   * @param flowControlId its flow control id, or {@code null}
   */
  public SecureChannelListenerInfo {
    trusted = List.copyOf(trusted);
  }
}
