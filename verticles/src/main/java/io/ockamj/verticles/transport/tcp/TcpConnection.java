package io.ockamj.verticles.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.ockamj.node.AccessControls;
import io.ockamj.node.DropReason;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.FlowControls;
import io.ockamj.node.Mailbox;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.Processor;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.errors.OckamException;
import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.verticles.metrics.TransportMeters;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.util.List;

/**
 * One Ockam TCP connection: a sender worker (writes messages routed to it as frames) and a receiver
 * processor (reads frames and routes them into the node, with the sender's address prepended to the
 * return route so replies go back over the same connection).
 */
final class TcpConnection {

  private static final System.Logger LOG = System.getLogger(TcpConnection.class.getName());

  final NodeInternal node;
  final TcpTransport transport;
  final NetSocket socket;
  private final NetSocketInternal socketInternal;
  final String peer;
  final boolean outgoing;
  final Address senderAddress = Address.randomLocal();
  final Address receiverAddress = Address.randomLocal();
  // §3.3: the receiver is the producer of this flow; the sender is its additional address
  final FlowControlId flowControlId = FlowControlId.random();
  private final FlowControlId spawnerFlowControlId;
  private final TcpFrameDecoder decoder;
  private final Promise<Boolean> closed = Promise.promise();
  private final int maxFrameSize;
  private final TransportMeters meters;
  private NodeContext receiverContext;
  private volatile boolean closing;

  TcpConnection(NodeInternal node, TcpTransport transport, NetSocket socket, String peer, boolean outgoing, int maxFrameSize,
                FlowControlId spawnerFlowControlId) {
    this.node = node;
    this.spawnerFlowControlId = spawnerFlowControlId;
    this.transport = transport;
    this.socket = socket;
    this.socketInternal = (NetSocketInternal) socket;
    this.peer = peer;
    this.outgoing = outgoing;
    this.maxFrameSize = maxFrameSize;
    this.meters = NodeMeters.of(node).transport("tcp");
    this.decoder = new TcpFrameDecoder(maxFrameSize, this::onMessage, this::onDecodeError);
    // the socket was paused by holdReads: Vert.x keeps what arrives and hands it to this handler on resume
    socketInternal.messageHandler(this::onRead);
  }

  /**
   * Pauses a new socket so that what it reads is kept for the connection's decoder, which takes
   * Netty's buffers without the copy to the heap that Vert.x's data handler makes. Must run on the
   * socket's event loop before its first read (in the connect or accept callback), so that no byte
   * goes to the data handler.
   *
   * @param socket the new socket
   */
  static void holdReads(NetSocket socket) {
    ((NetSocketInternal) socket).messageHandler(msg -> {
      // unreachable while paused; a connection replaces this handler before it resumes
      ReferenceCountUtil.release(msg);
      LOG.log(System.Logger.Level.ERROR, "TCP socket read before its connection took it over; dropped");
    });
    socket.pause();
  }

  /**
   * Starts the sender worker and the receiver processor, then lets bytes flow. The connection must
   * have been created on the socket's event loop before its first read.
   */
  Future<TcpConnection> start() {
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(err -> LOG.log(System.Logger.Level.DEBUG, () -> "TCP connection " + peer + ": " + err));
    WorkerOptions senderOptions = new WorkerOptions()
      .addMailbox(new Mailbox(senderAddress, AccessControls.ALLOW_ALL_INCOMING, AccessControls.DENY_ALL_OUTGOING))
      .setTerminal("tcp:" + peer);
    FlowControls flowControls = node.flowControls();
    WorkerOptions receiverOptions = new WorkerOptions()
      .addMailbox(new Mailbox(receiverAddress, AccessControls.DENY_ALL_INCOMING,
        flowControls.outgoingAccessControl(flowControlId, spawnerFlowControlId)));
    flowControls.addProducer(receiverAddress, flowControlId, spawnerFlowControlId, List.of(senderAddress));
    if (outgoing) {
      for (Address consumer : transport.outgoingConsumers()) {
        flowControls.addConsumer(consumer, flowControlId);
      }
    }
    return node.startWorker(senderOptions, new Sender())
      .compose(v -> node.startProcessor(receiverOptions, new Receiver()))
      .map(v -> this)
      .onFailure(err -> {
        flowControls.cleanup(receiverAddress);
        close("could not start its workers: " + err.getMessage());
      });
  }

  TcpConnectionInfo info() {
    return new TcpConnectionInfo(senderAddress, receiverAddress, peer, outgoing, decoder.frames(), flowControlId);
  }

  void close(String reason) {
    if (closing) {
      return;
    }
    closing = true;
    if (reason != null) {
      LOG.log(System.Logger.Level.WARNING, "closing TCP connection " + (outgoing ? "to " : "from ") + peer + ": " + reason);
    }
    socket.close();
  }

  private void onClosed() {
    closing = true;
    String partial = decoder.end();
    if (partial != null && !decoder.failed()) {
      LOG.log(System.Logger.Level.WARNING, "TCP connection " + peer + ": " + partial);
    }
    transport.removed(this);
    closed.tryComplete(false);
    node.stopWorker(senderAddress);
    node.stopWorker(receiverAddress);
  }

  /** Runs on the socket's context; the buffer is ours to release. */
  private void onRead(Object msg) {
    if (msg instanceof ByteBuf buf) {
      try {
        decoder.handle(BufferInternal.buffer(buf));
      } finally {
        buf.release();
      }
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onDecodeError(DecodeException e) {
    close(e.getMessage());
  }

  private void onMessage(TransportMessage tm) {
    Route onward = tm.onwardRoute();
    if (onward.isEmpty()) {
      return; // a heartbeat from an older peer
    }
    Address next = onward.next();
    if (!next.isLocal()) {
      // a peer may only address workers of this node; it must not make us open connections
      close("the peer sent a message whose next hop " + next + " is not a local address (transport type " + next.transportType() + ")");
      return;
    }
    meters.received(tm.payload().length);
    LocalMessage msg = LocalMessage.of(onward, tm.returnRoute().prepend(senderAddress), tm.payload());
    receiverContext.forward(msg, receiverAddress).onFailure(err ->
      LOG.log(System.Logger.Level.DEBUG, () -> "dropped a message from " + peer + ": " + err.getMessage()));
    io.vertx.core.Context socketContext = io.vertx.core.Vertx.currentContext();
    if (node.pauseIfCongested(next, () -> socketContext.runOnContext(v -> socket.resume()))) {
      socket.pause();
    }
  }

  /** Writes the messages routed to the connection's sender address. */
  private final class Sender implements Worker {

    @Override
    public Future<Void> initialize(NodeContext context) {
      return socket.write(Buffer.buffer(new byte[] {TcpFrameCodec.PROTOCOL_VERSION}));
    }

    @Override
    public Future<Void> handleMessage(NodeContext context, Routed message) {
      if (closing) {
        node.drops().record(DropReason.WORKER_STOPPED, message.sourceAddress(), "TCP connection " + peer
          + " closed before a message along " + message.onwardRoute() + " could be written");
        return Future.failedFuture(new NodeException(NodeException.Kind.SHUTDOWN, "connection to " + peer + " is closed"));
      }
      LocalMessage m = message.message();
      TransportMessage tm = new TransportMessage(m.onwardRoute().step(), m.returnRoute(), m.payload(), null);
      TcpFrameCodec.FrameParts parts;
      try {
        parts = TcpFrameCodec.encodeFrameParts(tm);
        if (parts.bodyLength() > maxFrameSize) {
          throw new OckamException("TCP frame of " + parts.bodyLength() + " bytes exceeds " + maxFrameSize);
        }
      } catch (OckamException e) {
        // only this message is refused: the connection goes on serving everything else on it
        LOG.log(System.Logger.Level.WARNING, "not sending a message to " + peer + " along " + tm.onwardRoute() + ": " + e.getMessage());
        return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "message too large for TCP: " + e.getMessage()));
      }
      // one copy of the payload, straight into a pooled socket buffer that Netty releases once written
      ByteBuf frame = socketInternal.channelHandlerContext().alloc().ioBuffer(parts.frameSize());
      frame.writeBytes(parts.prefix()).writeBytes(m.payload()).writeBytes(parts.suffix());
      Future<Void> written = socketInternal.writeMessage(frame);
      meters.sent(m.payload().length);
      written.onFailure(err -> {
        node.drops().record(DropReason.WORKER_STOPPED, message.sourceAddress(), "TCP connection " + peer
          + " closed before a message along " + tm.onwardRoute() + " was written: " + err.getMessage());
        // only a write that Vert.x refused because the connection had closed never reached Netty and
        // is still ours to release; Netty released any other failed write itself, and the pooled
        // buffer object may meanwhile carry another frame of this connection, so it is not touched
        if (err == NetSocketInternal.CLOSED_EXCEPTION && frame.refCnt() > 0) {
          ReferenceCountUtil.safeRelease(frame);
        }
      });
      if (socket.writeQueueFull()) {
        Promise<Void> drained = Promise.promise();
        socket.drainHandler(v -> drained.tryComplete());
        // the socket may have drained on its event loop between the check and the handler
        // registration (we write from the worker's thread): check again, and once more when the
        // frame has been written
        if (!socket.writeQueueFull()) {
          drained.tryComplete();
        }
        written.onComplete(ar -> {
          if (!socket.writeQueueFull()) {
            drained.tryComplete();
          }
        });
        closed.future().onComplete(v -> drained.tryComplete());
        return drained.future();
      }
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      close(null);
      return Future.succeededFuture();
    }
  }

  /** Reads frames; its loop ends when the socket closes. */
  private final class Receiver implements Processor {

    @Override
    public Future<Void> initialize(NodeContext context) {
      receiverContext = context;
      // pause and resume belong to the socket's event loop
      socketInternal.channelHandlerContext().executor().execute(socket::resume);
      return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> process(NodeContext context) {
      return closed.future();
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      close(null);
      return Future.succeededFuture();
    }
  }
}
