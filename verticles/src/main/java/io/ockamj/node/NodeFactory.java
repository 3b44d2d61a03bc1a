package io.ockamj.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ServiceLoader;

/**
 * Makes nodes: the seam between the API ({@link Node#create}) and a runtime that assembles a node
 * from its core, transports and services. The runtime is found with {@link ServiceLoader}; this
 * project's is {@code io.ockamj.verticles.runtime.DefaultNodeFactory}. Applications call
 * {@link Node#create} and never need this interface.
 */
public interface NodeFactory {

  /**
   * Creates and starts a node.
   *
   * @param vertx the Vert.x instance to run in
   * @param options the configuration
   * @return the running node
   */
  Future<Node> create(Vertx vertx, NodeOptions options);

  /**
   * @return the runtime's factory, found once with {@link ServiceLoader}
   * @throws IllegalStateException if no runtime is on the class path
   */
  static NodeFactory get() {
    return NodeFactoryHolder.FACTORY;
  }
}

/** Loads the factory once, on first use. */
final class NodeFactoryHolder {
  static final NodeFactory FACTORY = ServiceLoader.load(NodeFactory.class, NodeFactory.class.getClassLoader())
    .findFirst()
    .orElseThrow(() -> new IllegalStateException("no Ockam node runtime on the class path (ockamj-verticles provides one)"));

  private NodeFactoryHolder() {
  }
}
