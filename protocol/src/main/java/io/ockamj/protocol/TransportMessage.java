package io.ockamj.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A message as it crosses a transport: routes and payload, and an optional tracing context (a JSON
 * text that Rust senders attach; we carry it but do not interpret it).
 * <p>
 * The TCP transport encodes it as CBOR ({@link TcpFrameCodec}); the legacy transports as BARE
 * ({@link LegacyTransportMessageCodec}).
 *
 * @param onwardRoute the remaining route
 * @param returnRoute the reply route
 * @param payload the payload bytes
 * @param tracingContext the tracing context or {@code null}
 */
public record TransportMessage(Route onwardRoute, Route returnRoute, byte[] payload, String tracingContext) {

  /**
   * Validates the components.
   *
   * @param onwardRoute the remaining route
   * @param returnRoute the reply route
   * @param payload the payload bytes
   * @param tracingContext the tracing context or {@code null}
   */
  public TransportMessage {
    Objects.requireNonNull(onwardRoute, "onwardRoute");
    Objects.requireNonNull(returnRoute, "returnRoute");
    Objects.requireNonNull(payload, "payload");
  }

  /**
   * @return the message as it moves inside a node (no local information)
   */
  public LocalMessage toLocalMessage() {
    return new LocalMessage(onwardRoute, returnRoute, payload, List.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TransportMessage t && onwardRoute.equals(t.onwardRoute) && returnRoute.equals(t.returnRoute)
      && java.util.Arrays.equals(payload, t.payload) && Objects.equals(tracingContext, t.tracingContext);
  }

  @Override
  public int hashCode() {
    return Objects.hash(onwardRoute, returnRoute, java.util.Arrays.hashCode(payload), tracingContext);
  }

  @Override
  public String toString() {
    return "TransportMessage[onward=" + onwardRoute + ", return=" + returnRoute + ", payload=" + payload.length + " bytes]";
  }
}
