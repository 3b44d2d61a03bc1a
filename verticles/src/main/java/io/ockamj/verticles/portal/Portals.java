package io.ockamj.verticles.portal;

import io.ockamj.node.Node;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;

import java.util.List;

/**
 * The TCP inlets and outlets of a node.
 * <p>
 * An <b>outlet</b> is a worker at a well-known address (default {@value #DEFAULT_OUTLET_ADDRESS})
 * that accepts portal connections: for every Ping it opens a TCP connection to its target, answers
 * Pong, and then relays bytes between that connection and the inlet. An <b>inlet</b> is a TCP
 * listener: every accepted client connection sends Ping along the outlet route and, once the Pong
 * is back, relays bytes between the client and the outlet. The route is usually a secure channel
 * ({@code [encryptor, "outlet"]}), possibly through relays; the bytes on the wire are exactly those of
 * Rust Ockam, so a Rust inlet can use a Java outlet and the other way round.
 * <p>
 * Per portal connection each side runs a worker that writes to its socket and a processor that reads
 * it (at most {@link io.ockamj.protocol.PortalMessage#MAX_PAYLOAD_SIZE} bytes per Payload).
 * <b>Back-pressure</b> is end to end: a socket whose write queue is full stops its worker's mailbox;
 * a mailbox over the node's high-water mark pauses the socket (or TCP connection) that feeds it,
 * so a slow reader at one end eventually stops the reads at the other end instead of filling memory.
 * This holds across every hop that propagates congestion of its own next hop (the TCP transport
 * does).
 * <p>
 * Inlets and outlets run as workers and processors of the node: {@link Node#close()} stops them as
 * well. All methods are non-blocking and may be called from any thread.
 */
public interface Portals {

  /** The address of an outlet when none is given, as in Rust ({@code --from outlet}). */
  String DEFAULT_OUTLET_ADDRESS = "outlet";

  /**
   * Creates the portal manager of a node.
   *
   * @param node the node whose workers carry the portals
   * @return the manager
   */
  static Portals create(Node node) {
    return new PortalsImpl(node);
  }

  /**
   * Starts an outlet listener.
   *
   * @param address the local address inlets send Ping to, e.g. {@value #DEFAULT_OUTLET_ADDRESS}
   * @param targetHostPort the {@code host:port} every portal connection connects to (a bare port
   *   means 127.0.0.1); it is not contacted before the first Ping
   * @param options access controls, timeouts, half-close behaviour
   * @return the outlet, or a failure of kind {@link io.ockamj.node.NodeException.Kind#ALREADY_EXISTS}
   *   if the address is taken, {@link io.ockamj.node.NodeException.Kind#INVALID} if the target is malformed
   */
  Future<Outlet> createOutlet(String address, String targetHostPort, OutletOptions options);

  /**
   * Starts an outlet listener at {@value #DEFAULT_OUTLET_ADDRESS} with default options.
   *
   * @param targetHostPort the {@code host:port} every portal connection connects to
   * @return as {@link #createOutlet(String, String, OutletOptions)}
   */
  default Future<Outlet> createOutlet(String targetHostPort) {
    return createOutlet(DEFAULT_OUTLET_ADDRESS, targetHostPort, new OutletOptions());
  }

  /**
   * Starts an inlet: a TCP listener whose client connections are carried to the outlet.
   * <p>
   * The route is used as given for every connection; it is not checked here. If it leads nowhere,
   * each client connection is closed after {@link InletOptions#getPongTimeoutMs()} (at once when the
   * first hop does not exist in this node); if the outlet cannot reach its target, the client is
   * closed as soon as the outlet's Disconnect arrives.
   *
   * The listener is bound before the returned future completes, so {@link Inlet#bindAddress()} is the
   * address clients can connect to at once. With {@link InletOptions#setPaused} the inlet listens but
   * closes every client connection at once until {@link #unpauseInlet} gives it a route.
   *
   * @param bindHostPort {@code host:port} to listen on; port 0 picks a free port
   * @param outletRoute the route to the outlet listener, ending with its address (may be empty if paused)
   * @param options timeouts, access controls, half-close behaviour, whether it starts paused
   * @return the inlet with its actual bind address, or a failure of kind
   *   {@link io.ockamj.node.NodeException.Kind#ALREADY_EXISTS} if the port is in use,
   *   {@link io.ockamj.node.NodeException.Kind#INVALID} if the bind address is malformed
   */
  Future<Inlet> createInlet(String bindHostPort, Route outletRoute, InletOptions options);

  /**
   * Pauses an inlet, as Rust's {@code TcpInlet::pause}: it keeps listening, but every client connection
   * it accepts from now on is closed at once (counted as a {@link io.ockamj.node.DropReason#NO_ROUTE}
   * drop). Connections already open are not affected.
   *
   * @param bindAddress the inlet's bind address as reported by {@link Inlet#bindAddress()}
   * @return a future completed when paused, failed with {@link io.ockamj.node.NodeException.Kind#NOT_FOUND}
   */
  Future<Void> pauseInlet(String bindAddress);

  /**
   * Resumes an inlet with a (new) route to its outlet, as Rust's {@code TcpInlet::unpause}: client
   * connections accepted from now on are carried along this route. Connections already open keep theirs.
   *
   * @param bindAddress the inlet's bind address as reported by {@link Inlet#bindAddress()}
   * @param outletRoute the route to the outlet listener, ending with its address
   * @return a future completed when resumed, failed with {@link io.ockamj.node.NodeException.Kind#NOT_FOUND}
   *   or {@link io.ockamj.node.NodeException.Kind#INVALID} for an empty route
   */
  Future<Void> unpauseInlet(String bindAddress, Route outletRoute);

  /**
   * Asks an outlet whether it is there and admits this node, the way an inlet's connection would: a
   * Ping from a temporary address. A Pong means it opened a connection to its target; the probe then
   * ends that portal connection as an inlet whose client left would (Disconnect; with half-close, a
   * second one if the outlet has not answered with its own within 1.5 times the half-close timeout), so
   * the outlet closes it and stops its worker, and no Disconnect of either side reaches an address
   * that is gone. The returned future does not wait for that end. A Disconnect instead of the Pong
   * (the outlet cannot reach its target) is an answer too.
   *
   * @param outletRoute the route to the outlet listener, ending with its address
   * @param timeout how long to wait for the answer
   * @param options the portal settings the probe's connection would have (half-close)
   * @return a future completed when the outlet answered, failed with
   *   {@link io.ockamj.node.NodeException.Kind#TIMEOUT} when it did not within {@code timeout}
   */
  Future<Void> probeOutlet(Route outletRoute, java.time.Duration timeout, InletOptions options);

  /**
   * @return the outlets of this manager, by address
   */
  List<Outlet> outlets();

  /**
   * @return the inlets of this manager, by bind address
   */
  List<Inlet> inlets();

  /**
   * Stops an outlet: its listener stops accepting Pings and its open portal connections are closed
   * (each sends Disconnect to its inlet).
   *
   * @param address the outlet address
   * @return a future completed when stopped, failed with {@link io.ockamj.node.NodeException.Kind#NOT_FOUND}
   */
  Future<Void> deleteOutlet(String address);

  /**
   * Stops an inlet: its TCP listener is closed and its open portal connections are closed (each sends
   * Disconnect to its outlet).
   *
   * @param bindAddress the inlet's bind address as reported by {@link Inlet#bindAddress()}
   * @return a future completed when stopped, failed with {@link io.ockamj.node.NodeException.Kind#NOT_FOUND}
   */
  Future<Void> deleteInlet(String bindAddress);

  /**
   * Deletes every inlet and outlet of this manager.
   *
   * @return a future completed when all are stopped
   */
  Future<Void> close();
}
