package io.ockamj.node;

import io.vertx.core.Future;

/**
 * A worker: an actor with one or more addresses that handles the messages sent to them.
 * <p>
 * The node runs each worker as a verticle. Messages are delivered <b>one at a time</b>: the next
 * message is not handed to {@link #handleMessage} before the future returned for the previous one
 * completes, so a worker needs no locking of its own state. Different workers run in parallel.
 * All three methods run on the worker's Vert.x context (an event loop unless the worker was started
 * as a blocking worker); they must not block it.
 * <p>
 * A message sent from the worker's own event-loop thread is handed over at once: when the worker is
 * idle, {@code handleMessage} runs (on the worker's context) before the sender's {@code send}
 * returns, as a direct call instead of a task queued per message. So a sender must not rely on
 * {@code send} returning before the receiver has seen the message; messages from other threads
 * are queued on the worker's context.
 */
public interface Worker {

  /**
   * Called once before the first message. A failed future stops the worker (after {@link #shutdown}).
   *
   * @param context the worker's context
   * @return a future completed when the worker is ready
   */
  default Future<Void> initialize(NodeContext context) {
    return Future.succeededFuture();
  }

  /**
   * Handles one message. A failure is logged and the worker keeps running.
   *
   * @param context the worker's context
   * @param message the message, with the address it was sent to
   * @return a future completed when the worker is ready for the next message
   */
  Future<Void> handleMessage(NodeContext context, Routed message);

  /**
   * Called once when the worker stops.
   *
   * @param context the worker's context
   * @return a future completed when the worker has released its resources
   */
  default Future<Void> shutdown(NodeContext context) {
    return Future.succeededFuture();
  }
}
