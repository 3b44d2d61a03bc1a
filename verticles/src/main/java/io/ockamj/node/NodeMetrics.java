package io.ockamj.node;

import java.util.Map;

/**
 * Counters of a node's router, for the console and tests.
 *
 * @param delivered messages delivered to a worker
 * @param deniedIncoming messages dropped by an incoming access control
 * @param deniedOutgoing messages dropped by an outgoing access control
 * @param unroutable messages dropped because the next hop was unknown (no such address or transport)
 * @param handlerFailures handler invocations that failed (logged, the worker kept running)
 * @param drops every dropped message by reason (non-zero counts only), these above included
 */
public record NodeMetrics(long delivered, long deniedIncoming, long deniedOutgoing, long unroutable,
                          long handlerFailures, Map<DropReason, Long> drops) {

  /**
   * @param delivered messages delivered to a worker
   * @param deniedIncoming messages dropped by an incoming access control
   * @param deniedOutgoing messages dropped by an outgoing access control
   * @param unroutable messages dropped because the next hop was unknown
   * @param handlerFailures handler invocations that failed
   * @param drops every dropped message by reason
   */
  public NodeMetrics {
    drops = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(drops));
  }

  /** @return all dropped messages */
  public long dropped() {
    return drops.values().stream().mapToLong(Long::longValue).sum();
  }
}
