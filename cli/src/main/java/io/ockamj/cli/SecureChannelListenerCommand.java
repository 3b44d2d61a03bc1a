package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.SecureChannelListenerInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ockam secure-channel-listener ...}: the secure channel listeners of a node, as Rust Ockam's command has them. */
@Command(name = "secure-channel-listener", mixinStandardHelpOptions = true,
  description = "Create, list, show and delete the secure channel listeners of a node.",
  subcommands = {SecureChannelListenerCommand.Create.class, SecureChannelListenerCommand.ListListeners.class,
    SecureChannelListenerCommand.Show.class, SecureChannelListenerCommand.Delete.class})
final class SecureChannelListenerCommand {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private SecureChannelListenerCommand() {
  }

  /** A listener address given as {@code ADDRESS} or {@code /service/ADDRESS}. */
  static String address(String a) {
    String s = a.startsWith("/service/") ? a.substring("/service/".length()) : a;
    s = s.replaceAll("/+$", "");
    if (!NodeClient.NAME.matcher(s).matches()) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid listener address '" + a + "'");
    }
    return s;
  }

  /** {@code ockam secure-channel-listener create}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Create a secure channel listener on a node. Initiators reach it as /service/ADDRESS (or, on a route "
      + "that ends with it, the secure channel is created for them). The node's administrators are always authorized."})
  static final class Create implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "Address for this listener.")
    String address;

    @Option(names = {"-a", "--authorized"}, paramLabel = "IDENTIFIERS", split = ",",
      description = "Authorized Identifiers of secure channel initiators (repeatable; default: any identity that proves itself).")
    List<String> authorized;

    @Option(names = "--identity", paramLabel = "IDENTITY_NAME",
      description = "Name of the Identity that the secure-channel listener will use, if it is different from the node's identity.")
    String identity;

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      String a = address(address);
      List<Identifier> ids = NodeCommand.identifiers("--authorized", authorized);
      try (NodeClient c = NodeClient.open()) {
        if (identity != null) {
          NodeCommand.requireIdentity(c, identity, "");
        }
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          SecureChannelListenerInfo created = c.await(api.createSecureChannelListener(a, ids, identity));
          String service = "/service/" + a;
          // Rust's [{address}]; flow_control_id (ours), for flow-control add-consumer
          Terminal.write(Output.of().plain(Fmt.ok("Secure Channel Listener at " + service + " created successfully") + "\n"
              + Fmt.log("At node /node/" + node)).machine(service)
            .json(new JsonArray().add(new JsonObject().put("address", service).put("flow_control_id", created.flowControlId()))));
          return ExitCodes.OK;
        });
      }
    }
  }

  /** {@code ockam secure-channel-listener list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the secure channel listeners of a node.")
  static final class ListListeners implements Callable<Integer> {

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      return ResourceOutput.list(at, TIMEOUT, NodeManagerClient::secureChannelListeners, KIND,
        node -> "No secure channel listeners found at node " + node + ".", true);
    }
  }

  /**
   * A listener in a list: {@code Listener at /service/ADDRESS}; its JSON (ours: Rust prints only text):
   * address, flow_control_id (as Rust's {@code SecureChannelListener}), authorized, identity.
   */
  static final ResourceOutput.Kind<SecureChannelListenerInfo> KIND =
    new ResourceOutput.Kind<>(l -> "Listener at /service/" + l.address(), SecureChannelListenerCommand::toJson);

  static JsonObject toJson(SecureChannelListenerInfo l) {
    return new JsonObject().put("address", "/service/" + l.address()).put("flow_control_id", l.flowControlId())
      .put("authorized", new JsonArray(l.trusted()))
      .put("identity", l.identity());
  }

  /** {@code ockam secure-channel-listener show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a secure channel listener.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "Address of the channel listener.")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      String a = address(address);
      SecureChannelListenerInfo l = NodeApi.call(at, TIMEOUT, api -> api.secureChannelListener(a)).value();
      // as Rust: the route, also through a pipe; the JSON is ours
      return ResourceOutput.show(l, new ResourceOutput.Kind<>(x -> "/service/" + x.address(), SecureChannelListenerCommand::toJson),
        "/service/" + l.address());
    }
  }

  /** {@code ockam secure-channel-listener delete} (as in Rust, without a confirmation). */
  @Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a secure channel listener (the channels it accepted stay open). The listener 'api' carries the node's API and stays.")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "Address at which the channel listener to be deleted is running.")
    String address;

    @Option(names = "--at", paramLabel = "NODE", description = "Perform the command on the given node (default: the default node).")
    String at;

    @Override
    public Integer call() throws Exception {
      String a = address(address);
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          c.await(api.deleteSecureChannelListener(a));
          Terminal.write(Output.of().plain(Fmt.ok("Deleted secure-channel listener with address '" + a + "' on node '" + node + "'"))
            .machine(a));
          return ExitCodes.OK;
        });
      }
    }
  }
}
