package io.ockamj.verticles.relay;

import io.ockamj.node.AccessControls;
import io.ockamj.node.DropReason;
import io.ockamj.node.Mailbox;
import io.ockamj.node.NodeContext;
import io.ockamj.node.RelayMessage;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * One relay at {@code forward_to_<name>} (§8.1): sends the registration reply, then carries every
 * message to the registrant: pops itself off the onward route and prepends the forward route (the
 * registration's return route without its last hop). The route can be replaced in place when the
 * same owner registers the name again.
 */
final class RelayWorker implements Worker {

  private static final System.Logger LOG = System.getLogger(RelayWorker.class.getName());

  final RelayService service;
  final Address address;
  final String name;
  private final byte[] replyPayload;
  final LongAdder forwarded = new LongAdder();
  final AtomicLong registrations = new AtomicLong(1);
  // the full registration return route, and the same without its last hop; replaced together
  private volatile Routes routes;
  private volatile String owner;
  private volatile NodeContext context;

  private record Routes(Route full, Route forward) {
    static Routes of(Route full) {
      return new Routes(full, Route.of(full.asList().subList(0, full.size() - 1)));
    }
  }

  RelayWorker(RelayService service, Address address, String name, Route registrationReturnRoute, String owner,
              byte[] replyPayload) {
    this.service = service;
    this.address = address;
    this.name = name;
    this.routes = Routes.of(registrationReturnRoute);
    this.owner = owner;
    this.replyPayload = replyPayload;
  }

  WorkerOptions workerOptions() {
    return new WorkerOptions().addMailbox(new Mailbox(address, service.relayAccessControl(address), this::outgoingAllowed));
  }

  // Rust: AllowAll when the registrant is in this node (one-hop route), else only towards the first hop
  private Future<Boolean> outgoingAllowed(RelayMessage m) {
    Route full = routes.full;
    if (full.size() == 1) {
      return AccessControls.decision(true);
    }
    Route onward = m.message().onwardRoute();
    return AccessControls.decision(!onward.isEmpty() && onward.next().equals(full.next()));
  }

  String owner() {
    return owner;
  }

  /** @return the first hop of the registration route: the relay is dead once it is gone */
  Address anchor() {
    return routes.full.next();
  }

  RelayInfo info() {
    return new RelayInfo(address, name, routes.forward, owner, registrations.get(), forwarded.sum());
  }

  @Override
  public Future<Void> initialize(NodeContext context) {
    this.context = context;
    return sendReply(routes.full);
  }

  /**
   * Replaces the route after a new registration of the same name by the same owner, and confirms it
   * to the registrant.
   */
  Future<Void> replace(Route registrationReturnRoute, String newOwner) {
    routes = Routes.of(registrationReturnRoute);
    owner = newOwner;
    registrations.incrementAndGet();
    NodeContext c = context;
    return c == null ? Future.succeededFuture() : sendReply(registrationReturnRoute);
  }

  private Future<Void> sendReply(Route full) {
    return context.forward(LocalMessage.of(full, Route.of(address), replyPayload), address);
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    LocalMessage m = message.message();
    Route onward = m.onwardRoute().step().prepend(routes.forward);
    if (onward.isEmpty()) {
      context.node().drops().record(DropReason.NO_ROUTE, message.sourceAddress(), "relay " + address + " has no route to its client");
      return Future.succeededFuture();
    }
    forwarded.increment();
    if (!m.returnRoute().isEmpty()) {
      // replies travel straight between the two connections or channels (§3.6)
      context.node().flowControls().link(m.returnRoute().next(), onward.next());
    }
    return context.forward(m.withOnwardRoute(onward), address).recover(err -> {
      LOG.log(System.Logger.Level.DEBUG, () -> "relay " + address + " could not forward a message: " + err.getMessage());
      service.checkRelay(this);
      return Future.succeededFuture();
    });
  }

  @Override
  public Future<Void> shutdown(NodeContext context) {
    service.stopped(this);
    return Future.succeededFuture();
  }
}
