package io.ockamj.cli;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam worker list}: the workers and processors running on a node, as its node manager
 * reports them ({@code GET /node/workers}).
 */
@Command(name = "worker", mixinStandardHelpOptions = true, description = "List the workers of a node.",
  subcommands = {WorkerCommand.ListWorkers.class})
final class WorkerCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private WorkerCommand() {
  }

  /**
   * An address as Rust Ockam lists it: a local address by its name alone ({@code echo}), any other
   * with its transport type ({@code 1#127.0.0.1:4000}).
   */
  static String text(Address a) {
    return a.isLocal() ? a.innerText() : a.toString();
  }

  static String kind(WorkerInfo w) {
    return w.processor() ? "processor" : "worker";
  }

  static JsonObject toJson(String node, WorkerInfo w) {
    return new JsonObject().put("node", node).put("address", text(w.primaryAddress()))
      .put("addresses", new JsonArray(w.addresses().stream().map(WorkerCommand::text).toList()))
      .put("kind", kind(w)).put("type", w.type()).put("pending", w.pending()).put("handled", w.handled());
  }

  /** {@code ockam worker list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
    description = {"List the workers and processors running on a node: services, secure channel ends, TCP connections,"
      + " portals, relays.",
      "--output json prints a JSON array with one object per worker (address, addresses, kind, type, pending, handled);"
        + " Rust Ockam prints the plain form only, the JSON form is an addition of this implementation."})
  static final class ListWorkers implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "The node (NAME or /node/NAME; default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      NodeApi.Answer<List<WorkerInfo>> a = NodeApi.call(at, TIMEOUT, api -> api.workers());
      return NodeApi.printList(a, json, WorkerCommand::toJson, "No workers found on " + a.node() + ".",
        new String[] {"ADDRESS", "KIND", "TYPE", "PENDING", "HANDLED", "OTHER ADDRESSES"},
        w -> new String[] {text(w.primaryAddress()), kind(w), w.type(), String.valueOf(w.pending()), String.valueOf(w.handled()),
          otherAddresses(w)});
    }

    private static String otherAddresses(WorkerInfo w) {
      List<String> others = w.addresses().stream().filter(x -> !x.equals(w.primaryAddress())).map(WorkerCommand::text).toList();
      return others.isEmpty() ? "-" : String.join(", ", others);
    }
  }
}
