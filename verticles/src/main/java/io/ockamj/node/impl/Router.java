package io.ockamj.node.impl;

import io.ockamj.node.DropReason;
import io.ockamj.node.Mailbox;
import io.ockamj.node.NodeException;
import io.ockamj.node.RelayMessage;
import io.ockamj.node.Transport;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The router of a node: its address table and transports, and what happens to a message between
 * a sender and the destination's mailbox (flow control, access controls, back-pressure, drops).
 * Messages travel on the event bus ({@link Registration#route}). Thread-safe.
 */
final class Router {

  private final Vertx vertx;
  private final String nodeName;
  private final Map<Address, Registration> table = new ConcurrentHashMap<>();
  private final Map<Integer, Transport> transports = new ConcurrentHashMap<>();
  private final FlowControlsImpl flowControls;
  final DropsImpl drops;
  final LongAdder delivered = new LongAdder();

  Router(Vertx vertx, String nodeName, FlowControlsImpl flowControls) {
    this.vertx = vertx;
    this.nodeName = nodeName;
    this.flowControls = flowControls;
    this.drops = new DropsImpl(nodeName);
  }

  private String name() {
    return nodeName;
  }

  /** @return the registration that owns an address, or {@code null} */
  Registration lookup(Address address) {
    return table.get(address);
  }

  /** @return every registration once per address it owns */
  Collection<Registration> registrations() {
    return table.values();
  }

  void clear() {
    table.clear();
  }

  void registerTransport(Transport transport) {
    transports.put(transport.transportType(), transport);
  }

  Transport transport(int transportType) {
    return transports.get(transportType);
  }

  Collection<Transport> transports() {
    return transports.values();
  }

  /** Takes the addresses of a registration, all or none. */
  void register(Registration reg) {
    List<Address> done = new ArrayList<>();
    for (Mailbox m : reg.mailboxes) {
      if (table.putIfAbsent(m.address(), reg) != null) {
        for (Address a : done) {
          table.remove(a, reg);
        }
        throw new NodeException(NodeException.Kind.ALREADY_EXISTS, "address " + m.address() + " is already used in node " + name());
      }
      done.add(m.address());
    }
  }

  /** @return the addresses this registration held and released */
  java.util.Set<Address> unregister(Registration reg) {
    java.util.Set<Address> released = new java.util.HashSet<>();
    for (Mailbox m : reg.mailboxes) {
      // flow-control entries go first: once the address is free, a new worker may take it and
      // declare its own entries, which must survive
      if (table.get(m.address()) == reg) {
        flowControls.cleanup(m.address());
        if (table.remove(m.address(), reg)) {
          released.add(m.address());
        }
      }
    }
    return released;
  }

  Future<Void> send(Registration from, Address fromAddress, LocalMessage message) {
    Mailbox source = from.byAddress.get(fromAddress);
    if (source == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "address " + fromAddress + " does not belong to the sending context"));
    }
    Route onward = message.onwardRoute();
    if (onward.isEmpty()) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "cannot send a message with an empty onward route"));
    }
    Address next = onward.next();
    if (!next.isLocal()) {
      Transport t = transports.get(next.transportType());
      if (t == null) {
        NodeException e = new NodeException(NodeException.Kind.NOT_FOUND, "no transport of type " + next.transportType() + " for address " + next);
        drops.record(DropReason.NO_TRANSPORT, fromAddress, e.getMessage());
        return Future.failedFuture(e);
      }
      return t.resolve(next).compose(local -> send(from, fromAddress, message.withOnwardRoute(onward.replaceNext(local))));
    }
    Registration destination = table.get(next);
    if (destination == null) {
      NodeException e = new NodeException(NodeException.Kind.NOT_FOUND, "no worker at address " + next + " in node " + name());
      drops.record(DropReason.NO_SUCH_ADDRESS, fromAddress, e.getMessage());
      return Future.failedFuture(e);
    }
    if (from.detached) {
      // a detached context receives the replies to what it sends into a connection or channel
      flowControls.addConsumerOfNextHop(fromAddress, onward);
    }
    RelayMessage rm = new RelayMessage(fromAddress, next, message);
    Future<Boolean> allowed = decide(source.outgoing()::isAuthorized, rm);
    if (allowed.isComplete()) {
      return deliver(allowed, destination, rm);
    }
    return allowed.transform(ar -> deliver(allowed, destination, rm));
  }

  /**
   * Runs an access control so that whatever it does yields a decision: one that throws or returns
   * null has failed, and the caller drops the message as it drops a denied one, counting the
   * failure; the mailbox and the router go on.
   */
  static Future<Boolean> decide(java.util.function.Function<RelayMessage, Future<Boolean>> control, RelayMessage rm) {
    try {
      Future<Boolean> f = control.apply(rm);
      return f != null ? f : Future.failedFuture(new IllegalStateException("the access control returned no decision"));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Counts and logs a message refused by an incoming access control, or one whose control failed. */
  void deniedIncoming(Future<Boolean> decision, RelayMessage rm) {
    if (decision.failed() && decision.cause() instanceof io.ockamj.node.AccessDenied d) {
      drops.record(d.reason(), rm.source(), d.detail());
    } else if (decision.failed()) {
      drops.record(DropReason.ACCESS_CONTROL_FAILED, rm.source(), "the incoming access control of " + rm.destination()
        + " failed: " + decision.cause());
    } else {
      drops.record(DropReason.DENIED_INCOMING, rm.source(), "the incoming access control of " + rm.destination()
        + " refused a message");
    }
  }

  private Future<Void> deliver(Future<Boolean> decision, Registration destination, RelayMessage rm) {
    if (!Boolean.TRUE.equals(decision.result())) {
      if (decision.failed() && decision.cause() instanceof io.ockamj.node.AccessDenied d) {
        drops.record(d.reason(), rm.source(), d.detail());
      } else if (decision.failed()) {
        drops.record(DropReason.ACCESS_CONTROL_FAILED, rm.source(), "the outgoing access control of " + rm.source()
          + " failed on a message to " + rm.destination() + ": " + decision.cause());
      } else {
        drops.record(DropReason.DENIED_OUTGOING, rm.source(), "the outgoing access control (flow control) of " + rm.source()
          + " refused a message to " + rm.destination());
      }
      return Future.succeededFuture();
    }
    if (!destination.acceptsMessages) {
      drops.record(DropReason.NOT_A_WORKER, rm.source(), rm.destination() + " is a processor and takes no messages");
      return Future.succeededFuture();
    }
    destination.delivered(rm.message().payload().length);
    if (destination.stopped) {
      destination.done(rm.message().payload().length);
      drops.record(DropReason.WORKER_STOPPED, rm.source(), "worker " + rm.destination() + " is stopping");
      return Future.succeededFuture();
    }
    destination.route(vertx.eventBus(), rm);
    if (!destination.congested()) {
      return Future.succeededFuture();
    }
    // Back-pressure: the send completes only once the destination has worked its queue down. A
    // worker that returns this future from handleMessage stalls its own mailbox in turn, and so
    // on upstream until a socket reader pauses (see pauseIfCongested).
    io.vertx.core.Promise<Void> drained = io.vertx.core.Promise.promise();
    destination.whenDrained(drained::tryComplete);
    return drained.future();
  }

  Future<Route> resolveFirstHop(Route route) {
    if (route.isEmpty()) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "cannot send to an empty route"));
    }
    Address next = route.next();
    if (next.isLocal()) {
      return Future.succeededFuture(route);
    }
    Transport t = transports.get(next.transportType());
    if (t == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no transport of type " + next.transportType() + " for address " + next));
    }
    return t.resolve(next).map(route::replaceNext);
  }

  String terminalAttribute(Address address) {
    Registration r = table.get(address);
    return r != null && r.terminal ? r.terminalAttribute : null;
  }

  boolean pauseIfCongested(Address address, Runnable resume) {
    Registration r = table.get(address);
    if (r == null || !r.congested()) {
      return false;
    }
    r.whenDrained(resume);
    return true;
  }
}
