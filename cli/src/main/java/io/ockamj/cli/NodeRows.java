package io.ockamj.cli;

import io.ockamj.store.NodeRecord;

import java.util.List;
import java.util.Optional;

/**
 * The local nodes' records as {@code node stop} and {@code node delete} change them: through the
 * light {@link NodeTable} when the database is up to date (no Vert.x, no store, no identities: most
 * of such a command's time), else through the full store of a {@link NodeClient}.
 */
interface NodeRows extends AutoCloseable {

  /**
   * Opens the light table if it can, else the full local state.
   *
   * @return the rows; close them
   * @throws Exception if the local state cannot be opened
   */
  static NodeRows open() throws Exception {
    Optional<NodeTable> table = NodeTable.open();
    if (table.isPresent()) {
      return table.get();
    }
    NodeClient c = NodeClient.open();
    return new NodeRows() {
      @Override
      public Optional<NodeRecord> find(String name) throws Exception {
        return c.find(name);
      }

      @Override
      public NodeRecord record(String name) throws Exception {
        return c.record(name);
      }

      @Override
      public List<NodeRecord> records() throws Exception {
        return c.records();
      }

      @Override
      public void clearPid(String name, long pid) throws Exception {
        Optional<NodeRecord> now = c.find(name);
        if (now.isPresent() && now.get().pid() != null && now.get().pid() == pid) {
          c.await(c.store.nodes().store(now.get().withPid(null)));
        }
      }

      @Override
      public boolean delete(String name) throws Exception {
        return c.await(c.store.nodes().delete(name));
      }

      @Override
      public void close() {
        c.close();
      }
    };
  }

  /**
   * @param name a node name
   * @return its record, or empty
   * @throws Exception if the read fails
   */
  Optional<NodeRecord> find(String name) throws Exception;

  /**
   * @param name a node name, or {@code null} for the default node
   * @return its record
   * @throws ExitCodes.CliException ({@link ExitCodes#NOT_FOUND}) if there is none, as Rust words it
   * @throws Exception if the read fails
   */
  NodeRecord record(String name) throws Exception;

  /**
   * @return every node, in creation order
   * @throws Exception if the read fails
   */
  List<NodeRecord> records() throws Exception;

  /**
   * Marks a node stopped, if its record still names that process (a newer process of the same name
   * keeps its own).
   *
   * @param name the node
   * @param pid the process that stopped
   * @throws Exception if the write fails
   */
  void clearPid(String name, long pid) throws Exception;

  /**
   * Deletes a node's record, with its outlets, inlets, relays and policies.
   *
   * @param name the node
   * @return {@code true} if there was one
   * @throws Exception if the write fails
   */
  boolean delete(String name) throws Exception;

  @Override
  void close();
}
