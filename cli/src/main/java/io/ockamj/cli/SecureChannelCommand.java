package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;

import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Status;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.nodemanager.NodeManagerException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ockam secure-channel ...}: secure channels that a running node opened, through its node API.
 */
@Command(name = "secure-channel", mixinStandardHelpOptions = true,
  description = "Create, list, show and delete the secure channels a node has opened to other nodes.",
  subcommands = {SecureChannelCommand.Create.class, SecureChannelCommand.ListChannels.class, SecureChannelCommand.Show.class,
    SecureChannelCommand.Delete.class})
final class SecureChannelCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private SecureChannelCommand() {
  }

  static JsonObject toJson(String node, SecureChannel c) {
    return new JsonObject().put("node", node).put("encryptor", c.encryptor().innerText())
      .put("route", "/service/" + c.encryptor().innerText()).put("identifier", c.localIdentifier().toString())
      .put("peer", c.peer().toString()).put("initiator", c.initiator())
      .put("to", c.route() == null ? null : c.route().toString()).put("authorized_identifiers", authorized(c));
  }

  private static JsonArray authorized(SecureChannel c) {
    return c.authorizedIdentifiers() == null ? null
      : new JsonArray(c.authorizedIdentifiers().stream().map(Object::toString).toList());
  }

  /**
   * A channel in {@code secure-channel show}: Rust's {@code ShowSecureChannelResponse} fields {@code channel}
   * (the encryptor, {@code 0#ADDRESS}), {@code route} (the route it was created along, a TCP hop as its
   * connection's address: {@code 0#CONNECTION => 0#api}; null at the responder, which Rust does not list),
   * {@code authorized_identifiers} (null if none were named) and {@code flow_control_id}; then ours.
   */
  static JsonObject showJson(String node, SecureChannel c) {
    return new JsonObject().put("channel", "0#" + c.encryptor().innerText())
      .put("route", c.route() == null ? null : c.route().toString()).put("authorized_identifiers", authorized(c))
      .put("flow_control_id", c.flowControlId().value())
      .put("node", node).put("encryptor", c.encryptor().innerText()).put("identifier", c.localIdentifier().toString())
      .put("peer", c.peer().toString()).put("initiator", c.initiator());
  }

  private static Optional<SecureChannel> find(List<SecureChannel> channels, String encryptor) {
    String e = encryptor.startsWith("/service/") ? encryptor.substring("/service/".length()) : encryptor;
    return channels.stream().filter(c -> c.encryptor().equals(Address.local(e))).findFirst();
  }

  /** {@code ockam secure-channel create --from NODE --to MULTIADDR}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = "Open a secure channel from a node to a listener, e.g. --to /node/n2/secure/api or /ip4/127.0.0.1/tcp/4000/secure/api.")
  static final class Create implements Callable<Integer> {

    @Option(names = {"--from", "--at"}, paramLabel = "NODE", description = "The node that opens the channel (default: the default node).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "MULTIADDR", description = "Route to the peer's secure channel listener.")
    String to;

    @Option(names = {"-a", "--authorized"}, paramLabel = "IDENTIFIER", description = "Identifiers authorized to be presented by the listener (repeatable).")
    List<String> authorized;

    @Option(names = {"-c", "--credential"}, paramLabel = "CREDENTIAL",
      description = "A credential to present to the listener (hex, as 'credential issue' prints it).")
    String credential;

    @Option(names = "--identity", paramLabel = "IDENTITY_NAME",
      description = "The local identity the node proves in the channel (default: the node's identity).")
    String identity;

    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      if (credential != null) {
        byte[] bytes;
        try {
          bytes = java.util.HexFormat.of().parseHex(credential.strip());
        } catch (IllegalArgumentException e) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "Invalid credential hex");
        }
        try {
          io.ockamj.crypto.identity.CredentialAndPurposeKey.decode(bytes);
        } catch (RuntimeException e) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "Invalid credential");
        }
      }
      if (identity != null) {
        try (NodeClient c = NodeClient.open()) {
          NodeCommand.requireIdentity(c, identity, "");
        }
      }
      MultiAddr given;
      try {
        // as Rust: /node/n2/service/api names the listener api (so does our /node/n2/secure/api)
        given = MultiAddr.parse(to).toSecureChannelListenerRoute();
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --to '" + to + "': " + e.getMessage());
      }
      MultiAddr target = NodeResolver.resolve(given);
      List<Identifier> ids = new ArrayList<>();
      for (String a : authorized == null ? List.<String>of() : authorized) {
        try {
          ids.add(Identifier.parse(a));
        } catch (RuntimeException e) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --authorized '" + a + "': " + e.getMessage());
        }
      }
      MultiAddr resolved = target;
      // a listener the route needs on a local node is checked there meanwhile: if it is missing, that
      // is reported at once instead of after the handshake timeout
      NodeApi.Answer<SecureChannel> a = RouteCheck.race(given, () -> {
        try {
          return NodeApi.call(from, TIMEOUT, api -> api.createSecureChannel(resolved, ids, TIMEOUT, identity,
            credential == null ? null : credential.strip()));
        } catch (ExitCodes.CliException e) {
          if (e.exitCode == ExitCodes.TIMEOUT) {
            throw new ExitCodes.CliException(ExitCodes.TIMEOUT, "cannot create a secure channel along " + to + ": " + e.getMessage()
              + "; " + RouteCheck.likelyCauses(true));
          }
          throw e;
        }
      });
      String route = "/service/" + a.value().encryptor().innerText();
      JsonObject created = new JsonObject().put("address", route);
      toJson(a.node(), a.value()).forEach(e -> created.put(e.getKey(), e.getValue()));
      created.put("address", route);
      Terminal.write(Output.of()
        .plain("Secure Channel at " + route + " created successfully\n  From /node/" + a.node() + " to " + to
          + "\n  send through it with --at " + a.node() + " --to " + route + "/service/...")
        .machine(route)
        .json(new JsonArray().add(created)));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam secure-channel list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the secure channels of a node.")
  static final class ListChannels implements Callable<Integer> {

    @Option(names = {"--at", "--from"}, paramLabel = "NODE", description = "The node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      NodeApi.Answer<List<SecureChannel>> a = NodeApi.call(at, TIMEOUT, api -> api.secureChannels());
      return NodeApi.printList(a, json, (node, c) -> toJson(node, c),
        "Node " + a.node() + " has no secure channels.",
        new String[] {"ROUTE", "PEER", "ROLE"},
        c -> new String[] {"/service/" + c.encryptor().innerText(), c.peer().toString(), c.initiator() ? "initiator" : "responder"});
    }
  }

  /** {@code ockam secure-channel show}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one secure channel of a node.")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ENCRYPTOR", description = "The channel's encryptor address (as printed by create or list).")
    String encryptor;

    @Option(names = {"--at", "--from"}, paramLabel = "NODE", description = "The node (default: the default node).")
    String at;


    @Override
    public Integer call() throws Exception {
      NodeApi.Answer<List<SecureChannel>> a = NodeApi.call(at, TIMEOUT, api -> api.secureChannels());
      SecureChannel c = find(a.value(), encryptor).orElseThrow(() -> new ExitCodes.CliException(ExitCodes.NOT_FOUND,
        "node " + a.node() + " has no secure channel " + encryptor + "; see 'ockam secure-channel list'"));
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"Node", a.node()});
      rows.add(new String[] {"Route", "/service/" + c.encryptor().innerText()});
      if (c.route() != null) {
        rows.add(new String[] {"To", c.route().toString()});
      }
      rows.add(new String[] {"Authorized", c.authorizedIdentifiers() == null ? "none"
        : String.join(", ", c.authorizedIdentifiers().stream().map(Object::toString).toList())});
      rows.add(new String[] {"Identity", c.localIdentifier().toString()});
      rows.add(new String[] {"Peer", c.peer().toString()});
      rows.add(new String[] {"Role", c.initiator() ? "initiator" : "responder"});
      // as Rust: no machine form, so a pipe gets the JSON too
      Terminal.write(Output.of().plain(Table.format(rows)).json(showJson(a.node(), c)));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam secure-channel delete}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Close a secure channel (the peer is told with Close).")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "ADDRESS", description = "The channel's encryptor address (ADDRESS or /service/ADDRESS).")
    String encryptor;

    @Option(names = {"--at", "--from"}, paramLabel = "NODE", description = "Node at which the secure channel was initiated (default: the default node).")
    String at;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;


    @Override
    public Integer call() throws Exception {
      if (!Confirmation.confirmed(yes, "Are you sure you want to delete this secure channel?")) {
        return ExitCodes.OK;
      }
      String e = encryptor.startsWith("/service/") ? encryptor.substring("/service/".length()).replaceAll("/+$", "") : encryptor;
      try (NodeClient c = NodeClient.open()) {
        return NodeApi.named(c, at, TIMEOUT, (api, node) -> {
          try {
            c.await(api.deleteSecureChannel(Address.local(e)));
          } catch (NodeManagerException ex) {
            if (ex.status() == Status.NOT_FOUND) {
              // as Rust: not an error, for scripts that delete what may already be gone
              String text = "channel with address " + e + " not found";
              Terminal.write(Output.of().plain(text).machine(text));
              return ExitCodes.OK;
            }
            throw ex;
          }
          Terminal.write(Output.of().plain(Fmt.ok("Closed secure channel /service/" + e + " on node " + node)).machine("/service/" + e)
            .json(new JsonArray().add(new JsonObject().put("address", "/service/" + e))));
          return ExitCodes.OK;
        });
      }
    }
  }
}
