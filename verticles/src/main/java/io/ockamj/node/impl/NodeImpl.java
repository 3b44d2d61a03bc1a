package io.ockamj.node.impl;

import io.ockamj.node.AccessControls;
import io.ockamj.node.DropReason;
import io.ockamj.node.Drops;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.FlowControls;
import io.ockamj.node.Mailbox;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.NodeMetrics;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Processor;
import io.ockamj.node.RelayMessage;
import io.ockamj.node.Routed;
import io.ockamj.node.Transport;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerInfo;
import io.ockamj.node.WorkerOptions;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node: an address table (the router), the transports, and the deployment of workers as verticles.
 */
public final class NodeImpl implements NodeInternal {

  private static final System.Logger LOG = System.getLogger(NodeImpl.class.getName());

  private final Vertx vertx;
  private final NodeOptions options;
  private final String nodeId;
  private final Map<Class<?>, Object> components = new ConcurrentHashMap<>();
  final LongAdder handlerFailures = new LongAdder();
  private final Router router;
  private final java.util.List<java.util.function.Consumer<java.util.Set<Address>>> releasedListeners =
    new java.util.concurrent.CopyOnWriteArrayList<>();
  final DropsImpl drops;
  final LongAdder delivered;
  // the node's own detached context, what context() returns: one for the node's lifetime
  private final ContextImpl mainContext;
  private final FlowControlId tcpListenerFlowControlId = FlowControlId.random();
  private final FlowControlId secureChannelFlowControlId = FlowControlId.random();
  private final FlowControlsImpl flowControls = new FlowControlsImpl(tcpListenerFlowControlId, secureChannelFlowControlId);
  private volatile boolean closed;
  private Future<Void> closing;
  private final io.vertx.core.Closeable closeHook = completion -> close().onComplete(completion);
  private volatile String tcpListenerAddress;
  private final Deployments deployments;

  private NodeImpl(Vertx vertx, NodeOptions options) {
    this.vertx = vertx;
    this.options = new NodeOptions(options);
    byte[] id = new byte[6];
    ThreadLocalRandom.current().nextBytes(id);
    this.nodeId = options.getName() + "." + HexFormat.of().formatHex(id);
    this.router = new Router(vertx, options.getName(), flowControls);
    this.deployments = new Deployments(vertx, router, this::unregister);
    this.drops = router.drops;
    this.delivered = router.delivered;
    // Vert.x closing first closes the node first, in its own order, while the event loops still run;
    // the node's close() afterwards has nothing left to do
    ((io.vertx.core.internal.VertxInternal) vertx).addCloseHook(closeHook);
    Registration main = new Registration(nodeId, List.of(Mailbox.allowAll(Address.randomLocal())), "Context", false, true, false, null);
    register(main);
    this.mainContext = new ContextImpl(this, main, true, true);
    mainContext.openDetached();
  }

  /**
   * Creates the core of a node: its router, flow controls and own context, without transports or
   * services; a {@link io.ockamj.node.NodeFactory} adds those.
   *
   * @param vertx the Vert.x instance
   * @param options the configuration
   * @return the node's core
   */
  public static NodeImpl createCore(Vertx vertx, NodeOptions options) {
    synchronized (RelayMessageCodec.class) {
      try {
        vertx.eventBus().registerDefaultCodec(RelayMessage.class, new RelayMessageCodec());
      } catch (IllegalStateException alreadyRegistered) {
        // another node in this Vert.x instance registered it
      }
    }
    return new NodeImpl(vertx, options);
  }

  /**
   * Records the address the node's TCP listener is bound to.
   *
   * @param bound {@code host:port}
   */
  public void tcpListenerBound(String bound) {
    this.tcpListenerAddress = bound;
  }

  @Override
  public String name() {
    return options.getName();
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public NodeOptions options() {
    return options;
  }

  @Override
  public NodeContext context() {
    return mainContext;
  }

  @Override
  public Future<NodeContext> context(WorkerOptions opts) {
    Registration reg;
    try {
      reg = new Registration(nodeId, opts.getMailboxes(), "Context", false, true, false, null);
      register(reg);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    ContextImpl ctx = new ContextImpl(this, reg, true, false);
    return ctx.openDetached().map(v -> (NodeContext) ctx).recover(err -> ctx.close().transform(ar -> Future.failedFuture(err)));
  }

  void register(Registration reg) {
    if (closed) {
      throw new NodeException(NodeException.Kind.SHUTDOWN, "node " + name() + " is stopped");
    }
    router.register(reg);
  }

  void unregister(Registration reg) {
    java.util.Set<Address> released = router.unregister(reg);
    if (released.isEmpty()) {
      return;
    }
    for (java.util.function.Consumer<java.util.Set<Address>> l : releasedListeners) {
      try {
        l.accept(released);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a listener of released addresses failed: " + e, e);
      }
    }
  }

  @Override
  public Runnable onAddressesReleased(java.util.function.Consumer<java.util.Set<Address>> listener) {
    releasedListeners.add(listener);
    return () -> releasedListeners.remove(listener);
  }

  Future<Void> send(Registration from, Address fromAddress, LocalMessage message) {
    return router.send(from, fromAddress, message);
  }

  static Future<Boolean> decide(java.util.function.Function<RelayMessage, Future<Boolean>> control, RelayMessage rm) {
    return Router.decide(control, rm);
  }

  void deniedIncoming(Future<Boolean> decision, RelayMessage rm) {
    router.deniedIncoming(decision, rm);
  }

  @Override
  public String terminalAttribute(Address address) {
    return router.terminalAttribute(address);
  }

  @Override
  public boolean pauseIfCongested(Address address, Runnable resume) {
    return router.pauseIfCongested(address, resume);
  }

  @Override
  public Future<Void> startWorker(WorkerOptions opts, Worker worker) {
    Registration reg;
    try {
      reg = new Registration(nodeId, opts.getMailboxes(), worker.getClass().getSimpleName(), false, true,
        opts.isTerminal(), opts.getTerminalAttribute());
      register(reg);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    DeploymentOptions dep = new DeploymentOptions()
      .setThreadingModel(opts.isBlocking() ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP);
    WorkerVerticle verticle = new WorkerVerticle(this, reg, worker);
    // what is routed to it from now on waits in reg until its consumers exist
    return deployments.start(reg, verticle, dep, cause -> {
      reg.stopped = true;
      unregister(reg);
      for (RelayMessage rm : reg.takeEarly()) {
        reg.done(rm.message().payload().length);
        drops.record(DropReason.WORKER_STOPPED, rm.source(), "worker " + rm.destination() + " failed to start: " + cause);
      }
    });
  }

  @Override
  public Future<Void> startProcessor(WorkerOptions opts, Processor processor) {
    Registration reg;
    try {
      reg = new Registration(nodeId, opts.getMailboxes(), processor.getClass().getSimpleName(), true, false,
        false, null);
      register(reg);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return deployments.start(reg, new ProcessorVerticle(this, reg, processor), new DeploymentOptions(), cause -> unregister(reg));
  }

  @Override
  public Future<Void> stopWorker(Address address) {
    Registration reg = router.lookup(address);
    if (reg == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no worker at address " + address + " in node " + name()));
    }
    return deployments.undeploy(reg);
  }

  @Override
  public List<WorkerInfo> listWorkers() {
    Map<Registration, Boolean> seen = new IdentityHashMap<>();
    List<WorkerInfo> out = new ArrayList<>();
    for (Registration r : router.registrations()) {
      if (seen.put(r, Boolean.TRUE) == null) {
        out.add(r.info());
      }
    }
    out.sort((a, b) -> a.primaryAddress().compareTo(b.primaryAddress()));
    return out;
  }

  /**
   * @param address an address of this node
   * @return the event-bus address routed messages to it are sent to
   */
  public String busAddressOf(Address address) {
    return Registration.busAddress(nodeId, address);
  }

  @Override
  public boolean isRegistered(Address address) {
    return router.lookup(address) != null;
  }

  @Override
  public <T> T component(Class<T> type, java.util.function.Supplier<T> create) {
    Object found = components.get(type);
    if (found != null) {
      return type.cast(found);
    }
    // not computeIfAbsent: a component's creation may ask for another component (nested updates of
    // a ConcurrentHashMap throw); the monitor is reentrant and creations are rare
    synchronized (components) {
      found = components.get(type);
      if (found == null) {
        found = create.get();
        components.put(type, found);
      }
      return type.cast(found);
    }
  }

  @Override
  public <T> T component(Class<T> type) {
    return type.cast(components.get(type));
  }

  @Override
  public void removeComponent(Class<?> type, Object instance) {
    components.remove(type, instance);
  }

  @Override
  public void registerTransport(Transport transport) {
    router.registerTransport(transport);
  }

  @Override
  public Transport transport(int transportType) {
    return router.transport(transportType);
  }

  @Override
  public String tcpListenerAddress() {
    return tcpListenerAddress;
  }

  @Override
  public FlowControls flowControls() {
    return flowControls;
  }

  @Override
  public FlowControlId tcpListenerFlowControlId() {
    return tcpListenerFlowControlId;
  }

  @Override
  public FlowControlId secureChannelFlowControlId() {
    return secureChannelFlowControlId;
  }

  @Override
  public NodeMetrics metrics() {
    return new NodeMetrics(delivered.sum(), drops.count(DropReason.DENIED_INCOMING), drops.count(DropReason.DENIED_OUTGOING),
      drops.count(DropReason.NO_SUCH_ADDRESS) + drops.count(DropReason.NO_TRANSPORT), handlerFailures.sum(), drops.counts());
  }

  @Override
  public Drops drops() {
    return drops;
  }

  Future<Routed> sendAndReceive(Route route, byte[] payload, Duration timeout) {
    Future<Route> resolved = router.resolveFirstHop(route);
    return resolved.compose(r -> {
      Address tmp = Address.randomLocal();
      WorkerOptions opts = new WorkerOptions().addMailbox(new Mailbox(tmp, AccessControls.ALLOW_ALL_INCOMING,
        AccessControls.allowOnward(r.next())));
      return context(opts).compose(ctx -> {
        // the reply comes back through the connection or channel the request enters; the entry
        // goes with the context's address when it closes
        flowControls.addConsumerOfNextHop(tmp, r);
        return ctx.send(r, payload)
          .compose(v -> ctx.receive(timeout))
          .eventually(() -> ctx.close());
      });
    });
  }

  @Override
  public Future<Route> resolve(Route route) {
    return router.resolveFirstHop(route);
  }

  @Override
  public boolean isClosing() {
    return closed;
  }

  @Override
  public Future<Void> close() {
    synchronized (this) {
      if (closing == null) {
        closed = true;
        closing = doClose();
      }
      return closing;
    }
  }

  private Future<Void> doClose() {
    // the close hook stays until the node is down: if Vert.x closes meanwhile, its hook waits for
    // this close before Vert.x undeploys what is left (else both undeploy the same verticles and
    // Vert.x logs 'Already undeployed' at SEVERE)
    drops.closing();
    mainContext.closeForGood();
    return deployments.stopAll()
      .transform(ar -> {
        router.clear();
        components.clear();
        ((io.vertx.core.internal.VertxInternal) vertx).removeCloseHook(closeHook);
        return Future.succeededFuture();
      });
  }

  @Override
  public String toString() {
    return "Node[" + name() + "]";
  }
}
