package io.ockamj.node;

import io.ockamj.node.impl.NodeImpl;
import io.ockamj.protocol.Address;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * An Ockam node running inside a {@link Vertx} instance: a router and the workers, processors and
 * transports registered with it. Several nodes may share one Vert.x instance.
 * <p>
 * Create one with {@link #create(Vertx, NodeOptions)}; start workers through {@link #context()} or
 * {@link #startWorker}; send and receive through a detached {@link Context}.
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
    return NodeImpl.create(vertx, options);
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
   * Creates a detached context with a fresh random address that lets everything in and out. Use it
   * to send messages and {@link Context#receive receive} replies from application code; close it
   * when done.
   *
   * @return the context
   */
  Context context();

  /**
   * Creates a detached context with given mailboxes.
   *
   * @param options the mailboxes (primary first)
   * @return the context, failed if an address is taken
   */
  Future<Context> context(WorkerOptions options);

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
   * @return the router's counters
   */
  NodeMetrics metrics();

  /**
   * Stops every worker, processor and transport of the node. The Vert.x instance stays open.
   *
   * @return a future completed when the node is stopped
   */
  Future<Void> close();
}
