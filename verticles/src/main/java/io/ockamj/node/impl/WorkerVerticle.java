package io.ockamj.node.impl;

import io.ockamj.node.DropReason;
import io.ockamj.node.Mailbox;
import io.ockamj.node.RelayMessage;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Runs one {@link Worker} as a verticle with a sequential mailbox: the next message is handed to
 * the worker only when the future of the previous one has completed.
 * <p>
 * The router hands messages straight to {@link #offer}: a sender running on this verticle's event
 * loop thread (the common case: one loop per node on small machines) runs the worker at once,
 * switched onto this verticle's context, instead of queueing a task per message; a sender on another
 * thread queues one task. The mailbox exists from the moment the worker's addresses are taken:
 * what is routed to it while the verticle is still deploying is kept and handled once it starts
 * (before, the event bus had no consumer yet and dropped it). The verticle's event-bus address
 * delivers into the same mailbox.
 */
final class WorkerVerticle extends VerticleBase {

  private static final System.Logger LOG = System.getLogger(WorkerVerticle.class.getName());

  /** Messages handled in one event-loop turn before yielding. */
  private static final int MAX_BATCH = 64;

  private final NodeImpl node;
  private final Registration registration;
  private final Worker worker;
  private final ContextImpl ctx;
  private final ArrayDeque<RelayMessage> queue = new ArrayDeque<>();
  private MessageConsumer<RelayMessage> consumer;
  // null until start(); what arrives before waits in early
  private volatile ContextInternal executor;
  private final ConcurrentLinkedQueue<RelayMessage> early = new ConcurrentLinkedQueue<>();
  private final Handler<RelayMessage> enqueue = this::enqueue;
  private final Handler<AsyncResult<Void>> handledOnContext = this::handledOnContext;
  private boolean busy;
  // payload size of the message being handled, for the byte count of the mailbox
  private int busyBytes;
  private boolean draining;
  private boolean stopping;

  WorkerVerticle(NodeImpl node, Registration registration, Worker worker) {
    this.node = node;
    this.registration = registration;
    this.worker = worker;
    this.ctx = new ContextImpl(node, registration, false);
  }

  @Override
  public Future<?> start() {
    executor = (ContextInternal) context;
    takeEarly();
    consumer = vertx.eventBus().localConsumer(registration.busAddress, m -> enqueue(m.body()));
    return consumer.completion()
      .compose(v -> worker.initialize(ctx))
      .recover(err -> worker.shutdown(ctx).transform(ar -> consumer.unregister()).transform(ar -> Future.failedFuture(err)));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    registration.inbox = null;
    node.unregister(registration);
    RelayMessage dropped;
    while ((dropped = queue.poll()) != null || (dropped = early.poll()) != null) {
      droppedStopping(dropped);
    }
    Future<Void> shut = worker.shutdown(ctx).recover(err -> {
      LOG.log(System.Logger.Level.WARNING, "worker " + registration.primary() + " failed to shut down: " + err);
      return Future.succeededFuture();
    });
    return shut.compose(v -> consumer.unregister());
  }

  /**
   * Delivers a message routed to this worker, from any thread.
   *
   * @param rm the message
   */
  void offer(RelayMessage rm) {
    ContextInternal ex = executor;
    if (ex != null) {
      ex.emit(rm, enqueue);
      return;
    }
    early.add(rm);
    ex = executor;
    if (ex != null) {
      // start() ran meanwhile and may have taken the early messages before this one was added
      ex.emit(null, v -> takeEarly());
    }
  }

  /** Moves what arrived before the verticle started into its mailbox; on the verticle's context. */
  private void takeEarly() {
    RelayMessage rm;
    while ((rm = early.poll()) != null) {
      enqueue(rm);
    }
  }

  private void droppedStopping(RelayMessage rm) {
    registration.done(rm.message().payload().length);
    node.drops.record(DropReason.WORKER_STOPPED, rm.source(), "worker " + rm.destination() + " stopped before handling it");
  }

  private void enqueue(RelayMessage rm) {
    if (stopping) {
      droppedStopping(rm);
      return;
    }
    queue.add(rm);
    drain();
  }

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      RelayMessage rm;
      int batch = 0;
      while (!busy && !stopping && (rm = queue.poll()) != null) {
        busy = true;
        busyBytes = rm.message().payload().length;
        handle(rm).onComplete(this::handled);
        if (++batch == MAX_BATCH && !busy && !queue.isEmpty()) {
          // let the event loop serve others (sockets, timers) before going on
          context.runOnContext(v -> drain());
          return;
        }
      }
    } finally {
      draining = false;
    }
  }

  private Future<Void> handle(RelayMessage rm) {
    Mailbox mailbox = registration.byAddress.get(rm.destination());
    if (mailbox == null) {
      node.drops.record(DropReason.NO_SUCH_ADDRESS, rm.source(), "worker " + registration.primary() + " has no mailbox " + rm.destination());
      return Future.succeededFuture();
    }
    Future<Boolean> allowed = NodeImpl.decide(mailbox.incoming()::isAuthorized, rm);
    return allowed.transform(ar -> {
      if (!Boolean.TRUE.equals(allowed.result())) {
        node.deniedIncoming(allowed, rm);
        return Future.succeededFuture();
      }
      node.delivered.increment();
      try {
        Future<Void> f = worker.handleMessage(ctx, new Routed(rm.destination(), rm.source(), rm.message()));
        return f == null ? Future.succeededFuture() : f;
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
  }

  private void handled(AsyncResult<Void> ar) {
    if (io.vertx.core.Vertx.currentContext() != context) {
      // the handler completed its future on another context: continue on our own (at once when
      // that context runs on our thread)
      executor.emit(ar, handledOnContext);
      return;
    }
    handledOnContext(ar);
  }

  private void handledOnContext(AsyncResult<Void> ar) {
    if (ar.failed()) {
      node.handlerFailures.increment();
      LOG.log(System.Logger.Level.DEBUG, () -> "worker " + registration.primary() + " failed to handle a message: " + ar.cause());
    }
    registration.done(busyBytes);
    busy = false;
    drain();
  }
}
