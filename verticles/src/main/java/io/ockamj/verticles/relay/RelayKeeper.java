package io.ockamj.verticles.relay;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Timers;
import io.ockamj.node.Worker;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.relay.RelaySession.Connector;
import io.ockamj.verticles.relay.RelaySession.State;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The loop behind a {@link RelaySession}, on the session's Vert.x context: connects and registers
 * the relay, checks it every ping interval ({@link RelayHealth}), tears it down when it is lost and
 * tries again after the {@link Backoff back-off}, and reports the state changes. The counters and
 * the current relay may be read from any thread.
 */
final class RelayKeeper {

  private static final System.Logger LOG = System.getLogger(RelaySession.class.getName());

  private final Node node;
  private final Connector connector;
  private final String name;
  private final RelaySessionOptions options;
  private final RemoteRelayOptions remoteOptions;
  private final Backoff backoff;
  private final Address collector = Address.randomLocal();
  private final Promise<Void> closed = Promise.promise();
  private final RelayStateWaiters states = new RelayStateWaiters(this::closedException);
  private volatile RemoteRelayInfo relay;
  private volatile long reconnects;
  private volatile long failedAttempts;
  // the fields below are used on vctx only
  private io.vertx.core.Context vctx;
  private NodeContext ctx;
  private Route route;
  private int generation;
  private boolean everUp;
  private long pingTimer = -1;
  private long retryTimer = -1;
  private final RelayHealth health;

  RelayKeeper(Node node, Connector connector, String name, RelaySessionOptions options) {
    this.node = node;
    this.connector = connector;
    this.name = name;
    this.options = new RelaySessionOptions(options);
    this.remoteOptions = new RemoteRelayOptions().setTimeoutMs(this.options.getRegistrationTimeoutMs());
    this.backoff = new Backoff(this.options.getInitialBackoffMs(), this.options.getMaxBackoffMs(),
      this.options.getBackoffJitter(), () -> ThreadLocalRandom.current().nextDouble());
    this.health = new RelayHealth(node, name == null ? RelayService.REGISTER : name, this.options.getMaxMissedPings());
  }

  /** @return the address of the worker that receives the echoed pings */
  Address collector() {
    return collector;
  }

  /** @return the worker to start at {@link #collector()}; its initialization starts the first attempt */
  Worker collectorWorker() {
    return new Collector();
  }

  /** @return the state changes and their waiters */
  RelayStateWaiters states() {
    return states;
  }

  /** @return the relay while up, else {@code null} */
  RemoteRelayInfo relay() {
    return relay;
  }

  /** @return how many times the relay was re-created after a loss */
  long reconnects() {
    return reconnects;
  }

  /** @return how many attempts failed */
  long failedAttempts() {
    return failedAttempts;
  }

  /** @return the liveness checks and their ping counters */
  RelayHealth health() {
    return health;
  }

  /**
   * @param target a state
   * @return a future of the relay (or {@code null}) completed when the session is in that state
   */
  Future<RemoteRelayInfo> waitFor(State target) {
    return states.waitFor(target, () -> relay);
  }

  private RelayException closedException() {
    return new RelayException(RelayException.Reason.CLOSED, "relay session " + describe() + " is closed");
  }

  /** @return a future completed when the session is closed; see {@link RelaySession#close()} */
  Future<Void> close() {
    vctx.runOnContext(v -> closeNow(true));
    return closed.future();
  }

  private void closeNow(boolean stopCollector) {
    if (states.state() == State.CLOSED) {
      return;
    }
    generation++;
    cancelTimers();
    RemoteRelayInfo old = relay;
    Route oldRoute = route;
    relay = null;
    route = null;
    setState(State.CLOSED);
    LOG.log(System.Logger.Level.INFO, "relay session " + describe() + " closed");
    Future<Void> f = teardown(old, oldRoute, options.isDisconnectOnClose());
    if (stopCollector) {
      f = f.compose(v -> node.stopWorker(collector).recover(err -> Future.succeededFuture()));
    }
    f.onComplete(ar -> closed.tryComplete());
  }

  /** @return the relay name and, while up, its remote address, for log lines */
  String describe() {
    RemoteRelayInfo r = relay;
    return "'" + (name == null ? RelayService.REGISTER : name) + "'" + (r == null ? "" : " (" + r.remoteAddress() + ")");
  }

  private void cancelTimers() {
    if (pingTimer >= 0) {
      node.vertx().cancelTimer(pingTimer);
      pingTimer = -1;
    }
    if (retryTimer >= 0) {
      node.vertx().cancelTimer(retryTimer);
      retryTimer = -1;
    }
    health.clear();
  }

  /** Runs on the session's context: now if already there. */
  private void exec(Runnable r) {
    if (Vertx.currentContext() == vctx) {
      r.run();
    } else {
      vctx.runOnContext(v -> r.run());
    }
  }

  private <T> Future<T> onContext(Future<T> f) {
    Promise<T> p = Promise.promise();
    f.onComplete(ar -> exec(() -> p.handle(ar)));
    return p.future();
  }

  /** A timer that runs {@code r} on the session's context if the generation has not moved on. */
  private long timer(long delayMs, int gen, Runnable r) {
    return Timers.setTimer(node.vertx(), Math.max(1, delayMs), id -> exec(() -> {
      if (gen == generation && states.state() != State.CLOSED) {
        r.run();
      }
    }));
  }

  private void setState(State next) {
    states.set(next, relay, vctx);
  }

  private void attempt() {
    if (states.state() == State.CLOSED) {
      return;
    }
    retryTimer = -1;
    int gen = ++generation;
    setState(State.RECONNECTING);
    Future<Route> connected = onContext(connector.connect(node));
    connected.compose(r -> onContext(RemoteRelays.create(node, r, name, remoteOptions)))
      .onComplete(ar -> attempted(gen, connected.succeeded() ? connected.result() : null, ar));
  }

  private void attempted(int gen, Route connectedRoute, AsyncResult<RemoteRelayInfo> ar) {
    if (gen != generation || states.state() == State.CLOSED) {
      // the session closed meanwhile: undo what the attempt made
      teardown(ar.succeeded() ? ar.result() : null, connectedRoute, options.isDisconnectOnClose());
      return;
    }
    if (ar.succeeded()) {
      route = connectedRoute;
      relay = ar.result();
      // pongs come back over the connection to the relay node
      node.resolve(connectedRoute).onSuccess(r -> node.flowControls().addConsumerOfNextHop(collector, r));
      if (everUp) {
        reconnects++;
      }
      everUp = true;
      backoff.reset();
      health.clear();
      LOG.log(System.Logger.Level.INFO, "relay session " + describe() + " is up, route " + relay.forwardingRoute());
      setState(State.UP);
      pingTimer = timer(options.getPingIntervalMs(), gen, this::tick);
      return;
    }
    failedAttempts++;
    LOG.log(System.Logger.Level.INFO, "relay session " + describe() + ": attempt failed: " + ar.cause().getMessage());
    teardown(null, connectedRoute, true).onComplete(x -> {
      if (gen == generation && states.state() != State.CLOSED) {
        scheduleRetry(gen);
      }
    });
  }

  private void scheduleRetry(int gen) {
    long delay = backoff.nextDelayMs();
    LOG.log(System.Logger.Level.DEBUG, () -> "relay session " + describe() + ": next attempt in " + delay + " ms");
    setState(State.DOWN);
    retryTimer = timer(delay, gen, this::attempt);
  }

  private void tick() {
    pingTimer = -1;
    if (states.state() != State.UP) {
      return;
    }
    String reason = health.lossReason(route, relay);
    if (reason != null) {
      down(reason);
      return;
    }
    ctx.send(route.append(Address.local(options.getPingService())), health.nextPing(), collector)
      .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> "relay session " + describe() + ": ping not sent: " + err.getMessage()));
    pingTimer = timer(options.getPingIntervalMs(), generation, this::tick);
  }

  private void onPong(byte[] payload) {
    if (states.state() != State.UP) {
      return;
    }
    if (!health.pong(payload)) {
      LOG.log(System.Logger.Level.DEBUG, () -> "relay session " + describe() + ": ignored a malformed ping reply");
    }
  }

  private void down(String reason) {
    LOG.log(System.Logger.Level.WARNING, "relay session " + describe() + " is down: " + reason + "; re-creating it");
    int gen = ++generation;
    cancelTimers();
    RemoteRelayInfo old = relay;
    Route oldRoute = route;
    relay = null;
    route = null;
    setState(State.DOWN);
    teardown(old, oldRoute, true).onComplete(x -> {
      if (gen == generation && states.state() != State.CLOSED) {
        scheduleRetry(gen);
      }
    });
  }

  /** Stops a relay worker and closes a connection; never fails; completes on the session's context. */
  private Future<Void> teardown(RemoteRelayInfo old, Route oldRoute, boolean disconnect) {
    Future<Void> a = old == null ? Future.succeededFuture() : RemoteRelays.close(node, old);
    Future<Void> b = Future.succeededFuture();
    if (disconnect && oldRoute != null) {
      try {
        b = connector.disconnect(node, oldRoute).recover(err -> {
          LOG.log(System.Logger.Level.DEBUG, () -> "relay session " + describe() + ": disconnect failed: " + err.getMessage());
          return Future.succeededFuture();
        });
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.DEBUG, () -> "relay session " + describe() + ": disconnect failed: " + e);
      }
    }
    return onContext(Future.join(a, b).<Void>mapEmpty().recover(err -> Future.succeededFuture()));
  }

  /** Receives the echoed pings; its context is the session's context. */
  private final class Collector implements Worker {

    @Override
    public Future<Void> initialize(NodeContext context) {
      ctx = context;
      vctx = context.vertx().getOrCreateContext();
      vctx.runOnContext(v -> attempt());
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> handleMessage(NodeContext context, Routed message) {
      byte[] payload = message.payload();
      exec(() -> onPong(payload));
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      // the node is stopping (or close() stops us): end the session without stopping ourselves again
      exec(() -> closeNow(false));
      return Future.succeededFuture();
    }
  }
}
