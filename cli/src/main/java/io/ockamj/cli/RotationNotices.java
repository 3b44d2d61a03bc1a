package io.ockamj.cli;

import io.ockamj.cli.terminal.Terminal;
import io.ockamj.protocol.api.Method;
import io.ockamj.store.NodeRecord;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After {@code ockam identity rotate} (ours): tells every running node of this home that the identity
 * changed, so that its later handshakes prove the new key, and with {@code --reconnect} that it
 * re-establishes its channels under it. A node that cannot be reached is reported and skipped: it
 * takes the new key when it restarts.
 */
final class RotationNotices {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** What one node answered: the channel factories that prove the identity and the channels it closed. */
  record Outcome(String node, long factories, long closed, String error) {
  }

  private RotationNotices() {
  }

  /**
   * Tells the running nodes.
   *
   * @param identity the identity's name
   * @param reconnect whether the nodes close (and so re-establish) the channels that prove the old key
   * @return each running node's outcome
   */
  static List<Outcome> tell(String identity, boolean reconnect) throws Exception {
    List<Outcome> out = new ArrayList<>();
    try (NodeClient c = NodeClient.open()) {
      // all running nodes at once: a node that proves the identity only through one of its listeners
      // or inlets ('--identity') is found too
      List<Future<Outcome>> asked = new ArrayList<>();
      for (NodeRecord r : c.records()) {
        if (!NodeClient.localStatus(r).equals("running")) {
          continue;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("identity", identity);
        body.put("reestablish", reconnect);
        asked.add(c.api(r, TIMEOUT).compose(api -> api.call(Method.POST, "/node/identity/rotated", body).eventually(api::close))
          .map(answer -> {
            Map<?, ?> m = answer instanceof Map<?, ?> map ? map : Map.of();
            return new Outcome(r.name(), number(m.get("channel_factories")), number(m.get("channels_closed")), null);
          })
          .otherwise(err -> new Outcome(r.name(), 0, 0, err.getMessage())));
      }
      c.await(Future.join(asked));
      asked.forEach(f -> out.add(f.result()));
    }
    for (Outcome o : out) {
      if (o.error() != null) {
        Terminal.notice("node " + o.node() + " was not told (" + o.error() + "); it proves the new key once restarted");
      } else if (o.factories() > 0) {
        Terminal.notice("node " + o.node() + " proves the new key from now on"
          + (reconnect ? "; it re-establishes " + o.closed() + " channel(s)" : ""));
      }
    }
    return out;
  }

  private static long number(Object v) {
    return v instanceof Number n ? n.longValue() : 0;
  }
}
