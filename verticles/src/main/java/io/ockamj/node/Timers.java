package io.ockamj.node;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;

/**
 * Timers that outlive the worker that set them.
 * <p>
 * {@link Vertx#setTimer} binds a timer to the calling context, and Vert.x cancels the timers of a
 * verticle when it is undeployed. Code that keeps state across workers (a monitor that retries
 * after a secure channel failed, a registration time-out) may run its callbacks on the context of
 * a worker that is about to stop; a timer set there would silently never fire. These timers run on
 * an event-loop context of their own. Cancel them with {@link Vertx#cancelTimer(long)}.
 */
public final class Timers {

  private Timers() {
  }

  /**
   * Sets a one-shot timer that no undeployment cancels.
   *
   * @param vertx the Vert.x instance
   * @param delayMs the delay in milliseconds, at least 1
   * @param handler what to run, on an event loop
   * @return the timer id
   */
  public static long setTimer(Vertx vertx, long delayMs, Handler<Long> handler) {
    return ((VertxInternal) vertx).createEventLoopContext().setTimer(Math.max(1, delayMs), handler);
  }
}
