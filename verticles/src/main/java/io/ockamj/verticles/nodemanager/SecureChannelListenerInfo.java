package io.ockamj.verticles.nodemanager;

import java.util.List;

/**
 * A secure channel listener, as {@code GET /node/secure_channel_listener} lists it.
 *
 * @param address the listener's local address, for example {@code api}
 * @param trusted the identifiers it accepts channels from; empty means every identity that proves itself
 * @param identity the name of the identity it proves, if not the node's; else {@code null}
 */
public record SecureChannelListenerInfo(String address, List<String> trusted, String identity) {

  /**
   * A listener that proves the node's identity.
   *
   * @param address the address
   * @param trusted the trusted identifiers
   */
  public SecureChannelListenerInfo(String address, List<String> trusted) {
    this(address, trusted, null);
  }


  /**
   * Copies the list of trusted identifiers, so that the record cannot change under its reader.
   *
   * @param address the listener's local address
   * @param trusted the identifiers it accepts channels from; empty means every identity that proves itself
   * @param identity the name of the identity it proves, or {@code null} for the node's
   */
  public SecureChannelListenerInfo {
    trusted = List.copyOf(trusted);
  }
}
