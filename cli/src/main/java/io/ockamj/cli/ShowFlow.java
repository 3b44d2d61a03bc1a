package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.vertx.core.json.JsonArray;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The not-found paths of the {@code show} commands, as Rust 0.139's {@code ShowCommandTui}: when there is
 * nothing of the kind at all, a show succeeds (exit 0) and says so ({@code []} through a pipe and as JSON),
 * whatever name was asked for; a name that is not among existing items fails with exit 70.
 */
final class ShowFlow {

  private ShowFlow() {
  }

  /**
   * Says there is nothing to show when {@code names} is empty.
   *
   * @param plural what several items are called, as Rust ("tcp outlets")
   * @param node the {@code --at} value as given, or {@code null} (Rust adds " on node N" for some kinds)
   * @param names the items there are
   * @return {@code true} if there were none and that was printed
   */
  static boolean nothingToShow(String plural, String node, List<?> names) {
    if (!names.isEmpty()) {
      return false;
    }
    Terminal.write(Output.of().plain(Fmt.info("There are no " + plural + " to show" + (node == null ? "" : " on node " + node)))
      .json(new JsonArray()));
    return true;
  }

  /**
   * The item a show without a name shows, as Rust: on a terminal the only one there is; otherwise it is an
   * error (exit 70) saying a name is needed.
   *
   * @param names the items there are (not empty)
   * @param missing Rust's message, e.g. "No relay name provided"
   * @return the name to show
   */
  static String onlyOne(List<String> names, String missing) {
    if (names.size() == 1 && Confirmation.canAsk()) {
      return names.get(0);
    }
    throw new ExitCodes.CliException(ExitCodes.FAILURE, missing + " (there are: " + String.join(", ", names) + ")");
  }

  /**
   * After a show failed: if it failed because the item was not found and there are no items at all, says
   * so (Rust's success); otherwise the caller rethrows.
   *
   * @param failure why the show failed
   * @param plural what several items are called
   * @param node the {@code --at} value as given, or {@code null}
   * @param list lists the items (only called for a not-found failure)
   * @return {@code true} if the failure is Rust's "nothing to show" success, already printed
   */
  static boolean nothingToShow(ExitCodes.CliException failure, String plural, String node, Callable<List<?>> list) throws Exception {
    return failure.exitCode == ExitCodes.NOT_FOUND && nothingToShow(plural, node, list.call());
  }
}
