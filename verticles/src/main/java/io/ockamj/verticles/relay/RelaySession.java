package io.ockamj.verticles.relay;

import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.Routed;
import io.ockamj.node.Timers;
import io.ockamj.node.Transport;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.metrics.NodeMeters;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Keeps a remote relay alive (protocol §8.5, with faster detection and a real back-off).
 * <p>
 * The session registers the relay through a {@link Connector} (by default: a TCP route to the relay
 * node), then checks it every {@link RelaySessionOptions#getPingIntervalMs() ping interval} (1 s):
 * <ul>
 *   <li>if the first hop of the route (the TCP connection's sender, a channel's encryptor) is gone,
 *   the relay is down at once, so a closed connection is noticed within one interval;</li>
 *   <li>otherwise it sends a ping to the relay node's {@code echo} service: a CBOR unsigned integer
 *   holding a random 63-bit number, as Rust's {@code Ping}; an echo carrying an outstanding number
 *   clears all outstanding pings. When {@link RelaySessionOptions#getMaxMissedPings() 3} pings are
 *   outstanding at a tick, the relay is down, so a silent relay node is noticed within 3–4
 *   intervals.</li>
 * </ul>
 * When the relay is down the session stops its local relay worker, closes the connection it used
 * (a half-dead connection must not be reused), and creates connection and registration again after
 * 250 ms, then 500 ms, 1 s, ... up to 10 s between attempts, each delay varied by ±20 % so that many
 * nodes do not retry in step. A successful registration resets the back-off. With a Java relay
 * service the name is taken back even while the relay node still holds the old relay, because a
 * registration of the same name replaces its route (see {@link RelayService}).
 * <p>
 * States: {@link State#RECONNECTING} while an attempt runs (including the first one),
 * {@link State#UP} while the relay answers, {@link State#DOWN} between a loss or failed attempt and
 * the next attempt, and finally {@link State#CLOSED}. State changes are reported to the
 * {@link #stateHandler(Handler) state handler} and through {@link #whenState(State)}.
 * <p>
 * Everything runs on one Vert.x context with timers; no thread blocks. {@link #close()} cancels the
 * timers and stops the session's workers. The public methods may be called from any thread.
 */
public final class RelaySession {

  private static final System.Logger LOG = System.getLogger(RelaySession.class.getName());

  /** The state of a session. */
  public enum State {
    /** The relay is registered and answers pings. */
    UP,
    /** The relay is lost; the next attempt waits for its back-off delay. */
    DOWN,
    /** An attempt to create connection and registration is running. */
    RECONNECTING,
    /** The session was closed. */
    CLOSED
  }

  /**
   * How a session reaches the relay node: opens what is needed (a TCP connection, secure channels)
   * and returns the route to put before the relay service, and closes it again after a loss.
   */
  @FunctionalInterface
  public interface Connector {

    /**
     * Opens the way to the relay node.
     *
     * @param node the node the session runs in
     * @return the route to the relay node, whose first hop should be a local address (a TCP
     *   connection's sender, a secure channel's encryptor) so that its loss can be seen
     */
    Future<Route> connect(Node node);

    /**
     * Closes what {@link #connect} opened. The default closes the TCP connection whose sender is the
     * route's first hop, if there is one, and waits (up to 2 s) until it is gone.
     *
     * @param node the node the session runs in
     * @param route the route {@link #connect} returned
     * @return a future completed when closed; failures are ignored by the session
     */
    default Future<Void> disconnect(Node node, Route route) {
      return TcpDisconnect.firstHop(node, route);
    }

    /**
     * @param routeToRelayNode a route to the relay node, e.g. {@code 1#127.0.0.1:4000}; a transport
     *   address as first hop is resolved into a connection (a fresh one after a loss)
     * @return a connector for that route
     */
    static Connector of(Route routeToRelayNode) {
      Objects.requireNonNull(routeToRelayNode, "routeToRelayNode");
      return node -> {
        if (routeToRelayNode.isEmpty()) {
          return Future.failedFuture(new RelayException(RelayException.Reason.INVALID_REQUEST, "empty route to the relay node"));
        }
        Address next = routeToRelayNode.next();
        if (next.isLocal()) {
          return Future.succeededFuture(routeToRelayNode);
        }
        Transport t = node.transport(next.transportType());
        if (t == null) {
          return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no transport of type " + next.transportType() + " for " + next));
        }
        return t.resolve(next).map(routeToRelayNode::replaceNext);
      };
    }
  }

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
  private final RelayPings pings = new RelayPings();

  private RelaySession(Node node, Connector connector, String name, RelaySessionOptions options) {
    this.node = node;
    this.connector = connector;
    this.name = name;
    this.options = new RelaySessionOptions(options);
    this.remoteOptions = new RemoteRelayOptions().setTimeoutMs(this.options.getRegistrationTimeoutMs());
    this.backoff = new Backoff(this.options.getInitialBackoffMs(), this.options.getMaxBackoffMs(),
      this.options.getBackoffJitter(), () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * Starts a session for a named relay reached over a route (typically {@code 1#host:port}).
   *
   * @param node the node that wants to be reachable
   * @param routeToRelayNode the route to the relay node
   * @param name the relay name; {@code null} or {@code "register"} for an ephemeral relay (which
   *   gets a new random name after every loss)
   * @param options pings, detection and back-off
   * @return the session, as soon as it runs; its first attempt is under way (see {@link #whenUp()})
   */
  public static Future<RelaySession> start(Node node, Route routeToRelayNode, String name, RelaySessionOptions options) {
    return start(node, Connector.of(routeToRelayNode), name, options);
  }

  /**
   * Starts a session for a relay reached through a connector (for example one that opens a TCP
   * connection and a secure channel to the relay node).
   *
   * @param node the node that wants to be reachable
   * @param connector opens and closes the way to the relay node
   * @param name the relay name; {@code null} or {@code "register"} for an ephemeral relay
   * @param options pings, detection and back-off
   * @return the session, as soon as it runs; its first attempt is under way
   */
  public static Future<RelaySession> start(Node node, Connector connector, String name, RelaySessionOptions options) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(connector, "connector");
    Objects.requireNonNull(options, "options");
    RelaySession session = new RelaySession(node, connector, name, options);
    return node.startWorker(WorkerOptions.of(session.collector), session.new Collector()).map(v -> session);
  }

  /** @return the relay name asked for ({@code null} for an ephemeral relay) */
  public String name() {
    return name;
  }

  /** @return the current state */
  public State state() {
    return states.state();
  }

  /** @return the relay while the session is {@link State#UP}, else {@code null} */
  public RemoteRelayInfo relay() {
    return relay;
  }

  /** @return how many times the relay was re-created after a loss */
  public long reconnects() {
    return reconnects;
  }

  /** @return how many attempts (first or later) failed */
  public long failedAttempts() {
    return failedAttempts;
  }

  /** @return how many pings were sent */
  public long pingsSent() {
    return pings.sent();
  }

  /** @return how many pings were answered */
  public long pongsReceived() {
    return pings.received();
  }

  /**
   * Sets the handler called after every state change, on the session's context, in order.
   *
   * @param handler the handler, or {@code null}
   * @return this
   */
  public RelaySession stateHandler(Handler<State> handler) {
    states.handler(handler);
    return this;
  }

  /**
   * @param target a state
   * @return a future completed when the session is in that state: at once if it is now, else at the
   *   next change to it; failed with a {@link RelayException} of reason {@code CLOSED} if the session
   *   closes first
   */
  public Future<Void> whenState(State target) {
    return waitFor(target).mapEmpty();
  }

  /**
   * @return a future of the relay, completed when the session is (or next becomes) {@link State#UP};
   *   failed with a {@link RelayException} of reason {@code CLOSED} if the session closes first
   */
  public Future<RemoteRelayInfo> whenUp() {
    return waitFor(State.UP);
  }

  private Future<RemoteRelayInfo> waitFor(State target) {
    return states.waitFor(target, () -> relay);
  }

  private RelayException closedException() {
    return new RelayException(RelayException.Reason.CLOSED, "relay session " + describe() + " is closed");
  }

  /**
   * Closes the session: cancels its timers, stops its relay worker and its ping collector, and (see
   * {@link RelaySessionOptions#isDisconnectOnClose()}) closes the connection the relay used, so that
   * a Java relay node drops the relay. An attempt that is running is cleaned up when it ends.
   *
   * @return a future completed when closed
   */
  public Future<Void> close() {
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

  /** The relay's name in the node's meters. */
  private String meterName() {
    return name == null ? RelayService.REGISTER : name;
  }

  private String describe() {
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
    pings.clear();
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
      pings.clear();
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
    Address first = route.next();
    String reason = null;
    if (first.isLocal() && !node.isRegistered(first)) {
      reason = "the connection to the relay node closed (" + first + " is gone)";
    } else if (!node.isRegistered(relay.workerAddress())) {
      reason = "its local relay worker stopped";
    } else if (pings.unanswered() >= options.getMaxMissedPings()) {
      reason = pings.unanswered() + " pings unanswered";
      NodeMeters meters = NodeMeters.of(node);
      for (int k = 0; k < pings.unanswered(); k++) {
        meters.relayPingFailed(meterName());
      }
    }
    if (reason != null) {
      down(reason);
      return;
    }
    ctx.send(route.append(Address.local(options.getPingService())), pings.next(), collector)
      .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> "relay session " + describe() + ": ping not sent: " + err.getMessage()));
    pingTimer = timer(options.getPingIntervalMs(), generation, this::tick);
  }

  private void onPong(byte[] payload) {
    if (states.state() != State.UP) {
      return;
    }
    if (!pings.answered(payload)) {
      LOG.log(System.Logger.Level.DEBUG, () -> "relay session " + describe() + ": ignored a malformed ping reply");
      return;
    }
    if (pings.lastRttNanos() >= 0) {
      NodeMeters.of(node).relayPing(meterName(), java.time.Duration.ofNanos(pings.lastRttNanos()));
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

  @Override
  public String toString() {
    return "RelaySession[" + describe() + ", " + states.state() + "]";
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
