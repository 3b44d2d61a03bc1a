package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;

import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.NodeManagerException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Runs node-manager requests for the secure-channel, portal, relay and run commands: finds the node
 * named by {@code --at} (or the default node), checks that it runs, opens an API client, and turns the
 * node's error statuses into one-line messages with the right exit code.
 */
final class NodeApi {

  /** How long an answer may take, on top of the time a request asks the node to spend. */
  static final Duration MARGIN = Duration.ofSeconds(5);

  private NodeApi() {
  }

  /** The node name of {@code --at}: {@code NAME} or {@code /node/NAME}; {@code null} means the default node. */
  static String nodeName(String at) {
    return NodeResolver.nodeName("--at", at);
  }

  /** The result of a request, with the node it went to. */
  record Answer<T>(String node, T value) {
  }

  /** Requests made through one API client, blocking (command-line code only). */
  @FunctionalInterface
  interface Session<T> {
    T run(NodeManagerClient api) throws Exception;
  }

  /** Requests made through one API client that need the node's name, blocking (command-line code only). */
  @FunctionalInterface
  interface NamedSession<T> {
    T run(NodeManagerClient api, String node) throws Exception;
  }

  /**
   * Like {@link #session(NodeClient, String, Duration, Session)}, telling {@code work} the node's name.
   *
   * @param c the local state
   * @param at {@code --at}, or {@code null} for the default node
   * @param timeout how long each request may take (the client waits {@link #MARGIN} longer)
   * @param work the requests
   * @return what {@code work} returned
   */
  static <T> T named(NodeClient c, String at, Duration timeout, NamedSession<T> work) throws Exception {
    String node = c.record(nodeName(at)).name();
    return session(c, at, timeout, api -> work.run(api, node)).value();
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
    try (NodeClient c = NodeClient.open()) {
      return call(c, at, timeout, work);
    }
  }

  /**
   * Sends a request to a running node, with the local state already open.
   *
   * @param c the local state
   * @param at {@code --at}, or {@code null} for the default node
   * @param timeout how long the node may take (the client waits {@link #MARGIN} longer)
   * @param work the request
   * @return the node's name and answer
   */
  static <T> Answer<T> call(NodeClient c, String at, Duration timeout, Function<NodeManagerClient, Future<T>> work) throws Exception {
    return session(c, at, timeout, api -> c.await(work.apply(api)));
  }

  /**
   * Opens one API client to a running node, runs {@code work} with it and closes it. A
   * {@link NodeManagerException} that escapes {@code work} becomes a one-line error with its exit code.
   *
   * @param c the local state
   * @param at {@code --at}, or {@code null} for the default node
   * @param timeout how long each request may take (the client waits {@link #MARGIN} longer)
   * @param work the requests
   * @return the node's name and what {@code work} returned
   */
  static <T> Answer<T> session(NodeClient c, String at, Duration timeout, Session<T> work) throws Exception {
    NodeRecord r = c.record(nodeName(at));
    String st = NodeClient.localStatus(r);
    if (!st.equals("running")) {
      throw new ExitCodes.CliException(ExitCodes.UNREACHABLE, "node '" + r.name() + "' is not running (" + st
        + "); start it with 'ockam node start " + r.name() + "'");
    }
    NodeManagerClient api = c.await(c.api(r, timeout.plus(MARGIN)));
    try {
      return new Answer<>(r.name(), work.run(api));
    } catch (NodeManagerException e) {
      throw refused(e, null);
    } finally {
      c.await(api.close().otherwiseEmpty());
    }
  }

  /**
   * The one-line error for a request the node refused.
   *
   * @param e the node's answer
   * @param prefix put before the node's message (e.g. where in a configuration file), or {@code null}
   * @return the error, with the exit code that fits the node's status
   */
  static ExitCodes.CliException refused(NodeManagerException e, String prefix) {
    String m = e.getMessage() == null ? "the node refused the request" : e.getMessage();
    return new ExitCodes.CliException(exitCode(e), prefix == null ? m : prefix + m);
  }

  static int exitCode(NodeManagerException e) {
    if (e.status() == null) {
      return ExitCodes.FAILURE;
    }
    switch (e.status()) {
      case NOT_FOUND:
        return ExitCodes.NOT_FOUND;
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

  /**
   * Prints the answer of a list request: a JSON array, or a one-line hint when the node has none,
   * or an aligned table.
   *
   * @param a the answer
   * @param json whether {@code --output json} was asked for
   * @param toJson one item as JSON, given the node name
   * @param none the line to print when the list is empty
   * @param header the column titles
   * @param row one item's cells, in the order of {@code header}
   * @return the exit code
   */
  static <T> int printList(Answer<List<T>> a, boolean json, java.util.function.BiFunction<String, T, JsonObject> toJson,
                           String none, String[] header, java.util.function.Function<T, String[]> row) {
    Output out = Output.of().json(new io.vertx.core.json.JsonArray(a.value().stream().map(v -> toJson.apply(a.node(), v)).toList()));
    if (a.value().isEmpty()) {
      out.plain(none);
    } else {
      List<String[]> rows = new java.util.ArrayList<>();
      rows.add(header);
      for (T v : a.value()) {
        rows.add(row.apply(v));
      }
      out.plain(Table.format(rows));
    }
    Terminal.write(out);
    return ExitCodes.OK;
  }

  /** Parses a multiaddr option, or fails with {@link ExitCodes#USAGE}. */
  static MultiAddr multiAddr(String option, String value) {
    try {
      return MultiAddr.parse(value);
    } catch (RuntimeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid " + option + " '" + value + "': " + e.getMessage());
    }
  }

  /** Writes a JSON result (the command's only form). */
  static void print(JsonObject o) {
    Terminal.write(Output.of().json(o));
  }

  static String orDash(Object o) {
    return o == null ? "-" : o.toString();
  }
}
