package io.ockamj.cli;

import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.NodeManagerException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.function.Function;

/**
 * Runs one node-manager request for the portal and relay commands: finds the node named by
 * {@code --at} (or the default node), checks that it runs, opens an API client, and turns the node's
 * error statuses into one-line messages with the right exit code.
 */
final class NodeApi {

  /** How long an answer may take, on top of the time a request asks the node to spend. */
  static final Duration MARGIN = Duration.ofSeconds(5);

  private NodeApi() {
  }

  /** The node name of {@code --at}: {@code NAME} or {@code /node/NAME}; {@code null} means the default node. */
  static String nodeName(String at) {
    if (at == null) {
      return null;
    }
    String n = at.startsWith("/node/") ? at.substring("/node/".length()) : at;
    NodeClient.checkName(n);
    return n;
  }

  /** The result of a request, with the node it went to. */
  record Answer<T>(String node, T value) {
  }

  /**
   * Sends a request to a running node.
   *
   * @param at {@code --at}, or {@code null} for the default node
   * @param timeout how long the node may take (the client waits {@link #MARGIN} longer)
   * @param work the request
   * @return the node's name and answer
   */
  static <T> Answer<T> call(String at, Duration timeout, Function<NodeManagerClient, Future<T>> work) throws Exception {
    String name = nodeName(at);
    try (NodeClient c = NodeClient.open()) {
      NodeRecord r = c.record(name);
      String st = NodeClient.localStatus(r);
      if (!st.equals("running")) {
        throw new ExitCodes.CliException(ExitCodes.UNREACHABLE, "node '" + r.name() + "' is not running (" + st
          + "); start it with 'ockam node start " + r.name() + "'");
      }
      NodeManagerClient api = c.await(c.api(r, timeout.plus(MARGIN)));
      try {
        return new Answer<>(r.name(), c.await(work.apply(api)));
      } catch (NodeManagerException e) {
        throw new ExitCodes.CliException(exitCode(e), e.getMessage() == null ? "the node refused the request" : e.getMessage());
      } finally {
        c.await(api.close().otherwiseEmpty());
      }
    }
  }

  static int exitCode(NodeManagerException e) {
    if (e.status() == null) {
      return ExitCodes.FAILURE;
    }
    switch (e.status()) {
      case NOT_FOUND:
        return ExitCodes.UNREACHABLE;
      case BAD_REQUEST:
        return ExitCodes.USAGE;
      case TIMEOUT:
        return ExitCodes.TIMEOUT;
      case FORBIDDEN:
      case UNAUTHORIZED:
        return ExitCodes.REFUSED;
      default:
        return ExitCodes.FAILURE;
    }
  }

  /** Parses a multiaddr option, or fails with {@link ExitCodes#USAGE}. */
  static MultiAddr multiAddr(String option, String value) {
    try {
      return MultiAddr.parse(value);
    } catch (RuntimeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid " + option + " '" + value + "': " + e.getMessage());
    }
  }

  static void print(JsonObject o) {
    System.out.println(o.encodePrettily());
  }

  static String orDash(Object o) {
    return o == null ? "-" : o.toString();
  }
}
