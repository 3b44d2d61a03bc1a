package io.ockamj.cli;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.vertx.core.Vertx;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code ockam node ...}: run nodes.
 */
@Command(name = "node", description = "Create and run nodes.", mixinStandardHelpOptions = true,
  subcommands = {NodeCommand.Create.class})
final class NodeCommand {

  /** {@code ockam node create NAME --foreground --tcp-listener-address ADDR}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a node and run it. It serves echo, uppercase and hop, and listens for other nodes on TCP.")
  static final class Create implements java.util.concurrent.Callable<Integer> {

    @Parameters(index = "0", defaultValue = "default", description = "Name of the node (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = {"-f", "--foreground"}, description = "Run the node in this process until it is interrupted.")
    boolean foreground;

    @Option(names = "--tcp-listener-address", defaultValue = "127.0.0.1:0", paramLabel = "HOST:PORT",
      description = "Address of the node's TCP listener; port 0 picks a free port (default: ${DEFAULT-VALUE}).")
    String tcpListenerAddress;

    @Option(names = "--identity", paramLabel = "NAME",
      description = "Identity the node proves in secure channels (default: the default identity, created on first use).")
    String identity;

    @Option(names = "--trust", paramLabel = "IDENTIFIER",
      description = "Accept secure channels only from these identities (repeatable; default: any identity that proves itself).")
    List<String> trusted;

    @Override
    public Integer call() throws Exception {
      if (!foreground) {
        throw new ExitCodes.CliException(ExitCodes.USAGE,
          "background nodes are not available yet; run the node with --foreground (for example in another terminal)");
      }
      TrustPolicy trust = TrustPolicy.trustEveryone();
      if (trusted != null && !trusted.isEmpty()) {
        Identifier[] ids = new Identifier[trusted.size()];
        for (int i = 0; i < ids.length; i++) {
          try {
            ids[i] = Identifier.parse(trusted.get(i));
          } catch (RuntimeException e) {
            throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --trust '" + trusted.get(i) + "': " + e.getMessage());
          }
        }
        trust = TrustPolicy.trustIdentifiers(ids);
      }
      Vertx vertx = Vertx.vertx();
      Node node;
      NodeIdentity.Loaded loaded;
      try {
        loaded = LocalState.await(NodeIdentity.load(vertx, identity));
        node = LocalState.await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress(tcpListenerAddress)));
        SecureChannels channels = SecureChannels.create(node, loaded.identity());
        LocalState.await(channels.createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions().setTrustPolicy(trust)));
      } catch (Exception e) {
        vertx.close();
        throw e;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Thread hook = new Thread(() -> {
        try {
          node.close().eventually(() -> loaded.store().close()).eventually(vertx::close)
            .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception ignored) {
          // exiting anyway
        } finally {
          stopped.countDown();
        }
      }, "ockam-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      System.out.println("Node " + name + " is running, listening on " + node.tcpListenerAddress()
        + ", identity " + loaded.identity().identity().identifier());
      System.out.flush();
      stopped.await();
      return ExitCodes.OK;
    }
  }
}
