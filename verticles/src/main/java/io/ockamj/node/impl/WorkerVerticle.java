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
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link Worker} as a verticle with a sequential mailbox: the next message is handed to
 * the worker only when the future of the previous one has completed.
 * <p>
 * Routed messages reach it on the event bus: the verticle registers a local consumer for each of
 * its addresses, and the router sends each message there ({@link Registration#route}), so that an
 * application's bus interceptors see every routed message. What is routed while the verticle is
 * still deploying waits in its {@link Registration} and is sent on once the consumers exist.
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
  private final List<MessageConsumer<RelayMessage>> consumers = new ArrayList<>();
  private ContextInternal executor;
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
    List<Future<Void>> registered = new ArrayList<>();
    for (String address : registration.busAddresses()) {
      MessageConsumer<RelayMessage> c = vertx.eventBus().localConsumer(address, m -> enqueue(m.body()));
      consumers.add(c);
      registered.add(c.completion());
    }
    return Future.all(registered)
      .compose(v -> {
        registration.open(vertx.eventBus());
        return worker.initialize(ctx);
      })
      .recover(err -> worker.shutdown(ctx).transform(ar -> unregisterConsumers()).transform(ar -> Future.failedFuture(err)));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    registration.stopped = true;
    node.unregister(registration);
    RelayMessage dropped;
    while ((dropped = queue.poll()) != null) {
      droppedStopping(dropped);
    }
    for (RelayMessage rm : registration.takeEarly()) {
      droppedStopping(rm);
    }
    Future<Void> shut = worker.shutdown(ctx).recover(err -> {
      LOG.log(System.Logger.Level.WARNING, "worker " + registration.primary() + " failed to shut down: " + err);
      return Future.succeededFuture();
    });
    return shut.compose(v -> unregisterConsumers());
  }

  private Future<Void> unregisterConsumers() {
    List<Future<Void>> out = new ArrayList<>();
    for (MessageConsumer<RelayMessage> c : consumers) {
      out.add(c.unregister());
    }
    return Future.join(out).mapEmpty();
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
