package io.ockamj.verticles.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one inlet or outlet: connections opened and open, bytes each way. A portal takes
 * its instance once ({@link NodeMeters#portal}) and hands it to its connections; the disabled
 * instance does nothing.
 */
public final class PortalMeters {

  /** Records nothing. */
  public static final PortalMeters DISABLED = new PortalMeters(null, null, null, null);

  private final Counter connections;
  private final AtomicLong open;
  private final Counter fromTcp;
  private final Counter toTcp;

  private PortalMeters(Counter connections, AtomicLong open, Counter fromTcp, Counter toTcp) {
    this.connections = connections;
    this.open = open;
    this.fromTcp = fromTcp;
    this.toTcp = toTcp;
  }

  static PortalMeters create(MeterRegistry registry, Tags nodeTags, String kind, String portal) {
    Tags t = nodeTags.and("kind", kind, "portal", portal);
    AtomicLong open = new AtomicLong();
    Gauge.builder("ockam.portal.connections.open", open, AtomicLong::get).tags(t)
      .description("Portal connections open now").strongReference(true).register(registry);
    return new PortalMeters(
      Counter.builder("ockam.portal.connections").tags(t).description("Portal connections opened").register(registry),
      open,
      Counter.builder("ockam.portal.bytes").tags(t.and("direction", "from_tcp"))
        .description("Bytes read from the TCP client or target and sent into the portal").register(registry),
      Counter.builder("ockam.portal.bytes").tags(t.and("direction", "to_tcp"))
        .description("Bytes that came through the portal and were written to the TCP client or target").register(registry));
  }

  /** Counts a connection opened; call {@link #closed()} once when it ends. */
  public void opened() {
    if (connections != null) {
      connections.increment();
      open.incrementAndGet();
    }
  }

  /** Counts the end of a connection {@link #opened()} counted. */
  public void closed() {
    if (open != null) {
      open.decrementAndGet();
    }
  }

  /**
   * @param bytes bytes read from the TCP socket and sent into the portal
   */
  public void fromTcp(int bytes) {
    if (fromTcp != null) {
      fromTcp.increment(bytes);
    }
  }

  /**
   * @param bytes bytes that came through the portal, written to the TCP socket
   */
  public void toTcp(int bytes) {
    if (toTcp != null) {
      toTcp.increment(bytes);
    }
  }

  /** @return bytes read from TCP sockets and sent into the portal so far (0 when disabled) */
  public long bytesFromTcp() {
    return fromTcp == null ? 0 : (long) fromTcp.count();
  }

  /** @return bytes that came through the portal and were written to TCP sockets so far (0 when disabled) */
  public long bytesToTcp() {
    return toTcp == null ? 0 : (long) toTcp.count();
  }

  /** @return connections opened so far (0 when disabled) */
  public long connectionsOpened() {
    return connections == null ? 0 : (long) connections.count();
  }

  /** @return connections open now (0 when disabled) */
  public long connectionsOpen() {
    return open == null ? 0 : open.get();
  }
}
