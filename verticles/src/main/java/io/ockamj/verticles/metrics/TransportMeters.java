package io.ockamj.verticles.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * The counters of one transport of a node: messages and payload bytes sent and received. A
 * transport takes its instance once ({@link NodeMeters#transport}) and calls it per message; the
 * disabled instance does nothing.
 */
public final class TransportMeters {

  /** Records nothing. */
  public static final TransportMeters DISABLED = new TransportMeters(null, null, null, null);

  private final Counter sentMessages;
  private final Counter sentBytes;
  private final Counter receivedMessages;
  private final Counter receivedBytes;

  private TransportMeters(Counter sentMessages, Counter sentBytes, Counter receivedMessages, Counter receivedBytes) {
    this.sentMessages = sentMessages;
    this.sentBytes = sentBytes;
    this.receivedMessages = receivedMessages;
    this.receivedBytes = receivedBytes;
  }

  static TransportMeters create(MeterRegistry registry, Tags nodeTags, String transport) {
    Tags t = nodeTags.and("transport", transport);
    return new TransportMeters(
      counter(registry, "ockam.transport.messages", t.and("direction", "sent"), "Messages a transport sent"),
      counter(registry, "ockam.transport.bytes", t.and("direction", "sent"), "Payload bytes of the messages a transport sent"),
      counter(registry, "ockam.transport.messages", t.and("direction", "received"), "Messages a transport received"),
      counter(registry, "ockam.transport.bytes", t.and("direction", "received"), "Payload bytes of the messages a transport received"));
  }

  private static Counter counter(MeterRegistry registry, String name, Tags tags, String description) {
    return Counter.builder(name).tags(tags).description(description).register(registry);
  }

  /**
   * Counts a message the transport sent.
   *
   * @param payloadBytes the size of its payload
   */
  public void sent(int payloadBytes) {
    if (sentMessages != null) {
      sentMessages.increment();
      sentBytes.increment(payloadBytes);
    }
  }

  /**
   * Counts a message the transport received.
   *
   * @param payloadBytes the size of its payload
   */
  public void received(int payloadBytes) {
    if (receivedMessages != null) {
      receivedMessages.increment();
      receivedBytes.increment(payloadBytes);
    }
  }
}
