package io.ockamj.verticles.portal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.ReferenceCountUtil;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.PortalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.bare.BareWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.util.function.Consumer;

/**
 * The socket side of a {@link PortalConnection}: reads the socket's bytes straight from Netty and
 * cuts them into Payload messages (pausing while the next hop is congested), writes the other end's
 * Payloads with back-pressure on the writer's mailbox, shuts down the output for half-close, and
 * closes after a flush. Everything runs on the socket's context; nothing is locked.
 */
final class PortalSocket {

  private final NetSocket socket;
  private final Vertx vertx;
  private final NodeInternal node;
  private final ContextInternal context;
  private final boolean halfClose;
  private Future<Void> lastWrite = Future.succeededFuture();
  private long lastProgress;

  /**
   * Takes over a socket: its reads go to {@code onData} (a buffer the callee must not keep) and,
   * after the last data, {@code onEnd}; it stays paused until {@link #resume()}.
   */
  PortalSocket(NodeInternal node, PortalSettings settings, NetSocket socket, Consumer<ByteBuf> onData, Runnable onEnd) {
    this.socket = socket;
    this.node = node;
    this.vertx = node.vertx();
    // created in the socket's connect or accept handler, i.e. on its event loop
    io.vertx.core.Context current = Vertx.currentContext();
    this.context = (ContextInternal) (current != null ? current : vertx.getOrCreateContext());
    // Netty's buffers straight to onData, without Vert.x's copy of every read to the heap; the end
    // of the input arrives as a message behind the data; held paused until the portal is connected
    ((NetSocketInternal) socket).messageHandler(msg -> {
      if (msg instanceof ByteBuf data) {
        try {
          onData.accept(data);
        } finally {
          data.release();
        }
      } else if (msg == HalfClose.END) {
        onEnd.run();
      } else {
        ReferenceCountUtil.release(msg);
      }
    });
    HalfClose.readEndAsMessage(socket);
    socket.pause();
    socket.setWriteQueueMaxSize(settings.writeQueueMaxSize());
    this.halfClose = settings.halfClose() && HalfClose.enable(socket);
  }

  /**
   * Runs on the socket's context: at once when the caller runs on its event-loop thread (switched
   * onto the socket's context if another context of that thread called), else as a task there.
   */
  void onContext(Runnable action) {
    context.emit(action, Runnable::run);
  }

  /** @return whether half-close is on (asked for and supported by the socket) */
  boolean halfClose() {
    return halfClose;
  }

  /** @return whether the socket is still open in the direction we write */
  boolean outputOpen() {
    return HalfClose.isOpen(socket);
  }

  void resume() {
    socket.resume();
  }

  void exceptionHandler(io.vertx.core.Handler<Throwable> handler) {
    socket.exceptionHandler(handler);
  }

  /** Notes that bytes moved, for the half-close idle time-out. */
  void progress() {
    lastProgress = System.nanoTime();
  }

  /** @return milliseconds since bytes last moved */
  long idleMs() {
    return (System.nanoTime() - lastProgress) / 1_000_000;
  }

  /**
   * Sends read bytes on as Payload messages of at most {@link PortalMessage#MAX_PAYLOAD_SIZE}, and
   * pauses the socket while the route's next hop is congested.
   */
  void pumpToRoute(ByteBuf data, Route route, Consumer<byte[]> send) {
    int length = data.readableBytes();
    for (int from = 0; from < length; from += PortalMessage.MAX_PAYLOAD_SIZE) {
      int to = Math.min(length, from + PortalMessage.MAX_PAYLOAD_SIZE);
      send.accept(encodePayload(data, from, to));
    }
    Address next = route.next();
    // the resume is scheduled on this event loop, so it cannot overtake the pause below
    if (next.isLocal() && node.pauseIfCongested(next, () -> context.runOnContext(v -> socket.resume()))) {
      socket.pause();
    }
  }

  /** {@code 03 varint(len) data}, copied straight from the socket buffer. */
  static byte[] encodePayload(ByteBuf data, int from, int to) {
    int n = to - from;
    int header = 1 + BareWriter.varintSize(n);
    byte[] out = new byte[header + n];
    out[0] = PortalMessage.TAG_PAYLOAD;
    int pos = 1;
    int v = n;
    while ((v & ~0x7F) != 0) {
      out[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out[pos] = (byte) v;
    data.getBytes(data.readerIndex() + from, out, header, n);
    return out;
  }

  /**
   * Writes a range of a message to the socket without copying it.
   *
   * @param finished completes when the connection closes (releases a stalled writer)
   * @param onFailed called on the socket's context if the write fails
   * @return a future completed when the writer may hand over the next message: at once, or when the
   *   socket's write queue has drained
   */
  Future<Void> write(byte[] bytes, int offset, int length, Future<?> finished, Consumer<Throwable> onFailed) {
    progress();
    Future<Void> write = socket.write(BufferInternal.buffer(Unpooled.wrappedBuffer(bytes, offset, length)));
    lastWrite = write;
    write.onFailure(err -> onContext(() -> onFailed.accept(err)));
    if (!socket.writeQueueFull()) {
      return Future.succeededFuture();
    }
    // stall this worker's mailbox until the socket drains: upstream producers see the congestion
    Promise<Void> drained = Promise.promise();
    socket.drainHandler(v -> {
      progress();
      drained.tryComplete();
    });
    // the socket may have drained between the check and the handler registration: check again,
    // and once more when this write has completed
    if (!socket.writeQueueFull()) {
      drained.tryComplete();
    }
    write.onComplete(ar -> {
      if (!socket.writeQueueFull()) {
        drained.tryComplete();
      }
    });
    finished.onComplete(v -> drained.tryComplete());
    return drained.future();
  }

  /** Shuts down the output once the last write completed; {@code onFailed} runs on the socket's context. */
  void shutdownOutputAfterWrites(Runnable onFailed) {
    lastWrite.onComplete(ar -> HalfClose.shutdownOutput(socket).onFailure(err -> onContext(onFailed)));
  }

  /**
   * Closes the socket. With {@code flush}, only after the last write was handed to the kernel (or
   * after {@code flushTimeoutMs} if the peer does not read).
   */
  void close(boolean flush, long flushTimeoutMs) {
    Future<Void> pending = lastWrite;
    if (flush && !pending.isComplete()) {
      long t = vertx.setTimer(flushTimeoutMs, id -> socket.close());
      pending.onComplete(ar -> {
        vertx.cancelTimer(t);
        socket.close();
      });
    } else {
      socket.close();
    }
  }
}
