package io.ockamj.node.impl;

import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.Processor;
import io.ockamj.node.RelayMessage;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerInfo;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;

/**
 * The context of a worker, a processor, or (when {@code detached}) of application code that
 * receives messages itself.
 */
final class ContextImpl implements NodeContext {

  /** Messages a detached context keeps for {@link #receive} before it drops the oldest. */
  static final int MAX_UNRECEIVED = 65_536;
  /** The same in payload bytes. */
  static final long MAX_UNRECEIVED_BYTES = 64L << 20;

  private final NodeImpl node;
  final Registration registration;
  private final boolean detached;
  // detached contexts only; guarded by this
  private final ArrayDeque<Routed> inbox = new ArrayDeque<>();
  private final ArrayDeque<Promise<Routed>> waiters = new ArrayDeque<>();
  // set and read on home
  private volatile List<MessageConsumer<RelayMessage>> consumers = List.of();
  private boolean closed;
  // the node's own context: close() leaves it open, it closes with the node
  private final boolean main;
  private long inboxBytes;
  // detached contexts only: an event-loop context of their own, where their bus consumers are
  // registered and their receive timers run. Never the caller's context: Vert.x ties consumers and
  // timers to the verticle whose context creates them and drops them silently when it is
  // undeployed, so a context opened from a worker that stops (a secure channel that closes) would
  // lose its messages and its timeouts.
  private final ContextInternal home;

  ContextImpl(NodeImpl node, Registration registration, boolean detached) {
    this(node, registration, detached, false);
  }

  ContextImpl(NodeImpl node, Registration registration, boolean detached, boolean main) {
    this.node = node;
    this.registration = registration;
    this.detached = detached;
    this.main = main;
    this.home = detached ? ((VertxInternal) node.vertx()).createEventLoopContext() : null;
  }

  Future<Void> openDetached() {
    Promise<Void> opened = callersPromise();
    // on home: the consumers belong to this context, whichever thread opens it; closeForGood
    // unregisters them on home too, after this
    home.runOnContext(x -> {
      List<MessageConsumer<RelayMessage>> cs = new java.util.ArrayList<>();
      List<Future<Void>> registered = new java.util.ArrayList<>();
      for (String address : registration.busAddresses()) {
        MessageConsumer<RelayMessage> c = node.vertx().eventBus().localConsumer(address, m -> deliverDetached(m.body()));
        cs.add(c);
        registered.add(c.completion());
      }
      consumers = cs;
      Future.all(registered).onSuccess(v -> registration.open(node.vertx().eventBus())).<Void>mapEmpty().onComplete(opened);
    });
    return opened.future();
  }

  private void deliverDetached(RelayMessage rm) {
    var mailbox = registration.byAddress.get(rm.destination());
    Future<Boolean> decision = NodeImpl.decide(mailbox.incoming()::isAuthorized, rm);
    decision.onComplete(ar -> {
      registration.done(rm.message().payload().length);
      if (!Boolean.TRUE.equals(decision.result())) {
        node.deniedIncoming(decision, rm);
        return;
      }
      node.delivered.increment();
      Routed routed = new Routed(rm.destination(), rm.source(), rm.message());
      Promise<Routed> waiter;
      Routed evicted = null;
      boolean late;
      synchronized (this) {
        late = closed;
        if (closed) {
          evicted = routed;
        } else {
          waiter = waiters.poll();
          if (waiter != null) {
            waiter.tryComplete(routed);
            return;
          }
          inbox.add(routed);
          inboxBytes += routed.payload().length;
          if (inbox.size() > MAX_UNRECEIVED || inboxBytes > MAX_UNRECEIVED_BYTES) {
            evicted = inbox.poll();
            inboxBytes -= evicted.payload().length;
          }
        }
      }
      if (evicted != null) {
        node.drops.record(late ? DropReason.LATE : DropReason.INBOX_FULL, evicted.sourceAddress(), late
          ? "context " + address() + " was closed"
          : "nobody received the messages of context " + address() + " (" + MAX_UNRECEIVED + " messages or "
            + (MAX_UNRECEIVED_BYTES >> 20) + " MiB queued); the oldest was dropped");
      }
    });
  }

  @Override
  public Node node() {
    return node;
  }

  @Override
  public Vertx vertx() {
    return node.vertx();
  }

  @Override
  public Address address() {
    return registration.primary();
  }

  @Override
  public Set<Address> addresses() {
    return registration.byAddress.keySet();
  }

  @Override
  public Future<Void> send(Route route, byte[] payload) {
    return send(route, payload, address());
  }

  @Override
  public Future<Void> send(Route route, byte[] payload, Address from) {
    return node.send(registration, from, LocalMessage.of(route, Route.of(from), payload));
  }

  @Override
  public Future<Void> forward(LocalMessage message) {
    return forward(message, address());
  }

  @Override
  public Future<Void> forward(LocalMessage message, Address from) {
    return node.send(registration, from, message);
  }

  @Override
  public Future<Routed> sendAndReceive(Route route, byte[] payload) {
    return sendAndReceive(route, payload, Duration.ofMillis(node.options().getSendAndReceiveTimeoutMs()));
  }

  @Override
  public Future<Routed> sendAndReceive(Route route, byte[] payload, Duration timeout) {
    return node.sendAndReceive(route, payload, timeout);
  }

  @Override
  public Future<Routed> receive(Duration timeout) {
    if (!detached) {
      return Future.failedFuture(new IllegalStateException("receive() is only for detached contexts; workers get messages in handleMessage"));
    }
    // completed on home (or by deliverDetached), its listeners run on the caller's context
    Promise<Routed> p = callersPromise();
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new NodeException(NodeException.Kind.SHUTDOWN, "context " + address() + " is closed"));
      }
      Routed r = inbox.poll();
      if (r != null) {
        inboxBytes -= r.payload().length;
        return Future.succeededFuture(r);
      }
      waiters.add(p);
    }
    long timer = home.setTimer(Math.max(1, timeout.toMillis()), id -> {
      synchronized (this) {
        waiters.remove(p);
      }
      p.tryFail(new NodeException(NodeException.Kind.TIMEOUT, "no message arrived at " + address() + " within " + timeout.toMillis() + " ms"));
    });
    return p.future().andThen(ar -> node.vertx().cancelTimer(timer));
  }

  /** @return a promise whose listeners run on the calling thread's Vert.x context, if it has one */
  private static <T> Promise<T> callersPromise() {
    io.vertx.core.Context caller = Vertx.currentContext();
    return caller instanceof ContextInternal ? ((ContextInternal) caller).promise() : Promise.promise();
  }

  @Override
  public Future<Void> startWorker(WorkerOptions options, Worker worker) {
    return node.startWorker(options, worker);
  }

  @Override
  public Future<Void> startProcessor(WorkerOptions options, Processor processor) {
    return node.startProcessor(options, processor);
  }

  @Override
  public Future<Void> stopWorker(Address address) {
    return node.stopWorker(address);
  }

  @Override
  public List<WorkerInfo> listWorkers() {
    return node.listWorkers();
  }

  @Override
  public Future<Void> close() {
    if (!detached) {
      return node.stopWorker(address());
    }
    if (main) {
      // the node's own context lives as long as the node
      return Future.succeededFuture();
    }
    return closeForGood();
  }

  /** Closes a detached context, the node's own included: fails the waiting receivers, frees the address. */
  Future<Void> closeForGood() {
    List<Promise<Routed>> pending;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      pending = List.copyOf(waiters);
      waiters.clear();
      inbox.clear();
      inboxBytes = 0;
    }
    for (Promise<Routed> p : pending) {
      p.tryFail(new NodeException(NodeException.Kind.SHUTDOWN, "context " + address() + " closed"));
    }
    node.unregister(registration);
    Promise<Void> done = Promise.promise();
    home.runOnContext(x -> {
      List<Future<Void>> unregistered = new java.util.ArrayList<>();
      for (MessageConsumer<RelayMessage> c : consumers) {
        unregistered.add(c.unregister());
      }
      Future.join(unregistered).<Void>mapEmpty().onComplete(done);
    });
    return done.future();
  }

  @Override
  public String toString() {
    return "Context[" + address() + "]";
  }
}
