package io.ockamj.verticles.portal;

import io.netty.buffer.ByteBuf;
import io.ockamj.node.DropReason;
import io.ockamj.node.Routed;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
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
 * whose socket handler reads it and sends Payloads ({@code receiver_internal} + {@code receiver_remote});
 * the worker and processor are {@link PortalWorkers}, this class is the portal protocol between them.
 * <p>
 * All state is confined to the socket's event loop: the worker hands each message over to it, and
 * timers and callbacks run there too, so nothing is locked.
 */
final class PortalConnection {

  private static final System.Logger LOG = System.getLogger(PortalConnection.class.getName());
  private static final int NO_COUNTER_YET = 0xFFFF;

  private final NodeInternal node;
  private final Vertx vertx;
  private final PortalSettings settings;
  private final PortalSocket socket;
  private final boolean inlet;
  private final String description;
  private final Consumer<PortalConnection> onClosed;
  private final PortalWorkers workers;
  // confined to socketContext
  private PortalState state;
  private Route remoteRoute;
  private int disconnectsSent;
  private boolean endSeen;
  private long timer = -1;
  private int lastCounter = NO_COUNTER_YET;
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
    this.workers = new PortalWorkers(node, settings, description);
  }

  /** @return the address the other end sends to */
  Address senderRemote() {
    return workers.senderRemote;
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
    state = PortalState.CONNECTING;
    Promise<Void> started = Promise.promise();
    startWorkers().onComplete(ar -> onContext(() -> {
      if (ar.failed()) {
        close(false);
        started.fail(ar.cause());
        return;
      }
      if (state != PortalState.CONNECTING) {
        started.complete();
        return;
      }
      timer = vertx.setTimer(settings.pongTimeoutMs(), id -> onContext(() -> pongTimedOut(outletRoute)));
      node.resolve(outletRoute).compose(route -> {
        // §3.5: Pong and Payload come back through the channel or connection the route enters
        node.flowControls().addConsumerOfNextHop(workers.senderRemote, route);
        return workers.workerContext().send(route, PortalMessage.PING.encode(), workers.senderRemote);
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
    state = PortalState.OPEN;
    remoteRoute = pongRoute;
    Promise<Void> started = Promise.promise();
    startWorkers()
      .compose(v -> workers.workerContext().send(pongRoute, PortalMessage.PONG.encode(), workers.senderRemote))
      .onComplete(ar -> onContext(() -> {
        if (ar.failed()) {
          LOG.log(System.Logger.Level.WARNING, description + ": cannot answer Pong to " + pongRoute + ": " + ar.cause().getMessage());
          close(false);
        } else if (state != PortalState.CLOSED) {
          socket.resume();
        }
        started.handle(ar);
      }));
    return started.future();
  }

  private Future<Void> startWorkers() {
    socket.exceptionHandler(err -> LOG.log(System.Logger.Level.DEBUG, () -> description + ": socket error: " + err));
    return workers.start(message -> {
      Promise<Void> handled = Promise.promise();
      onContext(() -> onRemote(message).onComplete(handled));
      return handled.future();
    }, this::disconnect);
  }

  // ---- reading our socket ----

  /** Runs on the socket's context; the buffer is released by the caller. */
  private void onData(ByteBuf data) {
    if (remoteRoute == null || (state != PortalState.OPEN && state != PortalState.REMOTE_EOF)) {
      return;
    }
    Route route = remoteRoute;
    if (state == PortalState.REMOTE_EOF) {
      socket.progress();
    }
    meters.fromTcp(data.readableBytes());
    socket.pumpToRoute(data, route, payload -> workers.sendFromReader(route, payload));
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
          state = PortalState.LOCAL_EOF;
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
    if (!inlet || state != PortalState.CONNECTING) {
      protocolError("unexpected Pong");
      return;
    }
    cancelTimer();
    remoteRoute = returnRoute;
    state = PortalState.OPEN;
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
    return socket.write(bytes, p.offset(), p.length(), workers.finished(), this::onWriteFailed);
  }

  private void onRemoteDisconnect() {
    switch (state) {
      case CONNECTING -> {
        LOG.log(System.Logger.Level.INFO, description + ": the outlet refused the connection (Disconnect instead of Pong)");
        close(false);
      }
      case OPEN -> {
        if (socket.halfClose()) {
          state = PortalState.REMOTE_EOF;
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
    if (state == PortalState.CLOSED) {
      return;
    }
    LOG.log(System.Logger.Level.WARNING, description + ": " + reason + "; dropping the connection");
    sendGone();
    close(false);
  }

  // ---- timers ----

  private void pongTimedOut(Route outletRoute) {
    timer = -1;
    if (state != PortalState.CONNECTING) {
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
    if (state != PortalState.LOCAL_EOF && state != PortalState.REMOTE_EOF) {
      return;
    }
    long idleMs = socket.idleMs();
    if (idleMs < settings.halfCloseTimeoutMs()) {
      timer = vertx.setTimer(settings.halfCloseTimeoutMs() - idleMs, id -> onContext(this::idleCheck));
      return;
    }
    LOG.log(System.Logger.Level.DEBUG, () -> description + ": half-closed and idle for " + idleMs + " ms; closing");
    // after LOCAL_EOF the other end already has our Disconnect and times out by itself (a Rust end is gone)
    if (state == PortalState.REMOTE_EOF) {
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
    int wanted = socket.halfClose() && state != PortalState.REMOTE_EOF ? 2 : 1;
    while (disconnectsSent < wanted && remoteRoute != null) {
      sendOneDisconnect();
    }
  }

  private void sendOneDisconnect() {
    if (remoteRoute == null) {
      return;
    }
    disconnectsSent++;
    workers.send(remoteRoute, PortalMessage.DISCONNECT.encode());
  }

  /**
   * Closes the socket and stops both workers. With {@code flush}, the socket is closed only after the
   * last write was handed to the kernel (or after the half-close timeout if the peer does not read).
   */
  private void close(boolean flush) {
    if (state == PortalState.CLOSED) {
      return;
    }
    state = PortalState.CLOSED;
    meters.closed();
    cancelTimer();
    socket.close(flush, settings.halfCloseTimeoutMs());
    // the reader ends its loop on this; the worker is stopped once it is deployed (never during)
    workers.stop();
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
      if (state != PortalState.CLOSED && route != null && !route.isEmpty() && released.contains(route.next())) {
        LOG.log(System.Logger.Level.INFO, description + ": closed, the route to the other end went away with " + route.next());
        close(false);
      }
    });
  }

  /** Tells the other end and closes (used when an inlet or outlet is deleted or the node stops). */
  void disconnect() {
    onContext(() -> {
      if (state != PortalState.CLOSED) {
        sendGone();
        close(false);
      }
    });
  }
}
