package io.ockamj.verticles.policy;

import java.util.Locale;

/**
 * The kinds of resource a policy may name by type: Rust's {@code ResourceType} values and ours.
 */
public enum ResourceType {
  /** A TCP inlet (Rust). */
  TCP_INLET,
  /** A TCP outlet (Rust). */
  TCP_OUTLET,
  /** The echo service (Rust). */
  ECHOER,
  /** A Kafka consumer (Rust; not implemented here). */
  KAFKA_CONSUMER,
  /** A Kafka producer (Rust; not implemented here). */
  KAFKA_PRODUCER,
  /** A relay (Rust: the relay service; ours: also each relay). */
  RELAY,
  /** The InfluxDB lessor (Rust; not implemented here). */
  LESSOR,
  /** A secure channel listener (ours). */
  SECURE_CHANNEL_LISTENER;

  /** @return the name used by the CLI and the store, e.g. {@code tcp-outlet} */
  public String text() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * @param text a name such as {@code tcp-inlet}
   * @return the type
   * @throws IllegalArgumentException for an unknown name
   */
  public static ResourceType parse(String text) {
    for (ResourceType t : values()) {
      if (t.text().equals(text)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown resource type '" + text + "'; expected one of tcp-inlet, tcp-outlet,"
      + " echoer, kafka-consumer, kafka-producer, relay, lessor, secure-channel-listener");
  }

  @Override
  public String toString() {
    return text();
  }
}
