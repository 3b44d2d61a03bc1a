package io.ockamj.node.impl;

import io.ockamj.node.Processor;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * Runs one {@link Processor} as a verticle: {@code process} is called again each time it completes
 * with {@code true}, until it returns {@code false} or the processor is stopped.
 */
final class ProcessorVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(ProcessorVerticle.class.getName());

  private final NodeImpl node;
  private final Registration registration;
  private final Processor processor;
  private final ContextImpl ctx;
  private volatile boolean stopping;

  ProcessorVerticle(NodeImpl node, Registration registration, Processor processor) {
    this.node = node;
    this.registration = registration;
    this.processor = processor;
    this.ctx = new ContextImpl(node, registration, false);
  }

  @Override
  public Future<?> start() {
    return processor.initialize(ctx)
      .recover(err -> processor.shutdown(ctx).transform(ar -> Future.failedFuture(err)))
      .onSuccess(v -> context.runOnContext(x -> loop()));
  }

  private void loop() {
    if (stopping) {
      return;
    }
    Future<Boolean> f;
    try {
      f = processor.process(ctx);
    } catch (RuntimeException e) {
      f = Future.failedFuture(e);
    }
    f.onComplete(ar -> {
      try {
        context.runOnContext(v -> next(ar));
      } catch (java.util.concurrent.RejectedExecutionException closed) {
        // Vert.x is closing and this processor's event loop has ended (a socket that closed last,
        // on a loop still running): there is no next round
        LOG.log(System.Logger.Level.DEBUG, () -> "processor " + registration.primary() + " ended with Vert.x");
      }
    });
  }

  private void next(io.vertx.core.AsyncResult<Boolean> ar) {
    if (ar.failed()) {
      LOG.log(System.Logger.Level.DEBUG, () -> "processor " + registration.primary() + " failed: " + ar.cause());
      loop();
    } else if (ar.result()) {
      loop();
    } else if (!stopping) {
      node.stopWorker(registration.primary());
    }
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    node.unregister(registration);
    return processor.shutdown(ctx).recover(err -> Future.succeededFuture());
  }
}
