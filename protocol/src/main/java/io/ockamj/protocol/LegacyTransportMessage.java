package io.ockamj.protocol;

import java.util.Objects;

/**
 * A decoded legacy BARE transport message (UDS, WebSocket and BLE transports): the version byte it
 * carried and the message. See {@link LegacyTransportMessageCodec}.
 *
 * @param version {@link LegacyTransportMessageCodec#VERSION_1} or {@link LegacyTransportMessageCodec#VERSION_2}
 * @param message the routes, payload and tracing context (always {@code null} for version 1)
 */
public record LegacyTransportMessage(int version, TransportMessage message) {

  /**
   * Validates the components.
   *
   * @param version the version byte
   * @param message the message
   */
  public LegacyTransportMessage {
    Objects.requireNonNull(message, "message");
  }
}
