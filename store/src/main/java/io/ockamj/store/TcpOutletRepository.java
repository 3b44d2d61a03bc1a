package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * Stores the TCP outlets of the local nodes, so that a node recreates them when it starts again. Rows belong to
 * a node: the node must be stored first ({@link NodeRepository}), and deleting the node deletes them.
 * <p>
 * All methods may be called from an event loop; failures arrive as failed futures carrying a
 * {@link StoreException} (a row for an unknown node fails with {@link StoreException.Reason#CONSTRAINT}).
 * Operations are applied in the order they are called.
 */
public interface TcpOutletRepository {


  /**
   * Inserts a row or replaces the one with the same node and alias (upsert). The creation time is kept
   * from the first insertion (or taken from the record, or "now", when inserting).
   *
   * @param record the row
   * @return a future with the row as stored
   */
  Future<TcpOutletRecord> store(TcpOutletRecord record);

  /**
   * Gets one row.
   *
   * @param nodeName the node
   * @param alias the outlet's alias
   * @return a future with the row, or empty if unknown
   */
  Future<Optional<TcpOutletRecord>> get(String nodeName, String alias);

  /**
   * Lists the rows of a node, oldest first.
   *
   * @param nodeName the node
   * @return a future with the rows
   */
  Future<List<TcpOutletRecord>> list(String nodeName);

  /**
   * Deletes one row.
   *
   * @param nodeName the node
   * @param alias the outlet's alias
   * @return a future with {@code true} if a row was deleted
   */
  Future<Boolean> delete(String nodeName, String alias);
}
