package io.ockamj.node;

import io.ockamj.protocol.Address;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * An Ockam node running inside a {@link Vertx} instance: a router and the workers, processors and
 * transports registered with it. Several nodes may share one Vert.x instance.
 * <p>
 * Create one with {@link #create(Vertx, NodeOptions)}; start workers through {@link #context()} or
 * {@link #startWorker}; send and receive through a detached {@link NodeContext}.
 * <p>
 * The rest of a node is added by the runtime's packages, each with a {@code Future} API taking this
 * node: the TCP transport ({@code io.ockamj.verticles.transport.tcp.TcpTransport.of(node)}: listen,
 * connect), secure channels ({@code io.ockamj.verticles.channel.SecureChannels.create(node, identity)}:
 * its {@code createListener("api", options)} gives an embedded node the {@code api} listener a CLI
 * node has), portals ({@code io.ockamj.verticles.portal.Portals.create(node)}) and relays
 * ({@code io.ockamj.verticles.relay.RemoteRelays}, {@code RelaySession}). Closing the Vert.x instance
 * closes its nodes first, so the node and Vert.x may be closed in either order.
 */
public interface Node {

  /**
   * Creates and starts a node: its router, the built-in services if enabled and the TCP listener if
   * configured.
   *
   * @param vertx the Vert.x instance to run in
   * @param options the configuration
   * @return the running node
   */
  static Future<Node> create(Vertx vertx, NodeOptions options) {
    return NodeFactory.get().create(vertx, options);
  }

  /**
   * @return the node name
   */
  String name();

  /**
   * @return the Vert.x instance the node runs in
   */
  Vertx vertx();

  /**
   * @return the options the node was created with
   */
  NodeOptions options();

  /**
   * Returns the node's own detached context: one random address that lets everything in and out,
   * for application code that sends messages and {@link NodeContext#receive receives} what comes back.
   * Every call returns the same context; it lives as long as the node ({@link NodeContext#close} leaves
   * it open), so calling this as often as you like costs nothing and leaks nothing. Messages sent to
   * it that nobody receives are kept up to a bound, then the oldest are dropped and counted
   * ({@link DropReason#INBOX_FULL}). {@link NodeContext#sendAndReceive} uses a temporary address per
   * request, released on every outcome. A detached context that sends into a TCP connection or a
   * secure channel becomes a consumer of its flow ({@link FlowControls}), so that replies reach it.
   * <p>
   * Code that needs its own address (to tell its messages apart from others') creates a context
   * with {@link #context(WorkerOptions)} and closes it when done.
   *
   * @return the node's context
   */
  NodeContext context();

  /**
   * Creates a detached context with given mailboxes. Close it when done: its addresses stay taken
   * until then.
   *
   * @param options the mailboxes (primary first)
   * @return the context, failed if an address is taken
   */
  Future<NodeContext> context(WorkerOptions options);

  /**
   * Starts a worker.
   *
   * @param options its mailboxes and how it runs
   * @param worker the worker
   * @return a future completed once the worker is initialized
   */
  Future<Void> startWorker(WorkerOptions options, Worker worker);

  /**
   * Starts a processor.
   *
   * @param options its mailboxes
   * @param processor the processor
   * @return a future completed once the processor is initialized
   */
  Future<Void> startProcessor(WorkerOptions options, Processor processor);

  /**
   * Stops the worker or processor that owns an address.
   *
   * @param address any of its addresses
   * @return a future completed once it has shut down
   */
  Future<Void> stopWorker(Address address);

  /**
   * @return the workers and processors of this node
   */
  List<WorkerInfo> listWorkers();

  /**
   * @param address a local address
   * @return {@code true} if a worker, processor or context owns it
   */
  boolean isRegistered(Address address);

  /**
   * Registers a transport; routes whose next hop has its transport type are resolved through it.
   *
   * @param transport the transport
   */
  void registerTransport(Transport transport);

  /**
   * @param transportType a transport type
   * @return the registered transport, or {@code null}
   */
  Transport transport(int transportType);

  /**
   * @return the {@code host:port} the node's TCP listener is bound to, or {@code null}
   */
  String tcpListenerAddress();

  /**
   * @return the node's flow controls (§3): which workers the messages arriving through each TCP
   *   connection, secure channel or relay may reach
   */
  FlowControls flowControls();

  /**
   * Resolves the first hop of a route when it is a transport address ({@code 1#host:port}): opens
   * or reuses the connection and replaces the hop with the connection's local sender address.
   * Routes that start with a local address are returned as they are.
   *
   * @param route the route
   * @return the route with a local first hop; failed with {@link NodeException} if the route is
   *   empty, no transport handles the address, or the connection cannot be opened
   */
  Future<io.ockamj.protocol.Route> resolve(io.ockamj.protocol.Route route);

  /**
   * The spawner flow of the node's TCP listener. Its consumers are reachable by any TCP peer, with
   * no authentication: by default only the harmless built-in services ({@code echo},
   * {@code uppercase}, {@code hop}), the relay service and secure channel listeners.
   *
   * @return the flow, which exists even when the node does not listen
   */
  FlowControlId tcpListenerFlowControlId();

  /**
   * The spawner flow of the node's default secure channel listener ({@code api}). Its consumers are
   * reachable through any secure channel that listener accepts: by default the built-in services,
   * the relay service, outlets and the node manager.
   *
   * @return the flow, which exists even before the listener is started
   */
  FlowControlId secureChannelFlowControlId();

  /**
   * @return the router's counters
   */
  NodeMetrics metrics();

  /**
   * @return the record of the messages this node dropped, by reason; transports, channels, portals
   *     and relays report their drops here
   */
  Drops drops();

  /**
   * Stops every worker, processor and transport of the node. The Vert.x instance stays open.
   *
   * @return a future completed when the node is stopped
   */
  Future<Void> close();
}
