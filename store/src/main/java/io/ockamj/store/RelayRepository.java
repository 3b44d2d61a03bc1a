package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Stores the relays of the local nodes, so that a node recreates them when it starts again. Rows belong to
 * a node: the node must be stored first ({@link NodeRepository}), and deleting the node deletes them.
 * <p>
 * All methods may be called from an event loop; failures arrive as failed futures carrying a
 * {@link StoreException} (a row for an unknown node fails with {@link StoreException.Reason#CONSTRAINT}).
 * Operations are applied in the order they are called.
 */
public interface RelayRepository {


  /**
   * Inserts a row or replaces the one with the same node and name (upsert). The creation time is kept
   * from the first insertion (or taken from the record, or "now", when inserting).
   *
   * @param record the row
   * @return a future with the row as stored
   */
  Future<RelayRecord> store(RelayRecord record);

  /**
   * Gets one row.
   *
   * @param nodeName the node
   * @param name the relay name
   * @return a future with the row, or empty if unknown
   */
  Future<Optional<RelayRecord>> get(String nodeName, String name);

  /**
   * Lists the rows of a node, oldest first.
   *
   * @param nodeName the node
   * @return a future with the rows
   */
  Future<List<RelayRecord>> list(String nodeName);

  /**
   * Deletes one row.
   *
   * @param nodeName the node
   * @param name the relay name
   * @return a future with {@code true} if a row was deleted
   */
  Future<Boolean> delete(String nodeName, String name);
}
