package io.ockamj.node.impl;

import io.ockamj.node.Mailbox;
import io.ockamj.node.RelayMessage;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The router's record of one worker, processor or detached context: its mailboxes, the event-bus
 * address of each (where routed messages are sent), and its queue depth (for back-pressure).
 * <p>
 * A worker's addresses are taken before its verticle has started and registered its event-bus
 * consumers: until then ({@link #open}) routed messages wait here, in order, and are sent on the bus
 * once the consumers exist, so nothing routed in that window is lost and interceptors still see it.
 */
final class Registration {

  /** How routed messages travel on the bus: by reference inside this JVM (see {@link RelayMessageCodec}). */
  static final DeliveryOptions DELIVERY = new DeliveryOptions().setLocalOnly(true);

  /** Above this many queued messages, producers that can pause (sockets) are asked to. */
  static final int HIGH_WATER = 256;
  /** Paused producers are resumed when the queue drains to this depth. */
  static final int LOW_WATER = 64;
  /**
   * The same in payload bytes: a portal message carries up to 48 KB, and {@link #HIGH_WATER} of them
   * queued at every hop would be seconds of latency and megabytes of heap.
   */
  static final long HIGH_WATER_BYTES = 512 * 1024;
  /** Paused producers are resumed when the queued bytes drain to this. */
  static final long LOW_WATER_BYTES = 128 * 1024;

  final List<Mailbox> mailboxes;
  final Map<Address, Mailbox> byAddress;
  private final Map<Address, String> busAddresses;
  final String busAddress;
  final String type;
  // a context made by Node.context(), not a deployed worker
  final boolean detached;
  final boolean processor;
  final boolean acceptsMessages;
  final String terminalAttribute;
  final boolean terminal;
  final AtomicInteger pending = new AtomicInteger();
  final AtomicLong pendingBytes = new AtomicLong();
  final LongAdder handled = new LongAdder();
  private final ConcurrentLinkedQueue<Runnable> lowWaterWaiters = new ConcurrentLinkedQueue<>();
  // routed messages go straight to the bus once the consumers exist; before, they wait in early
  private volatile boolean open;
  private final ArrayDeque<RelayMessage> early = new ArrayDeque<>();
  // a worker whose verticle is stopping or stopped: what is routed to it is dropped and counted
  volatile boolean stopped;
  volatile String deploymentId;
  volatile Runnable stopper;

  Registration(String nodeId, List<Mailbox> mailboxes, String type, boolean processor, boolean acceptsMessages,
               boolean terminal, String terminalAttribute) {
    if (mailboxes.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one mailbox");
    }
    this.mailboxes = List.copyOf(mailboxes);
    this.byAddress = new HashMap<>();
    this.busAddresses = new HashMap<>();
    for (Mailbox m : mailboxes) {
      if (byAddress.put(m.address(), m) != null) {
        throw new IllegalArgumentException("duplicate address " + m.address());
      }
      busAddresses.put(m.address(), busAddress(nodeId, m.address()));
    }
    this.busAddress = busAddresses.get(mailboxes.get(0).address());
    this.type = type;
    this.detached = "Context".equals(type);
    this.processor = processor;
    this.acceptsMessages = acceptsMessages;
    this.terminal = terminal;
    this.terminalAttribute = terminalAttribute;
  }

  private boolean stopRequested;

  /**
   * Returns the deployment id once: whoever gets it undeploys. While the worker is still deploying
   * there is no id yet; the stop is then remembered and {@link #deployed} reports it.
   */
  synchronized String takeDeploymentId() {
    String id = deploymentId;
    deploymentId = null;
    if (id == null) {
      stopRequested = true;
    }
    return id;
  }

  /**
   * Records the deployment id of a worker that finished deploying.
   *
   * @return {@code true} if a stop was requested meanwhile: the caller undeploys it now
   */
  synchronized boolean deployed(String id) {
    if (stopRequested) {
      return true;
    }
    deploymentId = id;
    return false;
  }

  /**
   * @param nodeId the node's unique id in its Vert.x instance
   * @param address an Ockam address of the node
   * @return the event-bus address of its worker: {@code ockam.<node id>.<address>}
   */
  static String busAddress(String nodeId, Address address) {
    return "ockam." + nodeId + "." + address;
  }

  /** @return the event-bus address of one of this worker's mailboxes */
  String busAddress(Address address) {
    return busAddresses.get(address);
  }

  /** @return the event-bus addresses of all its mailboxes */
  Iterable<String> busAddresses() {
    return busAddresses.values();
  }

  /** Routes a message to this worker: on the bus, or into the early queue until {@link #open}. */
  void route(EventBus bus, RelayMessage rm) {
    if (!open) {
      synchronized (this) {
        if (!open) {
          early.add(rm);
          return;
        }
      }
    }
    bus.send(busAddresses.get(rm.destination()), rm, DELIVERY);
  }

  /**
   * Called once the worker's consumers are registered, on the worker's context: sends what waited,
   * in order, then lets the router send directly. Messages routed meanwhile wait for the lock and
   * so follow the early ones.
   */
  synchronized void open(EventBus bus) {
    RelayMessage rm;
    while ((rm = early.poll()) != null) {
      bus.send(busAddresses.get(rm.destination()), rm, DELIVERY);
    }
    open = true;
  }

  /** @return what was routed before the worker opened, now to be dropped (it stopped or failed to start) */
  synchronized List<RelayMessage> takeEarly() {
    List<RelayMessage> out = new ArrayList<>(early);
    early.clear();
    return out;
  }

  Address primary() {
    return mailboxes.get(0).address();
  }

  /** Called by a producer after delivering; runs {@code resume} once the queue is back under the low-water mark. */
  /** @return whether senders to this worker should wait: too many messages or bytes queued */
  boolean congested() {
    return pending.get() >= HIGH_WATER || pendingBytes.get() >= HIGH_WATER_BYTES;
  }

  private boolean drained() {
    return pending.get() <= LOW_WATER && pendingBytes.get() <= LOW_WATER_BYTES;
  }

  void whenDrained(Runnable resume) {
    lowWaterWaiters.add(resume);
    if (drained()) {
      runWaiters();
    }
  }

  void delivered(int bytes) {
    pending.incrementAndGet();
    pendingBytes.addAndGet(bytes);
  }

  void done(int bytes) {
    handled.increment();
    pendingBytes.addAndGet(-bytes);
    pending.decrementAndGet();
    if (!lowWaterWaiters.isEmpty() && drained()) {
      runWaiters();
    }
  }

  private void runWaiters() {
    Runnable r;
    while ((r = lowWaterWaiters.poll()) != null) {
      r.run();
    }
  }

  WorkerInfo info() {
    List<Address> addresses = new ArrayList<>(mailboxes.size());
    for (Mailbox m : mailboxes) {
      addresses.add(m.address());
    }
    return new WorkerInfo(primary(), addresses, type, processor, pending.get(), handled.sum());
  }
}
