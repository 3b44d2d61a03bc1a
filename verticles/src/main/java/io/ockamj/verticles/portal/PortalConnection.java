package io.ockamj.verticles.portal;

import io.netty.buffer.ByteBuf;
import io.ockamj.node.AccessControls;
import io.ockamj.node.DropReason;
import io.ockamj.node.Mailbox;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Processor;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.PortalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.errors.DecodeException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetSocket;

import java.util.function.Consumer;

/**
 * One portal connection at one end (inlet or outlet side): a socket, a worker that writes what
 * arrives from the other end to it ({@code sender_internal} + {@code sender_remote}), and a processor
 * whose socket handler reads it and sends Payloads ({@code receiver_internal} + {@code receiver_remote}).
 * <p>
 * All state is confined to the socket's event loop: the worker hands each message over to it, and
 * timers and callbacks run there too, so nothing is locked.
 */
final class PortalConnection {

  private static final System.Logger LOG = System.getLogger(PortalConnection.class.getName());
  private static final int NO_COUNTER_YET = 0xFFFF;

  private enum State {
    /** Inlet: Ping sent, waiting for Pong. */
    CONNECTING,
    /** Both directions flow. */
    OPEN,
    /** Our socket reached EOF and Disconnect was sent; still writing what the other end sends. */
    LOCAL_EOF,
    /** The other end sent Disconnect and our socket's output is shut down; still reading. */
    REMOTE_EOF,
    CLOSED
  }

  private final NodeInternal node;
  private final Vertx vertx;
  private final PortalSettings settings;
  private final PortalSocket socket;
  private final boolean inlet;
  private final String description;
  private final Consumer<PortalConnection> onClosed;
  final Address senderInternal = Address.randomLocal();
  final Address senderRemote = Address.randomLocal();
  final Address receiverInternal = Address.randomLocal();
  final Address receiverRemote = Address.randomLocal();
  private final Promise<Boolean> finished = Promise.promise();
  private volatile NodeContext workerContext;
  private volatile NodeContext readerContext;
  // confined to socketContext
  private State state;
  private Route remoteRoute;
  private int disconnectsSent;
  private boolean endSeen;
  private long timer = -1;
  private int lastCounter = NO_COUNTER_YET;
  private Future<Void> workerStarted = Future.succeededFuture();
  private volatile io.ockamj.verticles.metrics.PortalMeters meters = io.ockamj.verticles.metrics.PortalMeters.DISABLED;

  PortalConnection(NodeInternal node, PortalSettings settings, NetSocket socket, boolean inlet, String description,
                   Consumer<PortalConnection> onClosed) {
    this.node = node;
    this.vertx = node.vertx();
    this.settings = settings;
    this.inlet = inlet;
    this.description = description;
    this.onClosed = onClosed;
    this.socket = new PortalSocket(node, settings, socket, this::onData, this::onEnd);
  }

  String description() {
    return description;
  }

  /** Counts this connection, its end and its bytes in the meters of its inlet or outlet; call before starting it. */
  void countIn(io.ockamj.verticles.metrics.PortalMeters portalMeters) {
    this.meters = portalMeters;
    portalMeters.opened();
  }

  private void onContext(Runnable action) {
    socket.onContext(action);
  }

  /** Inlet side: starts the workers and sends Ping along the outlet route. */
  Future<Void> startInlet(Route outletRoute) {
    state = State.CONNECTING;
    Promise<Void> started = Promise.promise();
    startWorkers().onComplete(ar -> onContext(() -> {
      if (ar.failed()) {
        close(false);
        started.fail(ar.cause());
        return;
      }
      if (state != State.CONNECTING) {
        started.complete();
        return;
      }
      timer = vertx.setTimer(settings.pongTimeoutMs(), id -> onContext(() -> pongTimedOut(outletRoute)));
      node.resolve(outletRoute).compose(route -> {
        // §3.5: Pong and Payload come back through the channel or connection the route enters
        node.flowControls().addConsumerOfNextHop(senderRemote, route);
        return workerContext.send(route, PortalMessage.PING.encode(), senderRemote);
      }).onComplete(sent -> onContext(() -> {
        if (sent.failed()) {
          LOG.log(System.Logger.Level.WARNING, description + ": cannot send Ping to " + outletRoute + ": " + sent.cause().getMessage());
          close(false);
        }
        started.handle(sent);
      }));
    }));
    return started.future();
  }

  /** Outlet side, once the target is connected: starts the workers, answers Pong, then lets bytes flow. */
  Future<Void> startOutlet(Route pongRoute) {
    state = State.OPEN;
    remoteRoute = pongRoute;
    Promise<Void> started = Promise.promise();
    startWorkers()
      .compose(v -> workerContext.send(pongRoute, PortalMessage.PONG.encode(), senderRemote))
      .onComplete(ar -> onContext(() -> {
        if (ar.failed()) {
          LOG.log(System.Logger.Level.WARNING, description + ": cannot answer Pong to " + pongRoute + ": " + ar.cause().getMessage());
          close(false);
        } else if (state != State.CLOSED) {
          socket.resume();
        }
        started.handle(ar);
      }));
    return started.future();
  }

  private Future<Void> startWorkers() {
    socket.exceptionHandler(err -> LOG.log(System.Logger.Level.DEBUG, () -> description + ": socket error: " + err));
    WorkerOptions worker = new WorkerOptions()
      .addMailbox(new Mailbox(senderInternal, AccessControls.allowSources(receiverInternal), AccessControls.DENY_ALL_OUTGOING))
      .addMailbox(new Mailbox(senderRemote, settings.incoming(), settings.outgoing()));
    WorkerOptions reader = new WorkerOptions()
      .addMailbox(new Mailbox(receiverInternal, AccessControls.DENY_ALL_INCOMING, AccessControls.allowOnward(senderInternal)))
      .addMailbox(new Mailbox(receiverRemote, AccessControls.DENY_ALL_INCOMING, settings.outgoing()));
    workerStarted = node.startWorker(worker, new PortalWorker());
    return workerStarted.compose(v -> node.startProcessor(reader, new PortalReader()));
  }

  // ---- reading our socket ----

  /** Runs on the socket's context; the buffer is released by the caller. */
  private void onData(ByteBuf data) {
    if (remoteRoute == null || (state != State.OPEN && state != State.REMOTE_EOF)) {
      return;
    }
    Route route = remoteRoute;
    if (state == State.REMOTE_EOF) {
      socket.progress();
    }
    meters.fromTcp(data.readableBytes());
    socket.pumpToRoute(data, route, payload -> sendFromReader(route, payload));
  }

  private void sendFromReader(Route route, byte[] payload) {
    readerContext.forward(LocalMessage.of(route, Route.of(senderRemote), payload), receiverRemote)
      .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> description + ": cannot send to " + route + ": " + err.getMessage()));
  }

  /** Our socket has no more data (EOF, reset or closed); delivered after the last data. */
  private void onEnd() {
    if (endSeen) {
      return;
    }
    endSeen = true;
    switch (state) {
      case CONNECTING -> close(false);
      case OPEN -> {
        if (socket.halfClose() && socket.outputOpen()) {
          // only the input is shut down: keep writing what the other end still sends
          sendDisconnect();
          state = State.LOCAL_EOF;
          armIdleTimer();
        } else {
          sendGone();
          close(false);
        }
      }
      case REMOTE_EOF -> {
        sendDisconnect();
        close(true);
      }
      default -> {
      }
    }
  }

  // ---- messages from the other end ----

  private Future<Void> onRemote(Routed message) {
    if (message.onwardRoute().size() != 1) {
      node.drops().record(DropReason.NO_ROUTE, message.sourceAddress(), description + ": a message whose onward route "
        + message.onwardRoute() + " does not end at the portal");
      return Future.succeededFuture();
    }
    byte[] bytes = message.payload();
    PortalMessage m;
    try {
      if (bytes.length > 0 && (bytes[0] & 0xFF) == PortalMessage.TAG_PAYLOAD) {
        // the data is written to the socket from where it lies in the message: no copy
        return onPayload(bytes, PortalMessage.locatePayload(bytes, PortalMessage.MAX_DECODED_PAYLOAD_SIZE));
      }
      m = PortalMessage.decode(bytes);
    } catch (DecodeException e) {
      protocolError("undecodable portal message (" + e.getMessage() + ")");
      return Future.succeededFuture();
    }
    if (m instanceof PortalMessage.Pong) {
      onPong(message.returnRoute());
    } else if (m instanceof PortalMessage.Disconnect) {
      onRemoteDisconnect();
    } else {
      protocolError("unexpected Ping");
    }
    return Future.succeededFuture();
  }

  private void onPong(Route returnRoute) {
    if (!inlet || state != State.CONNECTING) {
      protocolError("unexpected Pong");
      return;
    }
    cancelTimer();
    remoteRoute = returnRoute;
    state = State.OPEN;
    socket.resume();
  }

  private Future<Void> onPayload(byte[] bytes, PortalMessage.PayloadRange p) {
    switch (state) {
      case CONNECTING -> {
        protocolError("Payload before Pong");
        return Future.succeededFuture();
      }
      case REMOTE_EOF, CLOSED -> {
        return Future.succeededFuture();
      }
      default -> {
      }
    }
    if (p.counter() != null) {
      int expected = (lastCounter + 1) & 0xFFFF;
      if (p.counter() != expected) {
        protocolError("packet counter " + p.counter() + " where " + expected + " was expected");
        return Future.succeededFuture();
      }
      lastCounter = p.counter();
    }
    meters.toTcp(p.length());
    return socket.write(bytes, p.offset(), p.length(), finished.future(), this::onWriteFailed);
  }

  private void onRemoteDisconnect() {
    switch (state) {
      case CONNECTING -> {
        LOG.log(System.Logger.Level.INFO, description + ": the outlet refused the connection (Disconnect instead of Pong)");
        close(false);
      }
      case OPEN -> {
        if (socket.halfClose()) {
          state = State.REMOTE_EOF;
          armIdleTimer();
          socket.shutdownOutputAfterWrites(() -> close(false));
        } else {
          close(true);
        }
      }
      case LOCAL_EOF, REMOTE_EOF -> close(true);
      default -> {
      }
    }
  }

  private void onWriteFailed(Throwable err) {
    LOG.log(System.Logger.Level.DEBUG, () -> description + ": write failed: " + err);
    sendGone();
    close(false);
  }

  private void protocolError(String reason) {
    if (state == State.CLOSED) {
      return;
    }
    LOG.log(System.Logger.Level.WARNING, description + ": " + reason + "; dropping the connection");
    sendGone();
    close(false);
  }

  // ---- timers ----

  private void pongTimedOut(Route outletRoute) {
    timer = -1;
    if (state != State.CONNECTING) {
      return;
    }
    LOG.log(System.Logger.Level.WARNING, description + ": no Pong from " + outletRoute + " within "
      + settings.pongTimeoutMs() + " ms; closing the client connection");
    close(false);
  }

  private void armIdleTimer() {
    socket.progress();
    if (timer < 0) {
      timer = vertx.setTimer(settings.halfCloseTimeoutMs(), id -> onContext(this::idleCheck));
    }
  }

  private void idleCheck() {
    timer = -1;
    if (state != State.LOCAL_EOF && state != State.REMOTE_EOF) {
      return;
    }
    long idleMs = socket.idleMs();
    if (idleMs < settings.halfCloseTimeoutMs()) {
      timer = vertx.setTimer(settings.halfCloseTimeoutMs() - idleMs, id -> onContext(this::idleCheck));
      return;
    }
    LOG.log(System.Logger.Level.DEBUG, () -> description + ": half-closed and idle for " + idleMs + " ms; closing");
    // after LOCAL_EOF the other end already has our Disconnect and times out by itself (a Rust end is gone)
    if (state == State.REMOTE_EOF) {
      sendDisconnect();
    }
    close(false);
  }

  private void cancelTimer() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }

  // ---- teardown ----

  /** Sends the Disconnect that tells the other end our input ended (once). */
  private void sendDisconnect() {
    if (disconnectsSent == 0) {
      sendOneDisconnect();
    }
  }

  /**
   * Tells the other end that this end is gone, not merely half-closed. With half-close, a first
   * Disconnect only means "my input ended", so a second one follows; Rust tears down on the first
   * and ignores the second (its worker is gone by then).
   */
  private void sendGone() {
    // after the other end's Disconnect it is half-closed itself and stops on our first
    int wanted = socket.halfClose() && state != State.REMOTE_EOF ? 2 : 1;
    while (disconnectsSent < wanted && remoteRoute != null) {
      sendOneDisconnect();
    }
  }

  private void sendOneDisconnect() {
    if (remoteRoute == null) {
      return;
    }
    disconnectsSent++;
    byte[] bytes = PortalMessage.DISCONNECT.encode();
    if (readerContext != null) {
      sendFromReader(remoteRoute, bytes);
    } else if (workerContext != null) {
      workerContext.send(remoteRoute, bytes, senderRemote).onFailure(err -> { });
    }
  }

  /**
   * Closes the socket and stops both workers. With {@code flush}, the socket is closed only after the
   * last write was handed to the kernel (or after the half-close timeout if the peer does not read).
   */
  private void close(boolean flush) {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    meters.closed();
    cancelTimer();
    socket.close(flush, settings.halfCloseTimeoutMs());
    // the reader ends its loop on this; the worker is stopped once it is deployed (never during)
    finished.tryComplete(false);
    workerStarted.onComplete(ar -> {
      if (node.isRegistered(senderInternal)) {
        node.stopWorker(senderInternal);
      }
    });
    onClosed.accept(this);
  }

  /**
   * Closes the connection if its route to the other end starts at one of these addresses: the
   * secure channel (or connection) it went through is gone, for example because the peer's
   * membership was revoked, so nothing it sends can arrive.
   *
   * @param released addresses that were just released
   */
  void closeIfRoutedThrough(java.util.Set<io.ockamj.protocol.Address> released) {
    onContext(() -> {
      Route route = remoteRoute;
      if (state != State.CLOSED && route != null && !route.isEmpty() && released.contains(route.next())) {
        LOG.log(System.Logger.Level.INFO, description + ": closed, the route to the other end went away with " + route.next());
        close(false);
      }
    });
  }

  /** Tells the other end and closes (used when an inlet or outlet is deleted or the node stops). */
  void disconnect() {
    onContext(() -> {
      if (state != State.CLOSED) {
        sendGone();
        close(false);
      }
    });
  }

  /** Writes what the other end sends; owns {@code sender_internal} and {@code sender_remote}. */
  private final class PortalWorker implements Worker {

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
      Promise<Void> handled = Promise.promise();
      onContext(() -> onRemote(message).onComplete(handled));
      return handled.future();
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      disconnect();
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
