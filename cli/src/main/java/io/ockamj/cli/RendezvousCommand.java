package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.rendezvous.RendezvousClient;
import io.ockamj.verticles.rendezvous.RendezvousHealthcheck;
import io.ockamj.verticles.rendezvous.RendezvousService;
import io.ockamj.verticles.transport.udp.UdpBindInfo;
import io.ockamj.verticles.transport.udp.UdpTransport;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ockam rendezvous} (hidden, as in Rust 0.139): run a UDP rendezvous server, or ask one for the
 * public address of this machine's UDP socket. UDP hole punching itself is not implemented.
 */
@Command(name = "rendezvous", description = "Manage Rendezvous server", mixinStandardHelpOptions = true, hidden = true,
  subcommands = {RendezvousCommand.Create.class, RendezvousCommand.GetMyAddress.class})
final class RendezvousCommand {

  /** Rust's default rendezvous server, when {@code OCKAM_RENDEZVOUS_SERVER} is not set. */
  static final String DEFAULT_SERVER = "rendezvous.orchestrator.ockam.io:443";

  /** {@code ockam rendezvous create}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = {"Start a Rendezvous server in foreground",
    "It answers UDP clients on --udp with the address their datagrams come from, and TCP health checks on --healthcheck"
      + " (after pinging itself over UDP: HTTP/1.1 200 OK, Alive). It runs until interrupted, with or without --foreground."
      + " (ours) It prints on stderr where it listens, so that port 0 can be used."})
  static final class Create implements Callable<Integer> {

    @Option(names = {"-f", "--foreground"}, description = "Run the node in foreground mode. This will block the current process"
      + " until the node receives an exit signal (e.g., SIGINT, SIGTERM, CTRL+C, EOF).")
    boolean foreground;

    @Option(names = {"-e", "--exit-on-eof"}, description = "When running a node in foreground mode, exit the process when"
      + " receiving EOF on stdin.")
    boolean exitOnEof;

    @Option(names = "--child-process", hidden = true, description = "Started as a child process (internal).")
    boolean childProcess;

    @Option(names = "--udp", paramLabel = "UDP_SOCKET_ADDRESS", defaultValue = "0.0.0.0:4000",
      description = "The address to bind the UDP listener to. (default: ${DEFAULT-VALUE})")
    String udpAddress;

    @Option(names = "--healthcheck", paramLabel = "TCP_SOCKET_ADDRESS", defaultValue = "0.0.0.0:4001",
      description = "The address to bind the TCP listener to support healthcheck. (default: ${DEFAULT-VALUE})")
    String healthcheckAddress;

    private final CountDownLatch stopped = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
      if ((exitOnEof || childProcess) && !foreground) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "the argument '" + (exitOnEof ? "--exit-on-eof" : "--child-process")
          + "' requires '--foreground'");
      }
      checkSocketAddress("--udp", udpAddress);
      checkSocketAddress("--healthcheck", healthcheckAddress);
      Vertx vertx = LocalState.clientVertx();
      Node node;
      RendezvousHealthcheck healthcheck;
      String udpBound;
      String tcpBound;
      try {
        node = LocalState.await(Node.create(vertx, new NodeOptions().setName("rendezvous").setBuiltinServices(false)));
        LocalState.await(RendezvousService.start(node, RendezvousService.ADDRESS));
        UdpBindInfo bind = LocalState.await(UdpTransport.of(node).bind(udpAddress));
        node.flowControls().addConsumer(Address.local(RendezvousService.ADDRESS), bind.flowControlId());
        udpBound = bind.bindAddress();
        healthcheck = new RendezvousHealthcheck(node, udpBound);
        tcpBound = LocalState.await(healthcheck.start(healthcheckAddress));
      } catch (Exception e) {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        throw failure(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          if (!childProcess) {
            Terminal.notice(Fmt.warn("Exit signal received"));
            System.err.flush();
          }
          healthcheck.stop().eventually(node::close).eventually(vertx::close)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
          if (!childProcess) {
            Terminal.notice(Fmt.ok("Rendezvous Server stopped successfully"));
          }
        } catch (Throwable t) {
          // exiting anyway; say why the stop was not clean
          System.err.println("error while stopping the Rendezvous Server: " + ExitCodes.describe(t));
        } finally {
          System.err.flush();
          stopped.countDown();
        }
      }, "ockam-shutdown"));
      // (ours) where it listens, so that port 0 can be used
      Terminal.notice(Fmt.log("Rendezvous server listening on UDP " + udpBound + ", healthcheck on TCP " + tcpBound));
      if (!childProcess) {
        Terminal.notice(Fmt.log("To exit and stop the Rendezvous Server, please press Ctrl+C"));
      }
      if (exitOnEof) {
        NodeForeground.exitOnEndOfInput(() -> { });
      }
      stopped.await();
      return ExitCodes.OK;
    }
  }

  /** {@code ockam rendezvous get-my-address}. */
  @Command(name = "get-my-address", mixinStandardHelpOptions = true,
    description = "Get my public UDP address from  Rendezvous service.")
  static final class GetMyAddress implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "RENDEZVOUS_ADDRESS",
      description = "The address of the Rendezvous service. (default: $OCKAM_RENDEZVOUS_SERVER, else " + DEFAULT_SERVER + ")")
    String rendezvousAddress;

    @Override
    public Integer call() throws Exception {
      String server = rendezvousAddress;
      if (server == null) {
        String env = System.getenv("OCKAM_RENDEZVOUS_SERVER");
        server = env != null ? env : DEFAULT_SERVER;
      }
      Vertx vertx = LocalState.clientVertx();
      try {
        Node node = LocalState.await(Node.create(vertx, new NodeOptions().setName("cli").setBuiltinServices(false)));
        try {
          UdpBindInfo bind = LocalState.await(UdpTransport.of(node).bind("0.0.0.0:0"));
          RendezvousClient client = new RendezvousClient(bind.senderAddress(),
            Route.of(Address.of(Address.UDP, server), Address.local(RendezvousService.ADDRESS)));
          String mine = LocalState.await(client.getMyAddress(node.context()));
          Terminal.notice(Fmt.log("Your public UDP address is " + mine));
          return ExitCodes.OK;
        } catch (Exception e) {
          Throwable cause = ExitCodes.unwrap(e);
          if (cause instanceof NodeException ne && ne.kind() == NodeException.Kind.TIMEOUT) {
            throw new ExitCodes.CliException(ExitCodes.FAILURE, "no answer from the Rendezvous service at " + server + " within "
              + RendezvousClient.QUICK_TIMEOUT.toSeconds() + " s");
          }
          throw failure(e);
        } finally {
          node.close().otherwiseEmpty().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
      } finally {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      }
    }
  }

  /** As Rust: any failure of these commands exits with 70 (SOFTWARE), with its message. */
  private static ExitCodes.CliException failure(Exception e) {
    Throwable cause = ExitCodes.unwrap(e);
    if (cause instanceof ExitCodes.CliException ce) {
      return ce;
    }
    return new ExitCodes.CliException(ExitCodes.FAILURE, ExitCodes.describe(cause));
  }

  /** Rust parses these as a socket address ({@code ip:port}): a host name is refused. */
  private static void checkSocketAddress(String option, String value) {
    int colon = value.lastIndexOf(':');
    String host = colon < 0 ? "" : value.substring(0, colon);
    String port = colon < 0 ? "" : value.substring(colon + 1);
    boolean ok = !host.isEmpty() && port.chars().allMatch(Character::isDigit) && !port.isEmpty() && port.length() <= 5
      && Integer.parseInt(port) <= 65535 && (host.chars().allMatch(c -> Character.isDigit(c) || c == '.')
        || host.startsWith("[") && host.endsWith("]"));
    if (!ok) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "invalid " + option + " address '" + value + "': expected ip:port");
    }
  }
}
