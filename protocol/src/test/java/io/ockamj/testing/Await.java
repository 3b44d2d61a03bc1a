package io.ockamj.testing;

import io.vertx.core.Future;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits in tests for conditions, never for time: for a future to complete, or for a state to be
 * reached. Shared by every module's tests through the protocol test jar (the modules that use it
 * have Vert.x on their test class path; the protocol module has it in test scope for this class).
 *
 * <p>Call it on the test's own thread, never on an event loop: it blocks.
 */
public final class Await {

  /**
   * How long {@link #await(Future)} waits. A guard against hangs, not a measurement: the longest
   * of the timeouts the tests' own copies of this helper used, so nothing that passed in time then
   * times out now.
   */
  public static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** How often {@link #until} looks at its condition unless told otherwise. */
  public static final Duration POLL_INTERVAL = Duration.ofMillis(10);

  private Await() {
  }

  /**
   * Waits up to {@link #TIMEOUT} for a future.
   *
   * @return its result
   * @throws AssertionError if it does not complete in time; if it fails, its failure is thrown as
   *   it is (checked exceptions too, undeclared), so that {@code assertThatThrownBy} sees the real
   *   exception type and message
   */
  public static <T> T await(Future<T> future) {
    return await(future, TIMEOUT);
  }

  /**
   * Waits up to {@code timeout} for a future.
   *
   * @return its result
   * @throws AssertionError if it does not complete in time; if it fails, its failure is thrown as
   *   it is (checked exceptions too, undeclared)
   */
  public static <T> T await(Future<T> future, Duration timeout) {
    notOnAnEventLoop();
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw sneaky(e.getCause() != null ? e.getCause() : e);
    } catch (TimeoutException e) {
      throw new AssertionError("the future did not complete within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a future", e);
    }
  }

  /**
   * Waits up to {@link #TIMEOUT} for a future that should fail.
   *
   * @return its failure
   * @throws AssertionError if it succeeds or does not complete in time
   */
  public static Throwable failure(Future<?> future) {
    notOnAnEventLoop();
    Object value;
    try {
      value = future.toCompletionStage().toCompletableFuture().get(TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      return e.getCause() != null ? e.getCause() : e;
    } catch (TimeoutException e) {
      throw new AssertionError("the future did not complete within " + TIMEOUT.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for a future", e);
    }
    throw new AssertionError("expected a failure but got " + value);
  }

  /**
   * Waits until {@code condition} holds, looking every {@link #POLL_INTERVAL}.
   *
   * @param what the condition in words, for the failure message
   * @param deadline how long to wait at most
   * @throws AssertionError naming {@code what} if it does not hold in time; whatever the condition
   *   throws (an assertion in it, say) is thrown at once
   */
  public static void until(String what, BooleanSupplier condition, Duration deadline) {
    until(what, condition, deadline, POLL_INTERVAL);
  }

  /**
   * Waits until {@code condition} holds, looking every {@code pollInterval} (for conditions that are
   * costly to look at, such as a round trip over a socket).
   *
   * @param what the condition in words, for the failure message
   * @param deadline how long to wait at most
   * @throws AssertionError naming {@code what} if it does not hold in time
   */
  public static void until(String what, BooleanSupplier condition, Duration deadline, Duration pollInterval) {
    notOnAnEventLoop();
    long end = System.nanoTime() + deadline.toNanos();
    long pollNanos = Math.max(1, pollInterval.toNanos());
    // the deadline is checked after each look, so the last look is taken at or after it: a thread
    // descheduled across the deadline does not fail on an old look
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end >= 0) {
        throw new AssertionError("not within " + deadline.toMillis() + " ms: " + what);
      }
      LockSupport.parkNanos(pollNanos);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting until: " + what);
      }
    }
  }

  private static void notOnAnEventLoop() {
    if (io.vertx.core.Context.isOnEventLoopThread()) {
      throw new IllegalStateException("Await blocks: not on an event-loop thread (" + Thread.currentThread().getName() + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
