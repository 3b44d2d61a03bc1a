package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.portal.InletOptions;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.portal.Portals;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.ResourceType;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.verticles.relay.RelaySession;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The TCP outlets, TCP inlets and relays that a {@link NodeManager} runs on request (API paths
 * {@code /node/outlet}, {@code /node/inlet} and {@code /node/relay}), kept alive, stored and restored.
 * <p>
 * <b>Outlets</b> are {@link Portals} outlets that accept portal connections from the node's secure
 * channels and, as Rust Ockam 0.139 does for a node without an authority, from any peer of the
 * node's TCP listener (a plain-TCP portal such as {@code /node/n/service/outlet}); a warning says so
 * when that listener is not on a loopback address.
 * <p>
 * <b>Relays</b> are {@link RelaySession}s: the relay is registered at the relay node, pinged every
 * second and re-created with back-off when it is lost. The route to the relay node is a multiaddr;
 * {@code /node/NAME} is looked up in the store every time the session reconnects, and {@code /secure/}
 * hops open secure channels in which this node proves its own identity.
 * <p>
 * <b>Inlets</b> are {@link Portals} inlets whose outlet route is a multiaddr such as
 * {@code /node/relay/service/forward_to_n1/secure/api/service/outlet}. The node resolves it (opening a
 * secure channel for every {@code /secure/} hop, trusting only the {@code authorized} identifiers if
 * any), then checks the route every second: it pings the {@code echo} service next to the outlet and
 * watches the TCP connection the route starts with. When the TCP connection closes, or two pings in a
 * row go unanswered, the inlet is down: its channels are closed and the route is built again with
 * back-off (250 ms doubling to 2 s, ±20 %; handshakes of these attempts time out after 3 s). Once a new route works the inlet is re-created on the same
 * {@code host:port}, so that clients keep their address. Portal connections open at the time of a loss
 * are not migrated (their channels are gone); new connections work as soon as the route is back. While
 * an inlet is down it keeps listening, and client connections are closed at once.
 * <p>
 * <b>Persistence.</b> With a {@link NodeManagerOptions#setStore store}, every outlet, inlet and relay
 * created through the API is stored for this node (inlets with their actual port), deleted with it,
 * and re-created by {@link #restore()} when the node starts again. A resource whose row cannot be
 * written is deleted again, and the request fails.
 * <p>
 * All methods are non-blocking and may be called from any thread. The resources stop when the node
 * closes or {@link #close()} is called (stored rows are kept).
 */
public final class NodeResources {

  /** Where an inlet listens when no address is given: a free port on the loopback. */
  public static final String DEFAULT_INLET_BIND = "127.0.0.1:0";
  /** How long creating an inlet or relay may take when the request does not say: 10 s. */
  public static final Duration DEFAULT_CREATE_TIMEOUT = Duration.ofSeconds(10);

  private static final System.Logger LOG = System.getLogger(NodeResources.class.getName());

  private final Node node;
  private final SecureChannels channels;
  private final Store store;
  private final Policies policies;
  private final Portals portals;
  private final Address sentinel = Address.randomLocal();
  private final OutletResources outlets;
  private final InletResources inlets;
  private final RelayResources relays;
  private final ResourceRoutes routes;
  private volatile boolean closed;

  private NodeResources(Node node, SecureChannels channels, Store store, Policies policies) {
    this.node = node;
    this.channels = channels;
    this.store = store;
    this.policies = policies;
    this.portals = Portals.create(node);
    this.outlets = new OutletResources(this, node, store, policies, portals);
    this.inlets = new InletResources(this, node, channels, store, policies);
    this.relays = new RelayResources(this, node, store);
    this.routes = new ResourceRoutes(store);
  }

  /**
   * Creates the resources of a node, with a worker that closes them when the node closes.
   *
   * @param node the node
   * @param channels the node's secure channels (the identity it proves in inlet and relay channels)
   * @param store where to store and look up resources and nodes, or {@code null} for none
   * @param policies the node's policies, which protect its outlets and inlets
   * @return the resources
   */
  static Future<NodeResources> start(Node node, SecureChannels channels, Store store, Policies policies) {
    NodeResources r = new NodeResources(node, channels, store, policies);
    return node.startWorker(WorkerOptions.of(r.sentinel), new Sentinel(r)).map(v -> r);
  }

  /** Stops everything when the node stops its workers. */
  private static final class Sentinel implements Worker {
    private final NodeResources owner;

    Sentinel(NodeResources owner) {
      this.owner = owner;
    }

    @Override
    public Future<Void> handleMessage(NodeContext context, Routed message) {
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      owner.closeAll();
      return Future.succeededFuture();
    }
  }

  /** @return the node */
  Node node() {
    return node;
  }

  /** @return the node's secure channels */
  SecureChannels channels() {
    return channels;
  }

  /** @return the portal manager carrying the inlets and outlets */
  Portals portals() {
    return portals;
  }

  /** @return whether {@link #close()} was called or the node closed */
  boolean isClosed() {
    return closed;
  }

  // ---- outlets

  /**
   * Starts an outlet and stores it.
   *
   * @param address the outlet's local address, e.g. {@value Portals#DEFAULT_OUTLET_ADDRESS}
   * @param target the {@code host:port} to connect to
   * @return the outlet; failed with a {@link NodeException} of kind {@code ALREADY_EXISTS} if the
   *   address is taken, {@code INVALID} if the target is malformed
   */
  public Future<Outlet> createOutlet(String address, String target) {
    return createOutlet(address, target, null, false);
  }

  /**
   * Starts an outlet protected by a policy, connecting to its target with TLS or not, and stores it
   * (with its TLS setting, so that it starts the same way when the node restarts).
   *
   * @param address the outlet's local address
   * @param target the {@code host:port} to connect to
   * @param allow the policy of the outlet (Rust's {@code --allow}), stored as its resource policy; or
   *   {@code null} for the type policy or the node's default
   * @param tls whether to connect to the target with TLS (Rust's {@code tcp-outlet create --tls})
   * @return the outlet; failed as {@link #createOutlet(String, String)}
   */
  public Future<Outlet> createOutlet(String address, String target, PolicyExpression allow, boolean tls) {
    return outlets.create(address, target, allow, tls);
  }

  /** @return the outlets started through this object, by address */
  public List<Outlet> outlets() {
    return outlets.list();
  }

  /**
   * Stops an outlet and forgets it.
   *
   * @param address its address
   * @return a future completed when stopped; failed with {@link NodeException.Kind#NOT_FOUND}
   */
  public Future<Void> deleteOutlet(String address) {
    return outlets.delete(address, true);
  }

  // ---- inlets

  /**
   * Starts an inlet that waits for its outlet, with the node's identity and no policy of its own (see
   * {@link #createInlet(CreateInlet)}).
   *
   * @param alias the inlet's name, or {@code null} for a random one
   * @param bind {@code host:port} to listen on; port 0 picks a free port
   * @param outletRoute the route to the outlet, e.g. {@code /node/relay/service/forward_to_n1/secure/api/service/outlet}
   * @param authorized identities the outlet's node must prove in the route's secure channels (empty: any)
   * @param timeout how long building the route may take
   * @return the inlet, {@code UP}; failed as {@link #createInlet(CreateInlet)} fails
   */
  public Future<InletStatus> createInlet(String alias, String bind, MultiAddr outletRoute, List<Identifier> authorized,
                                         Duration timeout) {
    return createInlet(CreateInlet.of(alias, bind, outletRoute, authorized, timeout));
  }

  /**
   * Starts an inlet: resolves its route (failing if the outlet cannot be reached within the timeout,
   * unless the request does not wait), binds its listener, stores it and keeps it alive.
   *
   * @param request what to create
   * @return the inlet, {@code UP} (or not yet, without waiting); failed with a {@link NodeException} ({@code ALREADY_EXISTS} for an alias
   *   or port in use, {@code NOT_FOUND} for an unknown node, {@code INVALID} for a malformed route),
   *   a {@link io.ockamj.verticles.channel.ChannelException} or a timeout when the route does not work
   */
  public Future<InletStatus> createInlet(CreateInlet request) {
    return inlets.create(request);
  }

  /**
   * Lets inlets prove other local identities.
   *
   * @param byName the channels proving a local identity, by its name
   */
  void identityChannels(java.util.function.Function<String, Future<SecureChannels>> byName) {
    inlets.identityChannels(byName);
  }

  /** @return the inlets, by alias */
  public List<InletStatus> inlets() {
    return inlets.list();
  }

  /**
   * @param alias an inlet's alias
   * @return the inlet, or {@code null}
   */
  public InletStatus inlet(String alias) {
    return inlets.get(alias);
  }

  /**
   * Stops an inlet (its listener, its portal connections, its secure channels) and forgets it.
   *
   * @param alias its alias
   * @return a future completed when stopped; failed with {@link NodeException.Kind#NOT_FOUND}
   */
  public Future<Void> deleteInlet(String alias) {
    return inlets.delete(alias, true);
  }

  // ---- relays

  /**
   * Registers a relay on a relay node, keeps it alive and stores it.
   *
   * @param name the relay name
   * @param at the route to the relay node, e.g. {@code /node/relay} or {@code /ip4/127.0.0.1/tcp/4000}
   * @param timeout how long the first registration may take
   * @return the relay, {@code UP}; failed with a {@link NodeException} ({@code ALREADY_EXISTS} if this
   *   node already has a relay of that name, {@code NOT_FOUND} for an unknown node, {@code TIMEOUT} or
   *   {@code IO} if the relay node did not confirm)
   */
  public Future<RelayStatus> createRelay(String name, MultiAddr at, Duration timeout) {
    return createRelay(CreateRelay.of(name, at, timeout));
  }

  /**
   * Registers a relay on a relay node, keeps it alive and stores it, with an optional authorized
   * identity and relay address; when the request does not wait for the connection, answers at once
   * (the relay stored, connecting in the background).
   *
   * @param request the relay to create
   * @return the relay; fails as {@link #createRelay(String, MultiAddr, Duration)} (not for a relay node
   *   that does not answer when the request does not wait)
   */
  public Future<RelayStatus> createRelay(CreateRelay request) {
    return relays.create(request);
  }

  /** @return the relays, by name */
  public List<RelayStatus> relays() {
    return relays.list();
  }

  /**
   * @param name a relay name
   * @return the relay, or {@code null}
   */
  public RelayStatus relay(String name) {
    return relays.get(name);
  }

  /**
   * Stops keeping a relay alive (the relay node drops it when the connection closes) and forgets it.
   *
   * @param name the relay name
   * @return a future completed when stopped; failed with {@link NodeException.Kind#NOT_FOUND}
   */
  public Future<Void> deleteRelay(String name) {
    return relays.delete(name, true);
  }

  // ---- persistence

  /** Writes a resource's row; if that fails, undoes the resource and fails with a 500 error. */
  Future<Void> persist(java.util.function.Supplier<Future<?>> write, java.util.function.Supplier<Future<Void>> undo) {
    if (store == null) {
      return Future.succeededFuture();
    }
    Future<?> written;
    try {
      written = write.get();
    } catch (RuntimeException e) {
      written = Future.failedFuture(e);
    }
    return written.<Void>mapEmpty().recover(err -> {
      LOG.log(System.Logger.Level.WARNING, "node " + node.name() + " could not store a resource: " + err.getMessage());
      return undo.get().recover(x -> Future.succeededFuture()).transform(x -> Future.failedFuture(
        new NodeManagerException(Status.INTERNAL_SERVER_ERROR, "could not store it: " + err.getMessage())));
    });
  }

  /**
   * Re-creates the outlets, relays and inlets stored for this node (after a restart). Outlets are up
   * when the future completes; relays and inlets are started and come up in the background, retrying
   * with back-off until their relay node and outlet answer. A resource that cannot be re-created (an
   * outlet address or inlet port in use) is logged and skipped.
   *
   * @return a future with how many resources were restored; it fails only if the store cannot be read
   */
  public Future<Integer> restore() {
    if (store == null) {
      return Future.succeededFuture(0);
    }
    String me = node.name();
    int[] count = {0};
    return outlets.restore(count).compose(v -> relays.restore(count)).compose(v -> inlets.restore(count)).map(v -> {
      LOG.log(System.Logger.Level.INFO, "node " + me + " restored " + count[0] + " outlets, relays and inlets");
      return count[0];
    });
  }

  /**
   * Stops every outlet, inlet and relay of this object (stored rows are kept).
   *
   * @return a future completed when all are stopped
   */
  public Future<Void> close() {
    Future<Void> f = closeAll();
    return f.compose(v -> node.stopWorker(sentinel).recover(err -> Future.succeededFuture()));
  }

  private Future<Void> closeAll() {
    closed = true;
    List<Future<?>> all = new ArrayList<>();
    inlets.closeAll(all);
    relays.closeAll(all);
    outlets.clear();
    all.add(portals.close());
    return Future.join(all).<Void>mapEmpty().otherwiseEmpty();
  }

  // ---- routes

  /** See {@link ResourceRoutes#resolve(MultiAddr)}. */
  Future<ResourceRoutes.Resolved> resolveRoute(MultiAddr addr) {
    return routes.resolve(addr);
  }

  /**
   * Options of the inlets this object creates: the inlet's policy decides which outlet node may send
   * into it and to which its data may go.
   */
  InletOptions inletOptions(String alias) {
    return new InletOptions()
      .setIncomingAccessControl(policies.incoming(alias, ResourceType.TCP_INLET))
      .setOutgoingAccessControl(policies.outgoing(alias, ResourceType.TCP_INLET));
  }

  /** @return the node's policies */
  Policies policies() {
    return policies;
  }
}
