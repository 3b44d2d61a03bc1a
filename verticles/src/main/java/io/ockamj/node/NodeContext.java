package io.ockamj.node;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * What a worker, a processor or an application uses to talk to its node: send and receive messages,
 * start and stop workers.
 * <p>
 * A context owns one or more mailboxes. A <em>detached</em> context (see {@link Node#context()}) has
 * a mailbox but no worker: messages sent to it are queued and taken with {@link #receive}.
 * All methods are non-blocking and may be called from any thread.
 * <p>
 * (Rust Ockam calls it {@code Context}; the name here keeps it apart from Vert.x's
 * {@link io.vertx.core.Context}, which the same code often uses.)
 */
public interface NodeContext {

  /** How long {@link #sendAndReceive(Route, byte[])} waits for a reply by default: 30 seconds. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * @return the node this context belongs to
   */
  Node node();

  /**
   * @return the Vert.x instance of the node
   */
  Vertx vertx();

  /**
   * @return the primary address of this context
   */
  Address address();

  /**
   * @return every address of this context
   */
  Set<Address> addresses();

  /**
   * Sends a payload from this context's primary address. The return route of the message is that
   * address. A transport address such as {@code 1#127.0.0.1:4000} as the next hop opens (or reuses)
   * a connection first.
   *
   * @param route the onward route
   * @param payload the payload bytes (not copied; do not modify afterwards)
   * @return a future completed when the message was handed to its next hop, failed if the route
   *   cannot be resolved; a message dropped by the outgoing access control still succeeds
   */
  Future<Void> send(Route route, byte[] payload);

  /**
   * Sends a payload from one of this context's addresses.
   *
   * @param route the onward route
   * @param payload the payload bytes
   * @param from the sending address, one of {@link #addresses()}
   * @return as {@link #send(Route, byte[])}
   */
  Future<Void> send(Route route, byte[] payload, Address from);

  /**
   * Sends a complete message, routes unchanged, from this context's primary address.
   *
   * @param message the message to forward
   * @return as {@link #send(Route, byte[])}
   */
  Future<Void> forward(LocalMessage message);

  /**
   * Sends a complete message, routes unchanged, from one of this context's addresses.
   *
   * @param message the message to forward
   * @param from the sending address, one of {@link #addresses()}
   * @return as {@link #send(Route, byte[])}
   */
  Future<Void> forward(LocalMessage message, Address from);

  /**
   * Sends a payload from a fresh temporary address and waits for one reply, at most
   * {@link #DEFAULT_TIMEOUT}.
   *
   * @param route the onward route
   * @param payload the payload bytes
   * @return the reply, or a failure of kind {@link NodeException.Kind#TIMEOUT}
   */
  Future<Routed> sendAndReceive(Route route, byte[] payload);

  /**
   * Sends a payload from a fresh temporary address and waits for one reply.
   *
   * @param route the onward route
   * @param payload the payload bytes
   * @param timeout how long to wait
   * @return the reply, or a failure of kind {@link NodeException.Kind#TIMEOUT}
   */
  Future<Routed> sendAndReceive(Route route, byte[] payload, Duration timeout);

  /**
   * Takes the next message queued in a detached context.
   *
   * @param timeout how long to wait
   * @return the message, a failure of kind {@link NodeException.Kind#TIMEOUT}, or a failed future
   *   ({@link IllegalStateException}) when called on a worker's context
   */
  Future<Routed> receive(Duration timeout);

  /**
   * Starts a worker.
   *
   * @param options its mailboxes and how it runs
   * @param worker the worker
   * @return a future completed once the worker is initialized, failed if an address is taken
   */
  Future<Void> startWorker(WorkerOptions options, Worker worker);

  /**
   * Starts a worker at one address that lets everything in and out.
   *
   * @param address the address
   * @param worker the worker
   * @return a future completed once the worker is initialized
   */
  default Future<Void> startWorker(Address address, Worker worker) {
    return startWorker(WorkerOptions.of(address), worker);
  }

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
   * @return a future completed when it has shut down; failed with {@link NodeException.Kind#NOT_FOUND}
   */
  Future<Void> stopWorker(Address address);

  /**
   * @return the workers and processors running in the node
   */
  List<WorkerInfo> listWorkers();

  /**
   * Closes a detached context (releases its mailbox). Worker contexts are closed by stopping the worker.
   *
   * @return a future completed when closed
   */
  Future<Void> close();
}
