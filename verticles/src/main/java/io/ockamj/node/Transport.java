package io.ockamj.node;

import io.ockamj.protocol.Address;
import io.vertx.core.Future;

/**
 * A transport registered in a node (TCP, ...). When a route's next hop is an address of the
 * transport's type (for example {@code 1#127.0.0.1:4000}), the node asks the transport to resolve it
 * into the local address of a worker that carries messages to that peer.
 */
public interface Transport {

  /**
   * @return the transport type this transport serves (1 for TCP)
   */
  int transportType();

  /**
   * Resolves a transport address, opening a connection if needed.
   *
   * @param address an address of this transport's type
   * @return the local address to put in the route instead
   */
  Future<Address> resolve(Address address);

  /**
   * Stops the transport: closes its listeners and connections.
   *
   * @return a future completed when stopped
   */
  Future<Void> close();
}
