package io.ockamj.verticles.relay;

import io.ockamj.node.Node;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Handler;

import java.util.Objects;

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
      return new RouteConnector(routeToRelayNode);
    }
  }

  private final String name;
  private final RelayKeeper keeper;

  private RelaySession(Node node, Connector connector, String name, RelaySessionOptions options) {
    this.name = name;
    this.keeper = new RelayKeeper(node, connector, name, options);
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
    return node.startWorker(WorkerOptions.of(session.keeper.collector()), session.keeper.collectorWorker()).map(v -> session);
  }

  /** @return the relay name asked for ({@code null} for an ephemeral relay) */
  public String name() {
    return name;
  }

  /** @return the current state */
  public State state() {
    return keeper.states().state();
  }

  /** @return the relay while the session is {@link State#UP}, else {@code null} */
  public RemoteRelayInfo relay() {
    return keeper.relay();
  }

  /** @return how many times the relay was re-created after a loss */
  public long reconnects() {
    return keeper.reconnects();
  }

  /** @return how many attempts (first or later) failed */
  public long failedAttempts() {
    return keeper.failedAttempts();
  }

  /** @return how many pings were sent */
  public long pingsSent() {
    return keeper.health().pingsSent();
  }

  /** @return how many pings were answered */
  public long pongsReceived() {
    return keeper.health().pongsReceived();
  }

  /**
   * Sets the handler called after every state change, on the session's context, in order.
   *
   * @param handler the handler, or {@code null}
   * @return this
   */
  public RelaySession stateHandler(Handler<State> handler) {
    keeper.states().handler(handler);
    return this;
  }

  /**
   * @param target a state
   * @return a future completed when the session is in that state: at once if it is now, else at the
   *   next change to it; failed with a {@link RelayException} of reason {@code CLOSED} if the session
   *   closes first
   */
  public Future<Void> whenState(State target) {
    return keeper.waitFor(target).mapEmpty();
  }

  /**
   * @return a future of the relay, completed when the session is (or next becomes) {@link State#UP};
   *   failed with a {@link RelayException} of reason {@code CLOSED} if the session closes first
   */
  public Future<RemoteRelayInfo> whenUp() {
    return keeper.waitFor(State.UP);
  }

  /**
   * Closes the session: cancels its timers, stops its relay worker and its ping collector, and (see
   * {@link RelaySessionOptions#isDisconnectOnClose()}) closes the connection the relay used, so that
   * a Java relay node drops the relay. An attempt that is running is cleaned up when it ends.
   *
   * @return a future completed when closed
   */
  public Future<Void> close() {
    return keeper.close();
  }

  @Override
  public String toString() {
    return "RelaySession[" + keeper.describe() + ", " + keeper.states().state() + "]";
  }
}
