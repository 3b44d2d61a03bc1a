package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * The {@code list} and {@code show} output that the commands on a node's resources share
 * ({@code tcp-connection}, {@code tcp-listener}, {@code secure-channel-listener}): a list as Rust's
 * {@code build_list} (each item's text after a bar, or "No ... found on NODE"), its JSON array (ours where
 * Rust prints only text), and one item in its forms.
 */
final class ResourceOutput {

  private ResourceOutput() {
  }

  /** How one kind of resource prints. */
  record Kind<T>(Function<T, String> item, Function<T, JsonObject> json) {
  }

  /**
   * Asks a node for a list of resources and writes it.
   *
   * @param at {@code --at} (the default node if {@code null})
   * @param timeout how long the node may take
   * @param fetch the request
   * @param kind how an item prints
   * @param empty the text when there are none, given the node's name
   * @param textThroughPipe whether Rust prints only the text (so a pipe gets it too, and the JSON is ours)
   * @return the exit code
   */
  static <T> int list(String at, Duration timeout, Function<NodeManagerClient, Future<List<T>>> fetch, Kind<T> kind,
                      Function<String, String> empty, boolean textThroughPipe) throws Exception {
    NodeApi.Answer<List<T>> a = NodeApi.call(at, timeout, fetch);
    Terminal.write(listOutput(a.value(), kind, empty.apply(a.node()), textThroughPipe));
    return ExitCodes.OK;
  }

  /**
   * @param items the resources
   * @param kind how an item prints
   * @param empty the text when there are none
   * @param textThroughPipe whether the text is also the machine form (where Rust prints only text)
   * @return the list: its text and its JSON
   */
  static <T> Output listOutput(List<T> items, Kind<T> kind, String empty, boolean textThroughPipe) {
    String text = Fmt.list(items.stream().map(kind.item()).toList(), empty);
    return Output.of().plain(text).machine(textThroughPipe ? text : null)
      .json(new JsonArray(items.stream().map(kind.json()).toList()));
  }

  /**
   * Writes one resource: its text, its JSON and, if not {@code null}, its machine form.
   *
   * @param item the resource
   * @param kind how it prints
   * @param machine the machine form, or {@code null} for none (then a pipe gets the JSON)
   */
  static <T> int show(T item, Kind<T> kind, String machine) {
    Terminal.write(Output.of().plain(kind.item().apply(item)).machine(machine).json(kind.json().apply(item)));
    return ExitCodes.OK;
  }
}
