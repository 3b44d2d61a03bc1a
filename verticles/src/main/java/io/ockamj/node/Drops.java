package io.ockamj.node;

import java.util.Map;

/**
 * The record of the messages a node dropped: a count per {@link DropReason}, and a log line at
 * INFO the first time a reason is seen for a peer, then at most once a minute for that reason and
 * peer (with the number suppressed meanwhile), never a line per message.
 * <p>
 * Components of the node (transports, channels, portals, relays) report their own drops here; the
 * counts appear in {@link Node#metrics()} and in {@code ockam node show --output json}.
 */
public interface Drops {

  /**
   * Counts a dropped message and logs it subject to the rate limit.
   *
   * @param reason why it was dropped
   * @param peer where it came from: an address, a socket address, a route; {@code null} if unknown
   * @param detail what happened, for the log line (no secrets, no payload bytes)
   */
  void record(DropReason reason, Object peer, String detail);

  /**
   * @param reason a reason
   * @return how many messages were dropped for it since the node started
   */
  long count(DropReason reason);

  /**
   * @return the non-zero counts, in the order of {@link DropReason}
   */
  Map<DropReason, Long> counts();

  /**
   * @return the total of all counts
   */
  long total();
}
