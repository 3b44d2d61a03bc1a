package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Stores the local nodes: name, identity, process, listener, configuration, and which one is the
 * default. Deleting a node also deletes its TCP inlets, outlets and relays.
 * <p>
 * All methods may be called from an event loop; failures arrive as failed futures carrying a
 * {@link StoreException}. Operations are applied in the order they are called.
 */
public interface NodeRepository {


  /**
   * Inserts a node or updates the node with the same name (upsert). Every field is written as given,
   * except the creation time, which is kept from the first insertion (or taken from the record, or
   * "now", when inserting). If the record is the default, the previous default is cleared in the same
   * transaction.
   *
   * @param node the node
   * @return a future with the node as stored
   */
  Future<NodeRecord> store(NodeRecord node);

  /**
   * Gets a node by name.
   *
   * @param name the name
   * @return a future with the node, or empty if unknown
   */
  Future<Optional<NodeRecord>> get(String name);

  /**
   * Lists all nodes, oldest first.
   *
   * @return a future with the nodes
   */
  Future<List<NodeRecord>> list();

  /**
   * Deletes a node and everything that belongs to it. Deleting the default node leaves no default.
   *
   * @param name the name
   * @return a future with {@code true} if a node was deleted
   */
  Future<Boolean> delete(String name);

  /**
   * Makes a node the default one, atomically clearing the previous default.
   *
   * @param name the name
   * @return a future with {@code true} if the node exists (and is now the default), {@code false} if it
   *     does not (then the default is unchanged)
   */
  Future<Boolean> setDefault(String name);

  /**
   * Gets the default node.
   *
   * @return a future with the default node, or empty if there is none
   */
  Future<Optional<NodeRecord>> getDefault();
}
