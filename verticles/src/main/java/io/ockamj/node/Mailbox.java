package io.ockamj.node;

import io.ockamj.protocol.Address;

import java.util.Objects;

/**
 * One address of a worker together with its access controls.
 *
 * @param address the address
 * @param incoming who may deliver messages to it
 * @param outgoing where messages sent from it may go
 */
public record Mailbox(Address address, IncomingAccessControl incoming, OutgoingAccessControl outgoing) {

  /**
   * Validates the components.
   *
   * @param address the address
   * @param incoming who may deliver messages to it
   * @param outgoing where messages sent from it may go
   */
  public Mailbox {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(incoming, "incoming");
    Objects.requireNonNull(outgoing, "outgoing");
    if (!address.isLocal()) {
      throw new IllegalArgumentException("a mailbox address must be local: " + address);
    }
  }

  /**
   * @param address the address
   * @return a mailbox that lets everything in and out
   */
  public static Mailbox allowAll(Address address) {
    return new Mailbox(address, AccessControls.ALLOW_ALL_INCOMING, AccessControls.ALLOW_ALL_OUTGOING);
  }

  /**
   * @param address the address text
   * @return a mailbox that lets everything in and out
   */
  public static Mailbox allowAll(String address) {
    return allowAll(Address.local(address));
  }
}
