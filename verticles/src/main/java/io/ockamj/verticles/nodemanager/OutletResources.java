package io.ockamj.verticles.nodemanager;

import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.store.PolicyRecord;
import io.ockamj.store.Store;
import io.ockamj.store.TcpOutletRecord;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.ResourceType;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.portal.OutletOptions;
import io.ockamj.verticles.portal.Portals;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TCP outlets of a {@link NodeResources}: started, stored, listed, restored and deleted. They
 * accept portal connections from the node's secure channels and from any peer of its TCP listener.
 */
final class OutletResources {

  private static final System.Logger LOG = System.getLogger(NodeResources.class.getName());

  private final NodeResources owner;
  private final Node node;
  private final Store store;
  private final Policies policies;
  private final Portals portals;
  private final Map<String, String> outletTargets = new ConcurrentHashMap<>();

  OutletResources(NodeResources owner, Node node, Store store, Policies policies, Portals portals) {
    this.owner = owner;
    this.node = node;
    this.store = store;
    this.policies = policies;
    this.portals = portals;
  }

  /** See {@link NodeResources#createOutlet(String, String, PolicyExpression, boolean)}. */
  Future<Outlet> create(String address, String target, PolicyExpression allow, boolean tls) {
    Future<Void> policy = allow == null ? Future.succeededFuture()
      : policies.set(PolicyRecord.Target.RESOURCE, address, allow).mapEmpty();
    return policy.compose(p -> policies.registerResource(address, ResourceType.TCP_OUTLET))
      .compose(p -> start(address, target, tls)).compose(info -> owner.persist(
      () -> store.tcpOutlets().store(new TcpOutletRecord(node.name(), address, target, address,
        tls ? new io.vertx.core.json.JsonObject().put("tls", true) : null, null)),
      () -> delete(address, false)).map(info));
  }

  private Future<Outlet> start(String address, String target, boolean tls) {
    try {
      Address.local(address);
    } catch (RuntimeException e) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "invalid outlet address '" + address + "'"));
    }
    // no authority (credentials and policies come with one): reachable through the node's secure
    // channels and from its TCP listener's peers
    OutletOptions options = new OutletOptions()
      .setTls(tls)
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
  List<Outlet> list() {
    List<Outlet> out = new ArrayList<>();
    for (Outlet o : portals.outlets()) {
      if (outletTargets.containsKey(o.address())) {
        out.add(o);
      }
    }
    out.sort(Comparator.comparing(Outlet::address));
    return out;
  }

  /** Stops an outlet and forgets it; {@code unstore}: deletes its stored row too. */
  Future<Void> delete(String address, boolean unstore) {
    if (outletTargets.remove(address) == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "there is no outlet at '" + address + "'"));
    }
    Future<Void> stopped = portals.deleteOutlet(address).recover(err -> Future.succeededFuture());
    return unstore && store != null ? stopped.compose(v -> store.tcpOutlets().delete(node.name(), address)).mapEmpty() : stopped;
  }

  /**
   * Starts the outlets stored for this node; one that cannot start is logged and skipped.
   *
   * @param count incremented for every outlet restored
   */
  Future<Void> restore(int[] count) {
    String me = node.name();
    return store.tcpOutlets().list(me).compose(outlets -> {
      List<Future<?>> all = new ArrayList<>();
      for (TcpOutletRecord o : outlets) {
        all.add(start(o.workerAddress(), o.targetAddress(), o.config().getBoolean("tls", false)).onSuccess(x -> count[0]++)
          .onFailure(err -> LOG.log(System.Logger.Level.WARNING, "node " + me + " could not restore outlet " + o.alias() + ": " + err.getMessage())));
      }
      return Future.join(all).otherwiseEmpty();
    }).mapEmpty();
  }

  /** Forgets every outlet (the portals stop them). */
  void clear() {
    outletTargets.clear();
  }
}
