package io.ockamj.verticles.identity;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Supplier;

/** Runs operations one after the other, whatever the outcome of the previous one. */
final class SerialWrites {

  private final Object lock = new Object();
  private Future<?> tail = Future.succeededFuture();

  /**
   * Runs an operation once the previous ones completed.
   *
   * @param op starts the operation
   * @return its outcome
   */
  <T> Future<T> run(Supplier<Future<T>> op) {
    Promise<T> done = Promise.promise();
    Future<?> previous;
    synchronized (lock) {
      previous = tail;
      tail = done.future();
    }
    previous.onComplete(ignored -> {
      Future<T> f;
      try {
        f = op.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          done.complete(ar.result());
        } else {
          done.fail(ar.cause());
        }
      });
    });
    return done.future();
  }
}
