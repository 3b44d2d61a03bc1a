package io.ockamj.console;

import io.ockamj.node.Node;
import io.ockamj.node.RelayMessage;
import io.ockamj.protocol.Address;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Watches the messages a node routes: an outbound interceptor on the Vert.x event bus sees every
 * {@link RelayMessage} the router sends to a worker's mailbox. It keeps message and byte counts per
 * destination and per source address (for secure channels and portals), and, while a trace runs, records
 * each delivery as a hop.
 * <p>
 * The interceptor does a few map look-ups per message and never blocks.
 */
public final class RouteTracer {

  /** Counts of the messages sent to, or from, one address. */
  public static final class Counts {
    final boolean portal;
    final LongAdder messagesTo = new LongAdder();
    final LongAdder bytesTo = new LongAdder();
    final LongAdder messagesFrom = new LongAdder();
    final LongAdder bytesFrom = new LongAdder();

    Counts(boolean portal) {
      this.portal = portal;
    }

    /** @return messages delivered to the address */
    public long messagesTo() {
      return messagesTo.sum();
    }

    /** @return payload bytes delivered to the address */
    public long bytesTo() {
      return bytesTo.sum();
    }

    /** @return messages sent from the address */
    public long messagesFrom() {
      return messagesFrom.sum();
    }

    /** @return payload bytes sent from the address */
    public long bytesFrom() {
      return bytesFrom.sum();
    }
  }

  /** The longest a trace runs, and the most hops it records. */
  static final long MAX_TRACE_MILLIS = 60_000;
  static final int MAX_HOPS = 500;

  private final Node node;
  private final String busPrefix;
  private final Map<Address, Counts> counts = new ConcurrentHashMap<>();
  private final LongAdder portalIn = new LongAdder();
  private final LongAdder portalOut = new LongAdder();
  /** The worker types of a TCP portal connection (its worker and its socket reader). */
  static final Set<String> PORTAL_TYPES = Set.of("PortalWorker", "PortalReader");
  private final List<Trace> traces = new CopyOnWriteArrayList<>();
  private final AtomicLong traceIds = new AtomicLong();
  private final Handler<DeliveryContext<Object>> interceptor = this::intercept;

  /** A running trace: the hops of the messages from or to some addresses (all, if none), until a deadline. */
  public final class Trace {
    final long id = traceIds.incrementAndGet();
    final java.util.function.Predicate<RelayMessage> filter;
    final long startedNanos = System.nanoTime();
    final long deadlineNanos;
    final List<JsonObject> hops = new ArrayList<>();
    final Consumer<JsonObject> onHop;
    volatile boolean done;

    Trace(java.util.function.Predicate<RelayMessage> filter, long millis, Consumer<JsonObject> onHop) {
      this.filter = filter;
      this.deadlineNanos = startedNanos + Math.min(millis, MAX_TRACE_MILLIS) * 1_000_000;
      this.onHop = onHop;
    }

    /** @return the trace's id */
    public long id() {
      return id;
    }

    /** @return the hops recorded so far, in order */
    public synchronized JsonArray hops() {
      return new JsonArray(new ArrayList<>(hops));
    }

    /** Ends the trace. */
    public void stop() {
      done = true;
      traces.remove(this);
    }

    synchronized void record(RelayMessage rm) {
      if (hops.size() >= MAX_HOPS || System.nanoTime() > deadlineNanos) {
        stop();
        return;
      }
      JsonObject hop = new JsonObject()
        .put("trace", id)
        .put("seq", hops.size() + 1)
        .put("t_us", (System.nanoTime() - startedNanos) / 1000)
        .put("from", rm.source().toString())
        .put("to", rm.destination().toString())
        .put("onward", rm.message().onwardRoute().toString())
        .put("return", rm.message().returnRoute().toString())
        .put("bytes", rm.message().payload().length);
      hops.add(hop);
      if (onHop != null) {
        onHop.accept(hop);
      }
    }
  }

  RouteTracer(Node node) {
    this.node = node;
    this.busPrefix = "ockam." + node.name() + ".";
  }

  /**
   * Starts watching a node's event bus.
   *
   * @param node the node
   * @return the tracer; {@link #close} removes its interceptor
   */
  public static RouteTracer install(Node node) {
    RouteTracer t = new RouteTracer(node);
    node.vertx().eventBus().addOutboundInterceptor(t.interceptor);
    return t;
  }

  /** Removes the interceptor and ends the traces. */
  public void close() {
    node.vertx().eventBus().removeOutboundInterceptor(interceptor);
    traces.forEach(Trace::stop);
  }

  private void intercept(DeliveryContext<Object> ctx) {
    try {
      if (ctx.body() instanceof RelayMessage rm && ctx.message().address().startsWith(busPrefix)) {
        int size = rm.message().payload().length;
        Counts to = countsOf(rm.destination());
        to.messagesTo.increment();
        to.bytesTo.add(size);
        Counts from = countsOf(rm.source());
        from.messagesFrom.increment();
        from.bytesFrom.add(size);
        if (to.portal) {
          portalIn.add(size);
        }
        if (from.portal) {
          portalOut.add(size);
        }
        if (!traces.isEmpty()) {
          for (Trace t : traces) {
            if (!t.done && t.filter.test(rm)) {
              t.record(rm);
            }
          }
        }
      }
    } finally {
      ctx.next();
    }
  }

  /**
   * The counts of an address, created on its first message: the worker's type is looked up then, while it
   * runs (once per address, not per message), so that even a connection shorter than a snapshot is counted.
   */
  private Counts countsOf(Address a) {
    Counts c = counts.get(a);
    if (c == null) {
      boolean portal = node.listWorkers().stream().anyMatch(w -> PORTAL_TYPES.contains(w.type()) && w.addresses().contains(a));
      Counts fresh = new Counts(portal);
      c = counts.putIfAbsent(a, fresh);
      if (c == null) {
        c = fresh;
      }
    }
    return c;
  }

  /** @return payload bytes delivered to the node's portal connections since the console started */
  public long portalBytesIn() {
    return portalIn.sum();
  }

  /** @return payload bytes sent by the node's portal connections since the console started */
  public long portalBytesOut() {
    return portalOut.sum();
  }

  /**
   * Starts a trace.
   *
   * @param watched the addresses whose messages (from or to them) are recorded; empty: every message
   * @param millis how long it runs (at most a minute)
   * @param onHop called with each hop as it is recorded, on the sender's thread (may be {@code null})
   * @return the trace
   */
  public Trace trace(Set<Address> watched, long millis, Consumer<JsonObject> onHop) {
    Set<Address> w = Set.copyOf(watched);
    return trace(rm -> w.isEmpty() || w.contains(rm.source()) || w.contains(rm.destination()), millis, onHop);
  }

  /**
   * Starts a trace of the messages a predicate picks.
   *
   * @param filter which messages to record (called on the sender's thread: keep it cheap)
   * @param millis how long it runs (at most a minute)
   * @param onHop called with each hop as it is recorded (may be {@code null})
   * @return the trace
   */
  public Trace trace(java.util.function.Predicate<RelayMessage> filter, long millis, Consumer<JsonObject> onHop) {
    Trace t = new Trace(filter, millis, onHop);
    traces.add(t);
    return t;
  }

  /**
   * @param address an address
   * @return its counts, or {@code null} if no message was sent to or from it
   */
  public Counts counts(Address address) {
    return counts.get(address);
  }

  /** Forgets the counts of addresses no worker of the node has any more (the portal totals stay). */
  void purge() {
    counts.keySet().removeIf(a -> !node.isRegistered(a));
  }
}
