package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Method;
import io.ockamj.verticles.portal.Outlet;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code /node/outlet} and {@code /node/inlet} requests of the node-manager API, sent through a
 * {@link NodeManagerClient}: the portals a node runs for the CLI (stored by the node if it has a store).
 */
public final class PortalApi {

  private final NodeManagerClient api;

  /**
   * @param api the client to send through
   */
  public PortalApi(NodeManagerClient api) {
    this.api = api;
  }

  /**
   * {@code POST /node/outlet}: starts an outlet (stored by the node if it has a store).
   *
   * @param address the outlet's address on the node, or {@code null} for {@code outlet}
   * @param target the {@code host:port} it connects to
   * @return the outlet
   */
  public Future<Outlet> createOutlet(String address, String target) {
    return createOutlet(address, target, null);
  }

  /**
   * {@code POST /node/outlet} with a policy (Rust's {@code --allow}).
   *
   * @param address the outlet's address on the node, or {@code null} for {@code outlet}
   * @param target the {@code host:port} it connects to
   * @param allow the outlet's policy, or {@code null}
   * @return the outlet
   */
  public Future<Outlet> createOutlet(String address, String target, String allow) {
    return createOutlet(address, target, allow, false);
  }

  /**
   * {@code POST /node/outlet} with a policy and Rust's {@code tls} field of {@code CreateOutlet}.
   *
   * @param address the outlet's address on the node, or {@code null} for {@code outlet}
   * @param target the {@code host:port} it connects to
   * @param allow the outlet's policy, or {@code null}
   * @param tls whether the outlet connects to its target with TLS
   * @return the outlet
   */
  public Future<Outlet> createOutlet(String address, String target, String allow, boolean tls) {
    Map<String, Object> body = Bodies.map("to", target, "address", address, "allow", allow);
    if (tls) {
      body.put("tls", true);
    }
    return api.call(Method.POST, "/node/outlet", body).map(Bodies::outlet);
  }

  /**
   * {@code GET /node/outlet}.
   *
   * @return the outlets created through the API
   */
  public Future<List<Outlet>> outlets() {
    return api.get("/node/outlet", b -> NodeManagerClient.list(b, Bodies::outlet));
  }

  /**
   * {@code GET /node/outlet/ADDRESS}.
   *
   * @param address the outlet address
   * @return the outlet; failed with {@link NodeManagerException} {@code NOT_FOUND} if there is none
   */
  public Future<Outlet> outlet(String address) {
    return api.get("/node/outlet/" + address, Bodies::outlet);
  }

  /**
   * {@code DELETE /node/outlet/ADDRESS}.
   *
   * @param address the outlet address
   * @return a future completed when the node stopped and forgot it
   */
  public Future<Void> deleteOutlet(String address) {
    return api.call(Method.DELETE, "/node/outlet/" + address, null).mapEmpty();
  }

  /**
   * {@code POST /node/inlet}: starts an inlet; the node resolves the route (opening its secure channels)
   * before it answers.
   *
   * @param alias the inlet's name, or {@code null} for a random one
   * @param from {@code host:port} to listen on (port 0: any), or {@code null} for {@code 127.0.0.1:0}
   * @param to the route to the outlet, e.g. {@code /node/relay/service/forward_to_n1/secure/api/service/outlet}
   * @param authorized identities the outlet's node must prove (empty: any)
   * @param timeout how long the node may take to build the route (the client waits this plus its own timeout)
   * @return the inlet with its actual address
   */
  public Future<InletStatus> createInlet(String alias, String from, MultiAddr to, List<Identifier> authorized, Duration timeout) {
    return createInlet(alias, from, to, authorized, timeout, true);
  }

  /**
   * {@code POST /node/inlet}, optionally without waiting for the outlet (Rust's {@code --no-connection-wait}).
   *
   * @param alias the inlet's name, or {@code null} for a random one
   * @param from {@code host:port} to listen on (port 0: any), or {@code null} for {@code 127.0.0.1:0}
   * @param to the route to the outlet
   * @param authorized identities the outlet's node must prove (empty: any)
   * @param timeout how long the node may take to build the route
   * @param waitConnection {@code false}: the node answers at once and reaches the outlet in the background
   * @return the inlet
   */
  public Future<InletStatus> createInlet(String alias, String from, MultiAddr to, List<Identifier> authorized, Duration timeout,
                                         boolean waitConnection) {
    return createInlet(alias, from, to, authorized, timeout, waitConnection, null, null);
  }

  /**
   * {@code POST /node/inlet} of an inlet whose secure channels prove another local identity of the
   * node, protected by a policy (Rust's {@code --allow}).
   *
   * @param alias the inlet's alias, or {@code null} for a generated one
   * @param from the address to bind, or {@code null} for the default
   * @param to the route to the outlet
   * @param authorized identities the outlet's node must prove (empty: any)
   * @param timeout how long the node may take to build the route
   * @param waitConnection whether to answer only once the route works
   * @param identity the name of the local identity to prove, or {@code null} for the node's
   * @param allow the inlet's policy, or {@code null}
   * @return the inlet
   */
  public Future<InletStatus> createInlet(String alias, String from, MultiAddr to, List<Identifier> authorized, Duration timeout,
                                         boolean waitConnection, String identity, String allow) {
    return createInlet(alias, from, to, authorized, timeout, waitConnection, identity, allow, Map.of());
  }

  /**
   * {@code POST /node/inlet} as {@link #createInlet(String, String, MultiAddr, List, Duration, boolean, String, String)},
   * some secure channels of the route checking an identity of their own ({@code channel_authorized}):
   * the channel to a project's node its identity, while {@code authorized} applies to the others.
   *
   * @param alias the inlet's alias, or {@code null} for a generated one
   * @param from the address to bind, or {@code null} for the default
   * @param to the route to the outlet
   * @param authorized identities the other channels accept (empty: any)
   * @param timeout how long the node may take to build the route
   * @param waitConnection whether to answer only once the route works
   * @param identity the name of the local identity to prove, or {@code null} for the node's
   * @param allow the inlet's policy, or {@code null}
   * @param channelAuthorized by position among the route's {@code /secure/} components (0: the first),
   *                          the only identity that channel accepts
   * @return the inlet
   */
  public Future<InletStatus> createInlet(String alias, String from, MultiAddr to, List<Identifier> authorized, Duration timeout,
                                         boolean waitConnection, String identity, String allow,
                                         Map<Integer, Identifier> channelAuthorized) {
    List<String> a = authorized.stream().map(Identifier::toString).toList();
    Map<String, Object> body = Bodies.map("alias", alias, "from", from, "to", to.toString(), "authorized", a,
      "timeout_ms", timeout.toMillis(), "no_connection_wait", !waitConnection, "allow", allow);
    if (identity != null) {
      body.put("identity", identity);
    }
    if (!channelAuthorized.isEmpty()) {
      Map<String, Object> ch = new java.util.LinkedHashMap<>();
      new java.util.TreeMap<>(channelAuthorized).forEach((i, id) -> ch.put(String.valueOf(i), id.toString()));
      body.put("channel_authorized", ch);
    }
    return api.call(Method.POST, "/node/inlet", body).map(Bodies::inlet);
  }

  /**
   * {@code GET /node/inlet}.
   *
   * @return the inlets
   */
  public Future<List<InletStatus>> inlets() {
    return api.get("/node/inlet", b -> NodeManagerClient.list(b, Bodies::inlet));
  }

  /**
   * {@code GET /node/inlet/ALIAS}.
   *
   * @param alias the inlet alias
   * @return the inlet; failed with {@link NodeManagerException} {@code NOT_FOUND} if there is none
   */
  public Future<InletStatus> inlet(String alias) {
    return api.get("/node/inlet/" + alias, Bodies::inlet);
  }

  /**
   * {@code DELETE /node/inlet/ALIAS}.
   *
   * @param alias the inlet alias
   * @return a future completed when the node stopped and forgot it
   */
  public Future<Void> deleteInlet(String alias) {
    return api.call(Method.DELETE, "/node/inlet/" + alias, null).mapEmpty();
  }
}
