package io.ockamj.verticles.relay;

import io.ockamj.node.Node;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.metrics.NodeMeters;

import java.time.Duration;

/**
 * How a {@link RelaySession} tells that its relay is lost: the first hop of the route is gone, the
 * local relay worker stopped, or too many {@link RelayPings pings} are unanswered. Records the ping
 * meters of the relay. Used on the session's context only, except the counters.
 */
final class RelayHealth {

  private final Node node;
  private final String meterName;
  private final int maxMissedPings;
  private final RelayPings pings = new RelayPings();

  /**
   * @param node the session's node
   * @param meterName the relay's name in the node's meters
   * @param maxMissedPings how many unanswered pings mean the relay is lost
   */
  RelayHealth(Node node, String meterName, int maxMissedPings) {
    this.node = node;
    this.meterName = meterName;
    this.maxMissedPings = maxMissedPings;
  }

  /**
   * Checks an up relay before the next ping; counts the unanswered pings as failed when they are too many.
   *
   * @param route the route to the relay node
   * @param relay the relay
   * @return why the relay is lost, or {@code null} if it still looks alive
   */
  String lossReason(Route route, RemoteRelayInfo relay) {
    Address first = route.next();
    if (first.isLocal() && !node.isRegistered(first)) {
      return "the connection to the relay node closed (" + first + " is gone)";
    }
    if (!node.isRegistered(relay.workerAddress())) {
      return "its local relay worker stopped";
    }
    int unanswered = pings.unanswered();
    if (unanswered >= maxMissedPings) {
      NodeMeters meters = NodeMeters.of(node);
      for (int k = 0; k < unanswered; k++) {
        meters.relayPingFailed(meterName);
      }
      return unanswered + " pings unanswered";
    }
    return null;
  }

  /** @return the payload of a new ping, counted as sent and unanswered */
  byte[] nextPing() {
    return pings.next();
  }

  /**
   * Handles an echo from the relay node and records the round trip of an answered ping.
   *
   * @param payload the echo
   * @return {@code false} if the payload is not a ping
   */
  boolean pong(byte[] payload) {
    if (!pings.answered(payload)) {
      return false;
    }
    if (pings.lastRttNanos() >= 0) {
      NodeMeters.of(node).relayPing(meterName, Duration.ofNanos(pings.lastRttNanos()));
    }
    return true;
  }

  /** Forgets the unanswered pings (a new relay starts with none). */
  void clear() {
    pings.clear();
  }

  /** @return how many pings were sent */
  long pingsSent() {
    return pings.sent();
  }

  /** @return how many pings were answered */
  long pongsReceived() {
    return pings.received();
  }
}
