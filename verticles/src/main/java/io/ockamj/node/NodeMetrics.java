package io.ockamj.node;

/**
 * Counters of a node's router, for the console and tests.
 *
 * @param delivered messages delivered to a worker
 * @param deniedIncoming messages dropped by an incoming access control
 * @param deniedOutgoing messages dropped by an outgoing access control
 * @param unroutable sends that failed because the next hop was unknown
 * @param handlerFailures handler invocations that failed (logged, the worker kept running)
 */
public record NodeMetrics(long delivered, long deniedIncoming, long deniedOutgoing, long unroutable,
                          long handlerFailures) {
}
