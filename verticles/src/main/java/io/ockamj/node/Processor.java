package io.ockamj.node;

import io.vertx.core.Future;

/**
 * A processor: an actor that is not driven by messages but by its own loop, for example a socket
 * reader. The node calls {@link #process} again each time the previous call completes with
 * {@code true}; {@code false} ends the loop and stops the processor. A failure is logged and the
 * loop goes on. Like workers, processors run as verticles and must not block.
 */
public interface Processor {

  /**
   * Called once before the loop starts. A failed future stops the processor.
   *
   * @param context the processor's context
   * @return a future completed when the processor is ready
   */
  default Future<Void> initialize(NodeContext context) {
    return Future.succeededFuture();
  }

  /**
   * Does one step of work.
   *
   * @param context the processor's context
   * @return {@code true} to be called again, {@code false} to stop
   */
  Future<Boolean> process(NodeContext context);

  /**
   * Called once when the processor stops.
   *
   * @param context the processor's context
   * @return a future completed when resources are released
   */
  default Future<Void> shutdown(NodeContext context) {
    return Future.succeededFuture();
  }
}
