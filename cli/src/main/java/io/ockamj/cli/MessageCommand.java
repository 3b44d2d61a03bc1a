package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelException;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import io.ockamj.verticles.credentials.CredentialRetriever;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code ockam message send TEXT --to MULTIADDR}: send a message and print the reply.
 */
@Command(name = "message", description = "Send messages.", mixinStandardHelpOptions = true,
  subcommands = {MessageCommand.Send.class})
final class MessageCommand {

  /** {@code ockam message send}. */
  @Command(name = "send", mixinStandardHelpOptions = true,
    description = {"Send a message to a worker and print its reply, e.g. --to /ip4/127.0.0.1/tcp/4000/service/echo",
      "When the route starts at a local node, a service or secure channel listener it names there that the node lacks is"
        + " reported at once (exit code 3)."})
  static final class Send implements Callable<Integer> {

    /** {@code --timeout}'s default. */
    static final String DEFAULT_TIMEOUT = "10s";

    @Parameters(index = "0", paramLabel = "MESSAGE", description = "The message (text, or hex with --hex).")
    String message;

    @Option(names = {"-t", "--to"}, required = true, paramLabel = "ROUTE",
      description = "Where to send it, e.g. /ip4/127.0.0.1/tcp/4000/service/hop/service/echo or /node/n1/secure/api/service/echo")
    String to;

    @Option(names = {"--retry-count", "--retry"}, hidden = true, paramLabel = "N",
      description = "Number of times to try the command (default: $OCKAM_COMMAND_RETRY_COUNT, else once).")
    Integer retryCount;

    @Option(names = "--retry-delay", hidden = true, converter = Durations.class,
      description = "Delay between tries (default: $OCKAM_COMMAND_RETRY_DELAY, else 5s).")
    Duration retryDelay;

    @Option(names = "--no-retry", hidden = true, description = "Disable retry for the command, whatever the arguments and environment say.")
    boolean noRetry;

    @Option(names = "--at", paramLabel = "NODE",
      description = "(ours) The route starts at this local node (NAME or /node/NAME): /node/NODE is put in front of --to.")
    String at;

    @Option(names = {"-f", "--from"}, paramLabel = "NODE",
      description = "Send from a local node (NAME or /node/NAME): the node itself sends the message along --to, so the route can"
        + " start at one of its workers, such as a secure channel it created. A --to that starts at a worker (/service/...)"
        + " without --at or --from is sent from the default node.")
    String from;

    @Option(names = "--timeout", defaultValue = DEFAULT_TIMEOUT, converter = Durations.class,
      description = "How long to wait for the reply (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--hex", description = "The message is hex; print the reply as hex.")
    boolean hex;

    @Option(names = "--identity", paramLabel = "NAME",
      description = "Identity to prove in secure channels (/secure/... in --to); default: the default identity.")
    String identity;

    @picocli.CommandLine.Mixin
    TrustOptions trustOptions = new TrustOptions();

    @Override
    public Integer call() throws Exception {
      if (trustOptions.isSet() && from != null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--from sends with that node's own credential; "
          + "--project, --authority-identity, --authority-route and --credential-scope are for sending without --from");
      }
      Retries retries = Retries.of(noRetry, retryCount, retryDelay);
      return retries.run(this::once);
    }

    private Integer once() throws Exception {
      MultiAddr target;
      try {
        target = MultiAddr.parse(to);
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --to '" + to + "': " + e.getMessage());
      }
      byte[] payload;
      try {
        payload = hex ? HexFormat.of().parseHex(message) : message.getBytes(StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "The message is not a valid hex string");
      }
      String atNode = NodeResolver.nodeName("--at", at);
      String fromNode = NodeResolver.nodeName("--from", from);
      if (atNode != null && fromNode != null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "give --at or --from, not both");
      }
      if (fromNode != null || atNode == null && startsAtAWorker(target)) {
        // the node sends: a route that starts at one of its workers (e.g. the route 'secure-channel
        // create' prints, piped in as -/service/echo) only exists there
        MultiAddr route = NodeResolver.resolve(target);
        // a route that names its node (/node/NAME/...) is checked there meanwhile: a missing service is
        // reported at once; a route from the sending node's own workers is the node's to judge
        boolean local = !target.components().isEmpty() && (target.components().get(0).protocol() == MultiAddr.Protocol.SERVICE
          || target.components().get(0).protocol() == MultiAddr.Protocol.SECURE);
        RouteCheck.Work<byte[]> send = () -> NodeApi.call(fromNode, timeout, api -> api.sendMessage(route, payload, timeout)).value();
        byte[] reply = local ? send.run() : RouteCheck.race(target, send);
        Terminal.write(Output.of().plain(hex ? HexFormat.of().formatHex(reply) : new String(reply, StandardCharsets.UTF_8)));
        return ExitCodes.OK;
      }
      if (atNode != null) {
        target = target.prepend(MultiAddr.Component.of(MultiAddr.Protocol.NODE, atNode));
      }
      MultiAddr given = target;
      target = NodeResolver.resolve(target); // /node/NAME -> /ip4/127.0.0.1/tcp/PORT
      try {
        target.toTransportRoute();
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --to '" + to + "': " + e.getMessage());
      }
      MultiAddr resolved = target;
      // a route that starts at a local node is checked on that node meanwhile: a missing service or
      // listener there is reported at once instead of after the timeout
      byte[] reply = RouteCheck.race(given, () -> reply(given, resolved, payload));
      Terminal.write(Output.of().plain(hex ? HexFormat.of().formatHex(reply) : new String(reply, StandardCharsets.UTF_8)));
      return ExitCodes.OK;
    }

    /** {@code true} for a route whose first hop is a worker address, not a transport address or a node. */
    private static boolean startsAtAWorker(MultiAddr target) {
      if (target.components().isEmpty()) {
        return false;
      }
      MultiAddr.Protocol first = target.components().get(0).protocol();
      return first != MultiAddr.Protocol.IP4 && first != MultiAddr.Protocol.IP6 && first != MultiAddr.Protocol.DNSADDR
        && first != MultiAddr.Protocol.TCP && first != MultiAddr.Protocol.NODE;
    }

    /** The route for messages: as given and, when {@code /node/NAME} was resolved, what it became. */
    private static String routeText(MultiAddr given, MultiAddr resolved) {
      return given.equals(resolved) ? given.toString() : given + " (" + resolved + ")";
    }

    /**
     * The reply's payload: over a plain socket when the route is one TCP hop to workers of the node
     * it reaches ({@link DirectTcpSend}), else through a client node. A direct connection that cannot
     * be made (nothing sent) is tried again through the client node, which reports it as always.
     */
    private byte[] reply(MultiAddr given, MultiAddr target, byte[] payload) throws Exception {
      boolean secure = target.components().stream().anyMatch(c -> c.protocol() == MultiAddr.Protocol.SECURE);
      Optional<DirectTcpSend> direct = secure ? Optional.empty() : DirectTcpSend.of(target.toTransportRoute());
      if (direct.isPresent()) {
        try {
          return direct.get().exchange(payload, timeout);
        } catch (DirectTcpSend.NotConnected e) {
          // the client node says why, in its words
        } catch (DirectTcpSend.NoReply e) {
          throw new ExitCodes.CliException(ExitCodes.TIMEOUT, "no reply from " + routeText(given, target) + " within "
            + timeout.toMillis() + " ms; " + RouteCheck.likelyCauses(false));
        }
      }
      return exchange(given, target, payload).payload();
    }

    private Routed exchange(MultiAddr given, MultiAddr target, byte[] payload) throws Exception {
      boolean secure = target.components().stream().anyMatch(c -> c.protocol() == MultiAddr.Protocol.SECURE);
      Vertx vertx = LocalState.clientVertx();
      try {
        Node node = Node.create(vertx, new NodeOptions().setName("cli").setBuiltinServices(false))
          .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        NodeIdentity.Loaded loaded = null;
        CredentialRetriever credential = null;
        try {
          Route route;
          if (secure) {
            loaded = LocalState.await(NodeIdentity.load(vertx, identity));
            SecureChannels channels = SecureChannels.create(node, loaded.identity());
            Optional<NodeTrust> trust = NodeTrust.resolve(loaded.store(), trustOptions);
            if (trust.isPresent()) {
              // as Rust's in-memory node with a project: its channels present a member credential
              credential = trust.get().presentOnce(node, channels, loaded.store());
            }
            SecureChannels.SecureRoute sr;
            try {
              sr = channels.resolve(target, new SecureChannelOptions().setTimeout(timeout).setConfirmed(true))
                .toCompletionStage().toCompletableFuture().get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
              Throwable cause = ExitCodes.unwrap(e);
              if (cause instanceof ChannelException) {
                ChannelException ce = (ChannelException) cause;
                boolean timedOut = ce.reason() == ChannelException.Reason.TIMEOUT;
                throw new ExitCodes.CliException(timedOut ? ExitCodes.TIMEOUT : ExitCodes.REFUSED,
                  "cannot create a secure channel along " + routeText(given, target) + ": " + ce.getMessage()
                    + (timedOut ? "; " + RouteCheck.likelyCauses(true) : ""));
              }
              throw e;
            }
            if (Terminal.verbosity() > 0) {
              // -v (global, Rust's log verbosity) also names the secure channels' peers
              for (SecureChannel ch : sr.channels()) {
                Terminal.notice("secure channel to " + ch.peer());
              }
            }
            route = sr.route();
          } else {
            route = target.toTransportRoute();
          }
          return node.context().sendAndReceive(route, payload, timeout)
            .toCompletionStage().toCompletableFuture().get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          Throwable cause = ExitCodes.unwrap(e);
          if (cause instanceof io.ockamj.node.NodeException
            && ((io.ockamj.node.NodeException) cause).kind() == io.ockamj.node.NodeException.Kind.TIMEOUT) {
            throw new ExitCodes.CliException(ExitCodes.TIMEOUT, "no reply from " + routeText(given, target) + " within "
              + timeout.toMillis() + " ms; " + RouteCheck.likelyCauses(false));
          }
          throw e;
        } finally {
          if (credential != null) {
            credential.close();
          }
          node.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
          if (loaded != null) {
            loaded.store().close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
          }
        }
      } finally {
        // let undeployments that connections started on their own finish before Vert.x closes
        long deadline = System.currentTimeMillis() + 2000;
        while (!vertx.deploymentIDs().isEmpty() && System.currentTimeMillis() < deadline) {
          Thread.sleep(10);
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }
}
