package io.ockamj.node.impl;

import io.ockamj.node.Mailbox;
import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;

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
 * address its messages are delivered to, and its queue depth (for back-pressure).
 */
final class Registration {

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
  // the worker verticle whose mailbox takes the messages (null for processors and detached contexts,
  // and once the worker stopped)
  volatile WorkerVerticle inbox;
  volatile String deploymentId;
  volatile Runnable stopper;

  Registration(String nodeId, List<Mailbox> mailboxes, String type, boolean processor, boolean acceptsMessages,
               boolean terminal, String terminalAttribute) {
    if (mailboxes.isEmpty()) {
      throw new IllegalArgumentException("a worker needs at least one mailbox");
    }
    this.mailboxes = List.copyOf(mailboxes);
    this.byAddress = new HashMap<>();
    for (Mailbox m : mailboxes) {
      if (byAddress.put(m.address(), m) != null) {
        throw new IllegalArgumentException("duplicate address " + m.address());
      }
    }
    this.busAddress = "ockam." + nodeId + "." + mailboxes.get(0).address().innerText();
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
