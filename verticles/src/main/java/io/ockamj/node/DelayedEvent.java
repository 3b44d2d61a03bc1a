package io.ockamj.node;

import io.ockamj.protocol.Route;
import io.vertx.core.Future;

import java.time.Duration;

/**
 * A re-armable one-shot timer that sends a fixed message to a route when it fires: Ockam's
 * {@code DelayedEvent}, used for heartbeats and session pings.
 * <p>
 * {@link #schedule(Duration)} cancels any pending firing and arms the timer again. Thread safe.
 */
public final class DelayedEvent {

  private final NodeContext context;
  private final Route destination;
  private final byte[] payload;
  private long timerId = -1;

  private DelayedEvent(NodeContext context, Route destination, byte[] payload) {
    this.context = context;
    this.destination = destination;
    this.payload = payload;
  }

  /**
   * Creates a delayed event. It sends from its own detached address, which lets nothing in.
   *
   * @param node the node
   * @param destination where to send when the timer fires
   * @param payload what to send
   * @return the delayed event, not yet scheduled
   */
  public static Future<DelayedEvent> create(Node node, Route destination, byte[] payload) {
    WorkerOptions options = new WorkerOptions().addMailbox(new Mailbox(io.ockamj.protocol.Address.randomLocal(),
      AccessControls.DENY_ALL_INCOMING, AccessControls.allowOnward(destination.next())));
    return node.context(options).map(ctx -> new DelayedEvent(ctx, destination, payload));
  }

  /**
   * Arms the timer, cancelling a pending firing.
   *
   * @param delay how long to wait
   */
  public synchronized void schedule(Duration delay) {
    cancel();
    timerId = context.vertx().setTimer(Math.max(1, delay.toMillis()), id -> fire(id));
  }

  private void fire(long id) {
    synchronized (this) {
      if (id != timerId) {
        return;
      }
      timerId = -1;
    }
    context.send(destination, payload);
  }

  /**
   * @return {@code true} if the timer is armed
   */
  public synchronized boolean isScheduled() {
    return timerId >= 0;
  }

  /**
   * Cancels a pending firing, if any.
   */
  public synchronized void cancel() {
    if (timerId >= 0) {
      context.vertx().cancelTimer(timerId);
      timerId = -1;
    }
  }

  /**
   * Cancels the timer and releases the event's address.
   *
   * @return a future completed when released
   */
  public Future<Void> close() {
    cancel();
    return context.close();
  }
}
