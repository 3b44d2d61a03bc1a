package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.console.ConsoleKey;
import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Stack;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ockam node console NAME} (ours): prints the URL of a node's web console with a one-time login token.
 * <p>
 * The token is minted here with the key the node keeps in {@code $OCKAM_HOME/nodes/NAME/console.key} (mode
 * {@code 0600}): whoever can read that file can already read the node's database and vault, so the file grants
 * nothing new, and minting needs no round trip through the node-manager API (which only answers over a
 * secure channel, and would need a new request type in the wire protocol shared with Rust Ockam).
 */
@Command(name = "console", mixinStandardHelpOptions = true,
  description = {"(ours) Print the URL of a node's web console with a one-time login token.",
    "The node must have been created with --console. The token can be used once, within --ttl; the page"
      + " exchanges it for a session cookie."})
final class NodeConsoleCommand implements Callable<Integer> {

  /** The config key of the console's bound address in the node's record. */
  static final String CONFIG_KEY = "console";
  /** {@code --console} without a value. */
  static final String DEFAULT_ADDRESS = "127.0.0.1:0";

  @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The node, as NAME or /node/NAME (default: the default node).")
  String name;

  @Option(names = "--at", paramLabel = "NODE", description = "The node, as NAME or /node/NAME (instead of the NAME argument).")
  String at;

  @Option(names = "--ttl", defaultValue = "60s", converter = Durations.class,
    description = "How long the login token can be used (at most 5m; default: ${DEFAULT-VALUE}).")
  Duration ttl;


  @Override
  public Integer call() throws Exception {
    boolean json = Terminal.json();
    if (ttl.isZero() || ttl.isNegative() || ttl.compareTo(ConsoleKey.MAX_TOKEN_TTL) > 0) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "--ttl must be between 1ms and 5m");
    }
    String node = NodeResolver.nodeArgument(name, at);
    NodeRecord r;
    try (NodeClient c = NodeClient.open()) {
      r = c.record(node);
    }
    String address = r.config().getString(CONFIG_KEY);
    if (address == null) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "node " + r.name() + " has no web console; create it with"
        + " 'ockam node create " + r.name() + " --console'");
    }
    if (!NodeClient.localStatus(r).equals("running")) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "node " + r.name() + " is not running; start it with 'ockam node start "
        + r.name() + "'");
    }
    ConsoleKey key;
    try {
      key = ConsoleKey.load(NodeProcesses.nodeDir(r.name()));
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot read the console key of node " + r.name() + ": " + e.getMessage());
    }
    long now = System.currentTimeMillis();
    String url = url(address, key.mintToken(ttl, now));
    if (json) {
      Terminal.write(Output.of().json(new JsonObject().put("node", r.name()).put("url", url).put("console_address", address)
        .put("expires_at", Instant.ofEpochMilli(now + ttl.toMillis()).toString())));
    } else {
      System.out.println(url);
    }
    return ExitCodes.OK;
  }

  /** @return the page's URL on the console's address (a wildcard address is reached on the loopback) with a login token */
  static String url(String address, String token) {
    return "http://" + NodeClient.connectAddress(address) + "/#login=" + token;
  }

  /**
   * The value of {@code --console [HOST:PORT]}: taken from the next argument only if it looks like
   * {@code HOST:PORT} (or is attached with {@code =}), so {@code node create --console n1} keeps {@code n1}
   * as the node's name; otherwise {@value #DEFAULT_ADDRESS}.
   */
  static final class OptionalAddress implements CommandLine.IParameterPreprocessor {
    private static final Pattern HOST_PORT = Pattern.compile("^(\\[[0-9a-fA-F:.]+\\]|[A-Za-z0-9.\\-]+):[0-9]{1,5}$");

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec commandSpec, ArgSpec argSpec, Map<String, Object> info) {
      String value = DEFAULT_ADDRESS;
      Object sep = info.get("separator");
      if (sep != null && !sep.toString().isBlank() && !args.isEmpty()) {
        value = args.pop();
      } else if (!args.isEmpty() && HOST_PORT.matcher(args.peek()).matches()) {
        value = args.pop();
      }
      try {
        TcpTransport.splitHostPort(value);
      } catch (RuntimeException e) {
        throw new CommandLine.ParameterException(commandSpec.commandLine(), "invalid --console '" + value + "': " + e.getMessage());
      }
      argSpec.setValue(value);
      return true;
    }
  }
}
