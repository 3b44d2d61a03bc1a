package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.IncomingAccessControl;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.NodeException;
import io.ockamj.node.Routed;
import io.ockamj.node.Timers;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.RelayRecord;
import io.ockamj.store.Store;
import io.ockamj.store.TcpInletRecord;
import io.ockamj.store.TcpOutletRecord;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.portal.InletOptions;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.portal.OutletOptions;
import io.ockamj.verticles.portal.Portals;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.ResourceType;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.store.PolicyRecord;
import io.ockamj.verticles.relay.RelaySession;
import io.ockamj.verticles.relay.RelaySessionOptions;
import io.ockamj.verticles.relay.RemoteRelayInfo;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

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
  private volatile java.util.function.Function<String, Future<SecureChannels>> identityChannels;
  private final Store store;
  private final Policies policies;
  private final Portals portals;
  private final Address sentinel = Address.randomLocal();
  private final Map<String, InletMonitor> inlets = new ConcurrentHashMap<>();
  private final Map<String, ManagedRelay> relays = new ConcurrentHashMap<>();
  private final Map<String, String> outletTargets = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private NodeResources(Node node, SecureChannels channels, Store store, Policies policies) {
    this.node = node;
    this.channels = channels;
    this.store = store;
    this.policies = policies;
    this.portals = Portals.create(node);
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
    return createOutlet(address, target, null);
  }

  /**
   * Starts an outlet protected by a policy and stores it.
   *
   * @param address the outlet's local address
   * @param target the {@code host:port} to connect to
   * @param allow the policy of the outlet (Rust's {@code --allow}), stored as its resource policy; or
   *   {@code null} for the type policy or the node's default
   * @return the outlet; failed as {@link #createOutlet(String, String)}
   */
  public Future<Outlet> createOutlet(String address, String target, PolicyExpression allow) {
    Future<Void> policy = allow == null ? Future.succeededFuture()
      : policies.set(PolicyRecord.Target.RESOURCE, address, allow).mapEmpty();
    return policy.compose(p -> policies.registerResource(address, ResourceType.TCP_OUTLET))
      .compose(p -> startOutlet(address, target)).compose(info -> persist(
      () -> store.tcpOutlets().store(new TcpOutletRecord(node.name(), address, target, address, null, null)),
      () -> deleteOutlet(address, false)).map(info));
  }

  private Future<Outlet> startOutlet(String address, String target) {
    try {
      Address.local(address);
    } catch (RuntimeException e) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "invalid outlet address '" + address + "'"));
    }
    // no authority (credentials and policies come with one): reachable through the node's secure
    // channels and from its TCP listener's peers
    OutletOptions options = new OutletOptions()
      .addConsumerOf(node.secureChannelFlowControlId())
      .addConsumerOf(node.tcpListenerFlowControlId())
      .setListenerAccessControl(policies.incoming(address, ResourceType.TCP_OUTLET).onDenied(this::refusePortal))
      .setIncomingAccessControl(policies.incoming(address, ResourceType.TCP_OUTLET))
      .setOutgoingAccessControl(policies.outgoing(address, ResourceType.TCP_OUTLET));
    return portals.createOutlet(address, target, options).onSuccess(info -> {
      outletTargets.put(address, info.target());
      String listener = node.tcpListenerAddress();
      if (listener != null && !isLoopback(listener)) {
        LOG.log(System.Logger.Level.WARNING, "outlet " + address + " (to " + info.target() + ") accepts unencrypted portal"
          + " connections from any peer of this node's TCP listener on " + listener + ", which is not a loopback address;"
          + " use a secure channel route to reach it, or listen on 127.0.0.1");
      }
    });
  }

  /** A portal connection the policy refused is closed at once: Disconnect instead of Pong. */
  private void refusePortal(io.ockamj.node.RelayMessage refused) {
    Route back = refused.message().returnRoute();
    boolean ping;
    try {
      ping = io.ockamj.protocol.PortalMessage.decode(refused.message().payload()) instanceof io.ockamj.protocol.PortalMessage.Ping;
    } catch (io.ockamj.protocol.errors.DecodeException e) {
      ping = false;
    }
    if (!back.isEmpty() && ping) {
      node.context().send(back, io.ockamj.protocol.PortalMessage.DISCONNECT.encode())
        .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> "could not refuse a portal connection: " + err.getMessage()));
    }
  }

  private static boolean isLoopback(String hostPort) {
    String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /** @return the outlets started through this object, by address */
  public List<Outlet> outlets() {
    List<Outlet> out = new ArrayList<>();
    for (Outlet o : portals.outlets()) {
      if (outletTargets.containsKey(o.address())) {
        out.add(o);
      }
    }
    out.sort(Comparator.comparing(Outlet::address));
    return out;
  }

  /**
   * Stops an outlet and forgets it.
   *
   * @param address its address
   * @return a future completed when stopped; failed with {@link NodeException.Kind#NOT_FOUND}
   */
  public Future<Void> deleteOutlet(String address) {
    return deleteOutlet(address, true);
  }

  private Future<Void> deleteOutlet(String address, boolean unstore) {
    if (outletTargets.remove(address) == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "there is no outlet at '" + address + "'"));
    }
    Future<Void> stopped = portals.deleteOutlet(address).recover(err -> Future.succeededFuture());
    return unstore && store != null ? stopped.compose(v -> store.tcpOutlets().delete(node.name(), address)).mapEmpty() : stopped;
  }

  // ---- inlets

  /**
   * Starts an inlet: resolves its route (failing if the outlet cannot be reached within the timeout),
   * binds its listener, stores it and keeps it alive.
   *
   * @param alias the inlet's name, or {@code null} for a random one
   * @param bind {@code host:port} to listen on; port 0 picks a free port
   * @param outletRoute the route to the outlet, e.g. {@code /node/relay/service/forward_to_n1/secure/api/service/outlet}
   * @param authorized identities the outlet's node must prove in the route's secure channels (empty: any)
   * @param timeout how long building the route may take
   * @param waitConnection {@code true}: answer once the outlet answered (failing if it does not);
   *   {@code false}: answer at once, the inlet {@code DOWN} until its first attempt succeeds, retrying
   *   with back-off (Rust's {@code --no-connection-wait})
   * @return the inlet, {@code UP} (or not yet, without waiting); failed with a {@link NodeException} ({@code ALREADY_EXISTS} for an alias
   *   or port in use, {@code NOT_FOUND} for an unknown node, {@code INVALID} for a malformed route),
   *   a {@link io.ockamj.verticles.channel.ChannelException} or a timeout when the route does not work
   */
  public Future<InletStatus> createInlet(String alias, String bind, MultiAddr outletRoute, List<Identifier> authorized,
                                         Duration timeout, boolean waitConnection) {
    return createInlet(alias, bind, outletRoute, authorized, timeout, waitConnection, (String) null, null);
  }

  /**
   * Like {@link #createInlet(String, String, MultiAddr, List, Duration, boolean)}, the inlet's secure
   * channels proving another local identity.
   *
   * @param identity the name of a local identity, or {@code null} for the node's
   */
  public Future<InletStatus> createInlet(String alias, String bind, MultiAddr outletRoute, List<Identifier> authorized,
                                         Duration timeout, boolean waitConnection, String identity) {
    return createInlet(alias, bind, outletRoute, authorized, timeout, waitConnection, identity, null);
  }

  /**
   * Starts an inlet protected by a policy, as {@link #createInlet(String, String, MultiAddr, List, Duration, boolean)}.
   *
   * @param allow the inlet's policy (Rust's {@code --allow}), stored as its resource policy; or
   *   {@code null} for the type policy or the node's default
   */
  public Future<InletStatus> createInlet(String alias, String bind, MultiAddr outletRoute, List<Identifier> authorized,
                                         Duration timeout, boolean waitConnection, PolicyExpression allow) {
    return createInlet(alias, bind, outletRoute, authorized, timeout, waitConnection, null, allow);
  }

  /**
   * Starts an inlet whose secure channels prove a local identity, protected by a policy.
   *
   * @param identity the name of a local identity, or {@code null} for the node's
   * @param allow the inlet's policy, or {@code null}
   * @return the inlet
   */
  public Future<InletStatus> createInlet(String alias, String bind, MultiAddr outletRoute, List<Identifier> authorized,
                                         Duration timeout, boolean waitConnection, String identity, PolicyExpression allow) {
    String name = alias == null ? "inlet-" + HexFormat.of().formatHex(randomBytes(4)) : alias;
    if (!NodeManager.isValidName(name)) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "invalid inlet alias '" + name + "'"));
    }
    Future<Void> policy = allow == null ? Future.succeededFuture()
      : policies.set(PolicyRecord.Target.RESOURCE, name, allow).mapEmpty();
    return policy.compose(v -> policies.registerResource(name, ResourceType.TCP_INLET))
      .compose(v -> channelsOf(identity))
      .compose(ch -> startInlet(name, bind, outletRoute, authorized, timeout, waitConnection, identity, ch));
  }

  /** The channels proving a local identity: the node's own for {@code null}. */
  private Future<SecureChannels> channelsOf(String identity) {
    if (identity == null) {
      return Future.succeededFuture(channels);
    }
    if (identityChannels == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "this node cannot prove other identities"));
    }
    return identityChannels.apply(identity);
  }

  /**
   * Lets inlets prove other local identities.
   *
   * @param byName the channels proving a local identity, by its name
   */
  void identityChannels(java.util.function.Function<String, Future<SecureChannels>> byName) {
    this.identityChannels = byName;
  }

  private Future<InletStatus> startInlet(String name, String bind, MultiAddr outletRoute, List<Identifier> authorized,
                                         Duration timeout, boolean waitConnection, String identity, SecureChannels ch) {
    if (outletRoute.isEmpty()) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "the route to the outlet is empty"));
    }
    InletMonitor m = new InletMonitor(this, name, outletRoute, List.copyOf(authorized), timeout, !waitConnection, ch, identity);
    if (inlets.putIfAbsent(name, m) != null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS, "an inlet named '" + name + "' already exists"));
    }
    Future<Void> first;
    if (waitConnection) {
      first = m.start(bind == null ? DEFAULT_INLET_BIND : bind);
    } else {
      m.startInBackground(bind == null ? DEFAULT_INLET_BIND : bind);
      first = Future.succeededFuture();
    }
    return first
      .recover(err -> {
        inlets.remove(name, m);
        return m.close().transform(x -> Future.failedFuture(err));
      })
      .compose(v -> persist(() -> store.tcpInlets().store(new TcpInletRecord(node.name(), name, m.bindAddress(),
          outletRoute.toString(), inletConfig(authorized, identity), null)),
        () -> deleteInlet(name, false)))
      .map(v -> m.status());
  }

  private static JsonObject inletConfig(List<Identifier> authorized, String identity) {
    JsonObject c = new JsonObject().put("authorized", new JsonArray(authorized.stream().map(Identifier::toString).toList()));
    if (identity != null) {
      c.put("identity", identity);
    }
    return c;
  }

  /** @return the inlets, by alias */
  public List<InletStatus> inlets() {
    List<InletStatus> out = new ArrayList<>();
    for (InletMonitor m : inlets.values()) {
      out.add(m.status());
    }
    out.sort(Comparator.comparing(InletStatus::alias));
    return out;
  }

  /**
   * @param alias an inlet's alias
   * @return the inlet, or {@code null}
   */
  public InletStatus inlet(String alias) {
    InletMonitor m = inlets.get(alias);
    return m == null ? null : m.status();
  }

  /**
   * Stops an inlet (its listener, its portal connections, its secure channels) and forgets it.
   *
   * @param alias its alias
   * @return a future completed when stopped; failed with {@link NodeException.Kind#NOT_FOUND}
   */
  public Future<Void> deleteInlet(String alias) {
    return deleteInlet(alias, true);
  }

  private Future<Void> deleteInlet(String alias, boolean unstore) {
    InletMonitor m = inlets.remove(alias);
    if (m == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "there is no inlet named '" + alias + "'"));
    }
    Future<Void> stopped = m.close();
    return unstore && store != null ? stopped.compose(v -> store.tcpInlets().delete(node.name(), alias)).mapEmpty() : stopped;
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
    if (name == null || !NodeManager.isValidName(name)) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "invalid relay name '" + name + "'"));
    }
    ManagedRelay r = new ManagedRelay(name, at);
    if (relays.putIfAbsent(name, r) != null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS, "a relay named '" + name + "' already exists"));
    }
    // an unknown node or a malformed route fails at once rather than after retries
    Future<Void> checked = resolveNodes(at).compose(resolved -> {
      resolved.toTransportRoute();
      return Future.<Void>succeededFuture();
    });
    return checked.compose(v -> r.start()).compose(v -> r.firstUp(timeout))
      .recover(err -> {
        relays.remove(name, r);
        return r.close().transform(x -> Future.failedFuture(err));
      })
      .compose(v -> persist(() -> store.relays().store(new RelayRecord(node.name(), name, at.toString(), r.remoteAddress(),
        null, null)), () -> deleteRelay(name, false)))
      .map(v -> r.status());
  }

  /** @return the relays, by name */
  public List<RelayStatus> relays() {
    List<RelayStatus> out = new ArrayList<>();
    for (ManagedRelay r : relays.values()) {
      out.add(r.status());
    }
    out.sort(Comparator.comparing(RelayStatus::name));
    return out;
  }

  /**
   * @param name a relay name
   * @return the relay, or {@code null}
   */
  public RelayStatus relay(String name) {
    ManagedRelay r = relays.get(name);
    return r == null ? null : r.status();
  }

  /**
   * Stops keeping a relay alive (the relay node drops it when the connection closes) and forgets it.
   *
   * @param name the relay name
   * @return a future completed when stopped; failed with {@link NodeException.Kind#NOT_FOUND}
   */
  public Future<Void> deleteRelay(String name) {
    return deleteRelay(name, true);
  }

  private Future<Void> deleteRelay(String name, boolean unstore) {
    ManagedRelay r = relays.remove(name);
    if (r == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "there is no relay named '" + name + "'"));
    }
    Future<Void> stopped = r.close();
    return unstore && store != null ? stopped.compose(v -> store.relays().delete(node.name(), name)).mapEmpty() : stopped;
  }

  // ---- persistence

  private Future<Void> persist(java.util.function.Supplier<Future<?>> write, java.util.function.Supplier<Future<Void>> undo) {
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
    return store.tcpOutlets().list(me).compose(outlets -> {
      List<Future<?>> all = new ArrayList<>();
      for (TcpOutletRecord o : outlets) {
        all.add(startOutlet(o.workerAddress(), o.targetAddress()).onSuccess(x -> count[0]++)
          .onFailure(err -> LOG.log(System.Logger.Level.WARNING, "node " + me + " could not restore outlet " + o.alias() + ": " + err.getMessage())));
      }
      return Future.join(all).otherwiseEmpty();
    }).compose(v -> store.relays().list(me)).compose(stored -> {
      List<Future<?>> all = new ArrayList<>();
      for (RelayRecord rr : stored) {
        try {
          ManagedRelay r = new ManagedRelay(rr.name(), MultiAddr.parse(rr.atRoute()));
          if (relays.putIfAbsent(rr.name(), r) == null) {
            all.add(r.start().onSuccess(x -> count[0]++));
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "node " + me + " could not restore relay " + rr.name() + ": " + e.getMessage());
        }
      }
      return Future.join(all).otherwiseEmpty();
    }).compose(v -> store.tcpInlets().list(me)).map(stored -> {
      for (TcpInletRecord ir : stored) {
        try {
          List<Identifier> authorized = new ArrayList<>();
          for (Object o : ir.config().getJsonArray("authorized", new JsonArray())) {
            authorized.add(Identifier.parse(o.toString()));
          }
          String identity = ir.config().getString("identity");
          MultiAddr route = MultiAddr.parse(ir.outletRoute());
          List<Identifier> auth = List.copyOf(authorized);
          if (identity == null) {
            InletMonitor m = new InletMonitor(this, ir.alias(), route, auth, DEFAULT_CREATE_TIMEOUT, true);
            if (inlets.putIfAbsent(ir.alias(), m) == null) {
              m.startInBackground(ir.bindAddress());
              count[0]++;
            }
          } else {
            // the identity's channels are made first, in the background
            count[0]++;
            channelsOf(identity).onSuccess(ch -> {
              InletMonitor m = new InletMonitor(this, ir.alias(), route, auth, DEFAULT_CREATE_TIMEOUT, true, ch, identity);
              if (inlets.putIfAbsent(ir.alias(), m) == null) {
                m.startInBackground(ir.bindAddress());
              }
            }).onFailure(err -> LOG.log(System.Logger.Level.WARNING, "node " + me + " could not restore inlet " + ir.alias() + ": "
              + err.getMessage()));
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "node " + me + " could not restore inlet " + ir.alias() + ": " + e.getMessage());
        }
      }
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
    for (String a : List.copyOf(inlets.keySet())) {
      InletMonitor m = inlets.remove(a);
      if (m != null) {
        all.add(m.close());
      }
    }
    for (String n : List.copyOf(relays.keySet())) {
      ManagedRelay r = relays.remove(n);
      if (r != null) {
        all.add(r.close());
      }
    }
    outletTargets.clear();
    all.add(portals.close());
    return Future.join(all).<Void>mapEmpty().otherwiseEmpty();
  }

  // ---- routes

  /**
   * Replaces every {@code /node/NAME} component by that node's TCP listener from the store
   * ({@code /ip4/127.0.0.1/tcp/PORT}; a wildcard listener is reached on the loopback).
   *
   * @param addr a multiaddr
   * @return the multiaddr without node components; failed with {@link NodeException.Kind#NOT_FOUND}
   *   for an unknown node or one without a listener, {@code INVALID} when there is no store
   */
  Future<MultiAddr> resolveNodes(MultiAddr addr) {
    Future<List<MultiAddr.Component>> out = Future.succeededFuture(new ArrayList<>());
    for (MultiAddr.Component c : addr) {
      if (c.protocol() != MultiAddr.Protocol.NODE) {
        out = out.map(l -> {
          l.add(c);
          return l;
        });
        continue;
      }
      if (store == null) {
        return Future.failedFuture(new NodeException(NodeException.Kind.INVALID,
          "cannot resolve /node/" + c.value() + ": this node has no local state"));
      }
      out = out.compose(l -> store.nodes().get(c.value()).compose(found -> {
        if (found.isEmpty() || found.get().tcpListenerAddress() == null) {
          return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, found.isEmpty()
            ? "Unable to find node named " + c.value() : "node '" + c.value() + "' has no TCP listener"));
        }
        l.addAll(hostPort(found.get()).components());
        return Future.succeededFuture(l);
      }));
    }
    return out.map(MultiAddr::of);
  }

  private static MultiAddr hostPort(NodeRecord r) {
    String[] hp = TcpTransport.splitHostPort(r.tcpListenerAddress());
    String host = hp[0];
    if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
      host = "127.0.0.1";
    }
    MultiAddr.Protocol p = host.contains(":") ? MultiAddr.Protocol.IP6
      : host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+") ? MultiAddr.Protocol.IP4 : MultiAddr.Protocol.DNSADDR;
    return MultiAddr.of(MultiAddr.Component.of(p, host), MultiAddr.Component.tcp(Integer.parseInt(hp[1])));
  }

  /**
   * Channel options for a route: the given timeout, and the authorized identities as trust policy.
   */
  static SecureChannelOptions channelOptions(List<Identifier> authorized, Duration timeout) {
    SecureChannelOptions opts = new SecureChannelOptions().setTimeout(timeout).setConfirmed(true);
    if (!authorized.isEmpty()) {
      opts.setTrustPolicy(TrustPolicy.trustIdentifiers(authorized.toArray(new Identifier[0])));
    }
    return opts;
  }

  /** Closes channels, innermost first, ignoring failures. */
  Future<Void> closeChannels(List<SecureChannel> made) {
    return closeChannels(channels, made);
  }

  /** Closes channels of a factory, innermost first, ignoring failures. */
  Future<Void> closeChannels(SecureChannels of, List<SecureChannel> made) {
    List<Future<Void>> all = new ArrayList<>();
    for (int i = made.size() - 1; i >= 0; i--) {
      all.add(of.close(made.get(i).encryptor()).recover(err -> Future.succeededFuture()));
    }
    return Future.join(all).<Void>mapEmpty().otherwiseEmpty();
  }

  static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
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

  /** A relay session with the multiaddr it was created with. */
  private final class ManagedRelay {
    private final String name;
    private final MultiAddr at;
    private final Map<Route, List<SecureChannel>> opened = new ConcurrentHashMap<>();
    private volatile RelaySession session;
    private volatile String lastRemote;

    ManagedRelay(String name, MultiAddr at) {
      this.name = Objects.requireNonNull(name);
      this.at = Objects.requireNonNull(at);
    }

    Future<Void> start() {
      RelaySession.Connector connector = new RelaySession.Connector() {
        @Override
        public Future<Route> connect(Node n) {
          return resolveNodes(at).compose(resolved -> {
            boolean secure = resolved.components().stream().anyMatch(c -> c.protocol() == MultiAddr.Protocol.SECURE);
            if (!secure) {
              return RelaySession.Connector.of(resolved.toTransportRoute()).connect(n);
            }
            return channels.resolve(resolved, channelOptions(List.of(), DEFAULT_CREATE_TIMEOUT)).map(sr -> {
              opened.put(sr.route(), sr.channels());
              return sr.route();
            });
          });
        }

        @Override
        public Future<Void> disconnect(Node n, Route route) {
          List<SecureChannel> made = opened.remove(route);
          return made != null ? closeChannels(made) : RelaySession.Connector.super.disconnect(n, route);
        }
      };
      return RelaySession.start(node, connector, name, new RelaySessionOptions()).map(s -> {
        session = s;
        s.stateHandler(state -> {
          RemoteRelayInfo info = s.relay();
          if (state == RelaySession.State.UP && info != null && !info.remoteAddress().equals(lastRemote)) {
            lastRemote = info.remoteAddress();
            if (store != null && relays.get(name) == this) {
              store.relays().get(node.name(), name).compose(found -> found.isEmpty() ? Future.succeededFuture()
                  : store.relays().store(new RelayRecord(node.name(), name, found.get().atRoute(), lastRemote,
                    found.get().config(), found.get().createdAt())))
                .onFailure(err -> LOG.log(System.Logger.Level.DEBUG, () -> "relay " + name + ": not stored: " + err.getMessage()));
            }
          }
        });
        return null;
      });
    }

    /** Completes when the session is first up, fails when its first attempt fails or times out. */
    Future<Void> firstUp(Duration timeout) {
      RelaySession s = session;
      Promise<Void> p = Promise.promise();
      long timer = Timers.setTimer(node.vertx(), Math.max(1, timeout.toMillis()), id -> p.tryFail(new NodeException(NodeException.Kind.TIMEOUT,
        "the relay node at " + at + " did not confirm relay '" + name + "' within " + timeout.toMillis() + " ms")));
      s.whenUp().onSuccess(info -> p.tryComplete());
      s.whenState(RelaySession.State.DOWN).onSuccess(v -> p.tryFail(new NodeException(NodeException.Kind.IO,
        "could not register relay '" + name + "' at " + at + " (is the relay node running?)")));
      return p.future().andThen(ar -> node.vertx().cancelTimer(timer));
    }

    String remoteAddress() {
      RelaySession s = session;
      RemoteRelayInfo info = s == null ? null : s.relay();
      return info == null ? null : info.remoteAddress();
    }

    RelayStatus status() {
      RelaySession s = session;
      RemoteRelayInfo info = s == null ? null : s.relay();
      String state = s == null ? RelaySession.State.RECONNECTING.name() : s.state().name();
      return new RelayStatus(name, at.toString(), state, info == null ? null : info.remoteAddress(),
        info == null ? null : info.forwardingRoute().toString());
    }

    Future<Void> close() {
      RelaySession s = session;
      return s == null ? Future.succeededFuture() : s.close().otherwiseEmpty();
    }
  }
}
