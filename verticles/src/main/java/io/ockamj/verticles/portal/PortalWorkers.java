package io.ockamj.verticles.portal;

import io.ockamj.node.AccessControls;
import io.ockamj.node.Mailbox;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Processor;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.function.Function;

/**
 * The worker and the processor of one {@link PortalConnection}, with their four mailboxes and
 * access controls: the worker owns {@code sender_internal} and {@code sender_remote} and hands what
 * the other end sends to the connection; the processor owns {@code receiver_internal} and
 * {@code receiver_remote}, sends what the connection reads from its socket, and runs until
 * {@link #stop()}.
 */
final class PortalWorkers {

  private static final System.Logger LOG = System.getLogger(PortalConnection.class.getName());

  final Address senderInternal = Address.randomLocal();
  final Address senderRemote = Address.randomLocal();
  final Address receiverInternal = Address.randomLocal();
  final Address receiverRemote = Address.randomLocal();
  private final NodeInternal node;
  private final PortalSettings settings;
  private final String description;
  private final Promise<Boolean> finished = Promise.promise();
  private volatile NodeContext workerContext;
  private volatile NodeContext readerContext;
  private Future<Void> workerStarted = Future.succeededFuture();

  /**
   * @param node the node
   * @param settings the access controls of the remote mailboxes
   * @param description the connection, for log lines
   */
  PortalWorkers(NodeInternal node, PortalSettings settings, String description) {
    this.node = node;
    this.settings = settings;
    this.description = description;
  }

  /**
   * Starts the worker, then the processor.
   *
   * @param onRemote handles a message from the other end (arriving at {@code sender_remote}); called on the worker
   * @param onShutdown called when the node stops the worker
   * @return a future completed when both run
   */
  Future<Void> start(Function<Routed, Future<Void>> onRemote, Runnable onShutdown) {
    WorkerOptions worker = new WorkerOptions()
      .addMailbox(new Mailbox(senderInternal, AccessControls.allowSources(receiverInternal), AccessControls.DENY_ALL_OUTGOING))
      .addMailbox(new Mailbox(senderRemote, settings.incoming(), settings.outgoing()));
    WorkerOptions reader = new WorkerOptions()
      .addMailbox(new Mailbox(receiverInternal, AccessControls.DENY_ALL_INCOMING, AccessControls.allowOnward(senderInternal)))
      .addMailbox(new Mailbox(receiverRemote, AccessControls.DENY_ALL_INCOMING, settings.outgoing()));
    workerStarted = node.startWorker(worker, new PortalWorker(onRemote, onShutdown));
    return workerStarted.compose(v -> node.startProcessor(reader, new PortalReader()));
  }

  /** @return the context of the worker, once started */
  NodeContext workerContext() {
    return workerContext;
  }

  /**
   * Sends from the processor's {@code receiver_remote}, with {@code sender_remote} as return route.
   *
   * @param route the route to the other end
   * @param payload the encoded portal message
   */
  void sendFromReader(Route route, byte[] payload) {
    readerContext.forward(LocalMessage.of(route, Route.of(senderRemote), payload), receiverRemote)
      .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> description + ": cannot send to " + route + ": " + err.getMessage()));
  }

  /**
   * Sends a message from whichever of processor and worker runs (nothing if neither has started).
   *
   * @param route the route to the other end
   * @param payload the encoded portal message
   */
  void send(Route route, byte[] payload) {
    if (readerContext != null) {
      sendFromReader(route, payload);
    } else if (workerContext != null) {
      workerContext.send(route, payload, senderRemote).onFailure(err -> { });
    }
  }

  /** @return a future completed when {@link #stop()} was called */
  Future<Boolean> finished() {
    return finished.future();
  }

  /** Ends the processor's loop and stops the worker once it is deployed (never during). */
  void stop() {
    finished.tryComplete(false);
    workerStarted.onComplete(ar -> {
      if (node.isRegistered(senderInternal)) {
        node.stopWorker(senderInternal);
      }
    });
  }

  /** Writes what the other end sends; owns {@code sender_internal} and {@code sender_remote}. */
  private final class PortalWorker implements Worker {

    private final Function<Routed, Future<Void>> onRemote;
    private final Runnable onShutdown;

    PortalWorker(Function<Routed, Future<Void>> onRemote, Runnable onShutdown) {
      this.onRemote = onRemote;
      this.onShutdown = onShutdown;
    }

    @Override
    public Future<Void> initialize(NodeContext context) {
      workerContext = context;
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> handleMessage(NodeContext context, Routed message) {
      if (!message.messageAddress().equals(senderRemote)) {
        return Future.succeededFuture();
      }
      return onRemote.apply(message);
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      onShutdown.run();
      return Future.succeededFuture();
    }
  }

  /** Owns {@code receiver_internal} and {@code receiver_remote}; the socket handler does the reading. */
  private final class PortalReader implements Processor {

    @Override
    public Future<Void> initialize(NodeContext context) {
      readerContext = context;
      return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> process(NodeContext context) {
      return finished.future();
    }
  }
}
