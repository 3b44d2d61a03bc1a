package io.ockamj.verticles.nodemanager;

import java.util.List;
import java.util.Map;

/**
 * What {@code GET /node} answers.
 *
 * @param name the node name
 * @param identifier the identifier of the node's identity
 * @param status {@code running} (a node that answers is running)
 * @param tcpListenerAddress the bound {@code host:port} of its TCP listener, or {@code null}
 * @param pid its process id
 * @param startedAt when it started, in epoch milliseconds
 * @param workers how many workers and processors it runs
 * @param admins the identifiers allowed to use the API
 * @param dropped the messages it dropped since it started, by reason (lower-case
 *                {@link io.ockamj.node.DropReason} names; non-zero counts only)
 */
public record NodeStatus(String name, String identifier, String status, String tcpListenerAddress, long pid,
                         long startedAt, int workers, List<String> admins, Map<String, Long> dropped) {

  /**
   * Keeps the order of the counts.
   *
   * @param name the node name
   * @param identifier the identifier of the node's identity
   * @param status {@code running}
   * @param tcpListenerAddress the bound {@code host:port} of its TCP listener, or {@code null}
   * @param pid its process id
   * @param startedAt when it started, in epoch milliseconds
   * @param workers how many workers and processors it runs
   * @param admins the identifiers allowed to use the API
   * @param dropped the messages it dropped since it started, by reason
   */
  public NodeStatus {
    dropped = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(dropped));
  }
}
