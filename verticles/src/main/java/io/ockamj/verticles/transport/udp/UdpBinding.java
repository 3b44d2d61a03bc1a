package io.ockamj.verticles.transport.udp;

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
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.errors.OckamException;
import io.ockamj.protocol.udp.UdpDatagramCodec;
import io.ockamj.protocol.udp.UdpReassembler;
import io.ockamj.protocol.udp.UdpTransportMessage;
import io.ockamj.verticles.metrics.NodeMeters;
import io.ockamj.verticles.metrics.TransportMeters;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramPacket;
import io.vertx.core.datagram.DatagramSocket;
import io.vertx.core.datagram.DatagramSocketOptions;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One UDP bind: a socket, a sender worker (writes the messages routed to it as datagrams) and a
 * receiver processor (reassembles datagrams into messages and routes them into the node, with the
 * sender's address, and the peer's UDP address unless the bind has a fixed peer, in front of the
 * return route).
 */
final class UdpBinding {

  private static final System.Logger LOG = System.getLogger(UdpBinding.class.getName());

  /** Peers whose unfinished messages are kept at most (ours; Rust keeps all). */
  static final int MAX_PEERS = 1024;
  /** Bytes of unfinished messages kept at most over all peers (ours). */
  static final long MAX_PENDING_BYTES = 64L * 1024 * 1024;

  final NodeInternal node;
  private final UdpTransport transport;
  /** The fixed peer {@code ip:port}, or {@code null}. */
  private final String peer;
  final Address senderAddress = Address.randomLocal();
  final Address receiverAddress = Address.randomLocal();
  final FlowControlId flowControlId = FlowControlId.random();
  private final UdpReassembler reassembler = new UdpReassembler(MAX_PEERS, MAX_PENDING_BYTES);
  private final Promise<Boolean> closed = Promise.promise();
  private final TransportMeters meters;
  private DatagramSocket socket;
  private String bindAddress;
  private NodeContext receiverContext;
  private int routingNumber = ThreadLocalRandom.current().nextInt(0x10000);
  private volatile boolean closing;

  UdpBinding(NodeInternal node, UdpTransport transport, String peer) {
    this.node = node;
    this.transport = transport;
    this.peer = peer;
    this.meters = NodeMeters.of(node).transport("udp");
  }

  Future<Void> start(String host, int port) {
    DatagramSocket s = node.vertx().createDatagramSocket(new DatagramSocketOptions());
    return s.listen(port, host)
      .recover(err -> s.close().otherwiseEmpty().transform(ar -> Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS,
        "cannot bind UDP " + host + ":" + port + ": " + err.getMessage(), err))))
      .compose(bound -> {
        socket = bound;
        bindAddress = host + ":" + bound.localAddress().port();
        FlowControls flowControls = node.flowControls();
        WorkerOptions senderOptions = new WorkerOptions()
          .addMailbox(new Mailbox(senderAddress, AccessControls.ALLOW_ALL_INCOMING, AccessControls.DENY_ALL_OUTGOING))
          .setTerminal("udp:" + bindAddress);
        WorkerOptions receiverOptions = new WorkerOptions()
          .addMailbox(new Mailbox(receiverAddress, AccessControls.DENY_ALL_INCOMING,
            flowControls.outgoingAccessControl(flowControlId, null)));
        flowControls.addProducer(receiverAddress, flowControlId, null, List.of(senderAddress));
        return node.startWorker(senderOptions, new Sender())
          .compose(v -> node.startProcessor(receiverOptions, new Receiver()))
          .onFailure(err -> {
            flowControls.cleanup(receiverAddress);
            close();
          });
      });
  }

  UdpBindInfo info() {
    return new UdpBindInfo(senderAddress, receiverAddress, bindAddress, peer, flowControlId);
  }

  Future<Void> close() {
    if (!closing) {
      closing = true;
      transport.removed(this);
      Future<Void> socketClosed = socket == null ? Future.succeededFuture() : socket.close();
      socketClosed.onComplete(ar -> closed.tryComplete(false));
      return socketClosed.transform(ar -> Future.join(node.stopWorker(senderAddress).otherwiseEmpty(),
        node.stopWorker(receiverAddress).otherwiseEmpty()).mapEmpty());
    }
    return closed.future().mapEmpty();
  }

  /** Runs on the socket's event loop for every datagram. */
  private void onDatagram(DatagramPacket packet) {
    String from = packet.sender().hostAddress() + ":" + packet.sender().port();
    if (peer != null && !peer.equals(from)) {
      node.drops().record(DropReason.DENIED_INCOMING, from, "UDP datagram from " + from + " on " + bindAddress
        + ", which only talks to " + peer);
      return;
    }
    UdpTransportMessage part;
    try {
      part = UdpDatagramCodec.decode(packet.data().getBytes());
    } catch (DecodeException e) {
      node.drops().record(DropReason.MALFORMED, from, "UDP datagram on " + bindAddress + ": " + e.getMessage());
      return;
    }
    UdpReassembler.Outcome outcome = reassembler.add(from, part);
    if (outcome instanceof UdpReassembler.Dropped d) {
      node.drops().record(d.late() ? DropReason.LATE : DropReason.MALFORMED, from, "UDP on " + bindAddress + ": " + d.reason());
      return;
    }
    if (!(outcome instanceof UdpReassembler.Assembled a)) {
      return;
    }
    if (a.discarded() != null) {
      node.drops().record(DropReason.MALFORMED, from, "UDP on " + bindAddress + ": " + a.discarded());
    }
    route(a.message(), from);
  }

  private void route(TransportMessage tm, String from) {
    Route onward = tm.onwardRoute();
    if (onward.isEmpty()) {
      return; // ignored, as in Rust
    }
    Address next = onward.next();
    if (!next.isLocal()) {
      // a peer may only address workers of this node; it must not make us open connections
      node.drops().record(DropReason.NO_ROUTE, from, "UDP message from " + from + " whose next hop " + next + " is not a local address");
      return;
    }
    Route prefix = peer == null ? Route.of(senderAddress, Address.of(Address.UDP, from)) : Route.of(senderAddress);
    Route ret;
    try {
      ret = tm.returnRoute().prepend(prefix);
    } catch (RuntimeException e) {
      node.drops().record(DropReason.MALFORMED, from, "UDP message from " + from + ": " + e.getMessage());
      return;
    }
    meters.received(tm.payload().length);
    NodeContext ctx = receiverContext;
    if (ctx == null) {
      node.drops().record(DropReason.WORKER_STOPPED, from, "UDP message from " + from + " before the receiver started");
      return;
    }
    ctx.forward(LocalMessage.of(onward, ret, tm.payload()), receiverAddress).onFailure(err ->
      LOG.log(System.Logger.Level.DEBUG, () -> "dropped a UDP message from " + from + ": " + err.getMessage()));
  }

  /** Writes the messages routed to the sender address as datagrams. */
  private final class Sender implements Worker {

    @Override
    public Future<Void> handleMessage(NodeContext context, Routed message) {
      LocalMessage m = message.message();
      Route onward = m.onwardRoute().step();
      String target = peer;
      if (target == null) {
        if (onward.isEmpty() || onward.next().transportType() != Address.UDP) {
          return refuse(message, "the hop after a UDP sender must be a UDP address (2#host:port), in " + m.onwardRoute());
        }
        target = onward.next().innerText();
        onward = onward.step();
      }
      String[] hp;
      try {
        hp = TcpTransport.splitHostPort(target);
      } catch (NodeException e) {
        return refuse(message, e.getMessage());
      }
      int port = Integer.parseInt(hp[1]);
      if (port == 0) {
        return refuse(message, "will not send to port 0 (" + target + ")");
      }
      List<byte[]> datagrams;
      try {
        datagrams = UdpDatagramCodec.split(new TransportMessage(onward, m.returnRoute(), m.payload(), null), routingNumber);
      } catch (OckamException e) {
        return refuse(message, e.getMessage());
      }
      routingNumber = (routingNumber + 1) & 0xFFFF;
      meters.sent(m.payload().length);
      Future<Void> sent = Future.succeededFuture();
      for (byte[] d : datagrams) {
        sent = sent.compose(v -> socket.send(Buffer.buffer(d), port, hp[0]));
      }
      String to = target;
      return sent.recover(err -> {
        node.drops().record(DropReason.NO_ROUTE, message.sourceAddress(), "UDP send to " + to + " failed: " + err.getMessage());
        return Future.failedFuture(new NodeException(NodeException.Kind.IO, "UDP send to " + to + " failed: " + err.getMessage(), err));
      });
    }

    private Future<Void> refuse(Routed message, String why) {
      node.drops().record(DropReason.NO_ROUTE, message.sourceAddress(), "UDP sender on " + bindAddress + ": " + why);
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, why));
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      close();
      return Future.succeededFuture();
    }
  }

  /** Takes the datagrams; its loop ends when the socket closes. */
  private final class Receiver implements Processor {

    @Override
    public Future<Void> initialize(NodeContext context) {
      receiverContext = context;
      socket.handler(UdpBinding.this::onDatagram);
      return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> process(NodeContext context) {
      return closed.future();
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      close();
      return Future.succeededFuture();
    }
  }
}
