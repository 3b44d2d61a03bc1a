package io.ockamj.node.spi;

import io.ockamj.node.Node;
import io.ockamj.protocol.Address;

import java.util.function.Supplier;

/**
 * The node as the components built on it see it: transports, portals, relays and services plug
 * in through this interface instead of casting to an implementation class (as Vert.x components
 * use {@code VertxInternal}). Applications use {@link Node}; this interface may change between
 * releases.
 */
public interface NodeInternal extends Node {

  /**
   * Returns the queue depth verdict of the worker at an address and, when it is over its high-water
   * mark, arranges for {@code resume} to run once it has drained. Producers that can pause (socket
   * readers) call it after each message they route.
   *
   * @param address the destination address
   * @param resume what to run when the queue has drained
   * @return {@code true} if the producer should pause now
   */
  boolean pauseIfCongested(Address address, Runnable resume);

  /**
   * @param address a local address
   * @return the terminal attribute of the worker owning it, if that worker is terminal, else {@code null}
   */
  String terminalAttribute(Address address);

  /**
   * Returns the node-scoped instance of a component, creating it on first use. It lives as long as
   * the node: nothing outside the node keeps it, so a closed node leaves nothing behind.
   *
   * @param type the component's type, the key
   * @param create makes the instance when there is none
   * @param <T> the type
   * @return the instance
   */
  <T> T component(Class<T> type, Supplier<T> create);

  /**
   * @param type the component's type
   * @param <T> the type
   * @return the node-scoped instance, or {@code null} if there is none
   */
  <T> T component(Class<T> type);

  /**
   * Forgets a component instance, if it is the one registered.
   *
   * @param type the component's type
   * @param instance the instance to remove
   */
  void removeComponent(Class<?> type, Object instance);

  /**
   * Adds a listener told of the addresses a stopping worker or processor released (for example a
   * secure channel's encryptor), after they are free. Components that hold routes through such an
   * address (a portal connection through a channel) close what depended on it.
   *
   * @param listener called with the released addresses, on the thread that stopped the worker; it
   *                 must be quick and must not throw
   * @return a runnable that removes the listener
   */
  Runnable onAddressesReleased(java.util.function.Consumer<java.util.Set<io.ockamj.protocol.Address>> listener);

  /**
   * Tells whether {@link #close()} was called. While the node closes, its workers stop first and may
   * still send (a secure channel's {@code Close}); its transports close after them. A component that
   * would close a connection as part of its own stop leaves that to the transports then.
   *
   * @return {@code true} once the node is closing or closed
   */
  boolean isClosing();

  /**
   * @param node a node
   * @return the node as its components see it
   * @throws IllegalArgumentException if the node was not made by {@link Node#create}
   */
  static NodeInternal of(Node node) {
    if (node instanceof NodeInternal n) {
      return n;
    }
    throw new IllegalArgumentException("not a node of this runtime: " + node);
  }
}
