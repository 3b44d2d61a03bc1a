package io.ockamj.verticles.relay;

import io.ockamj.node.AccessControls;
import io.ockamj.node.Mailbox;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalInfo;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The relay service of a node (protocol §8.1): one worker at {@code forwarding_service} with the
 * alias {@code static_forwarding_service}.
 * <p>
 * A registration is a BARE string: {@code "register"} asks for a random name, anything else is the
 * requested name. The service starts a relay worker at {@code forward_to_<name>} whose forward route
 * is the registration's return route; the relay answers the registrant with the BARE string of its
 * address (onward: the full return route, return: the relay address), then drops the last hop of the
 * route and carries every message sent to it back along the rest: it pops itself off the onward
 * route, prepends the forward route and leaves the return route alone.
 * <p>
 * Differences from Rust Ockam, all on the service side (the wire format is unchanged):
 * <ul>
 *   <li><b>Re-registration replaces the route in place</b> (as the Orchestrator does, §8.3) instead
 *   of failing, so a node that reconnects gets its relay back and anyone who knows the relay address
 *   reaches it again. A confirmation is sent along the new route.</li>
 *   <li><b>Ownership.</b> A registration that arrives through a secure channel carries its sender's
 *   identifier (local info {@link SecureChannels#IDENTITY_LOCAL_INFO}); the relay then belongs to
 *   that identity. While the relay lives, a registration of the same name from any other identity,
 *   or from no identity (plain TCP), is <b>refused</b>: it is logged as a warning, counted in
 *   {@link #refusals()}, the relay is left untouched and no reply is sent, so the registrant's
 *   request times out. A relay registered without a secure channel has no owner and anyone may
 *   register its name again (plain TCP proves nothing about who asks); the new registrant becomes
 *   the owner.</li>
 *   <li><b>Dead relays are removed.</b> When the first hop of a relay's route (the TCP connection or
 *   secure channel it was registered through) is no longer registered in the node, the relay is
 *   stopped and its name is free again. The service checks every
 *   {@link RelayServiceOptions#getDeadRelayCheckIntervalMs()} and whenever forwarding fails.</li>
 * </ul>
 * Requests with an empty name, a name too long for an address, a payload that is not a BARE string
 * or an empty return route are refused the same way.
 * <p>
 * This runtime has no flow control, so the service makes none of the flow-control links of §3.6 and
 * takes no authority checks (Rust's {@code ockam-relay} attribute): the node's access controls decide
 * who reaches the service.
 */
public final class RelayService {

  private static final System.Logger LOG = System.getLogger(RelayService.class.getName());
  /** The well-known address of the relay service. */
  public static final String DEFAULT_ADDRESS = "forwarding_service";
  /** The well-known alias of the relay service used for named ("static") relays. */
  public static final String STATIC_ADDRESS = "static_forwarding_service";
  /** The prefix of relay addresses. */
  public static final String DEFAULT_PREFIX = "forward_to_";
  /** The registration payload asking for a random name. */
  public static final String REGISTER = "register";
  private static final int MAX_PAYLOAD_NAME = Address.MAX_INNER_LENGTH;

  private final Node node;
  private final RelayServiceOptions options;
  private final Address address;
  private final Map<Address, RelayWorker> relays = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();
  private final LongAdder removed = new LongAdder();
  private final LongAdder replaced = new LongAdder();

  private RelayService(Node node, RelayServiceOptions options) {
    this.node = node;
    this.options = new RelayServiceOptions(options);
    this.address = Address.local(this.options.getAddress());
  }

  /**
   * Starts a relay service with the default options.
   *
   * @param node the node
   * @return the running service
   */
  public static Future<RelayService> start(Node node) {
    return start(node, new RelayServiceOptions());
  }

  /**
   * Starts a relay service.
   *
   * @param node the node
   * @param options its addresses, prefix and checks
   * @return the running service, failed if one of its addresses is taken
   */
  public static Future<RelayService> start(Node node, RelayServiceOptions options) {
    RelayService service = new RelayService(node, options);
    WorkerOptions wo = new WorkerOptions()
      .addMailbox(new Mailbox(service.address, AccessControls.ALLOW_ALL_INCOMING, AccessControls.DENY_ALL_OUTGOING));
    for (String alias : service.options.getAliases()) {
      wo.addMailbox(new Mailbox(Address.local(alias), AccessControls.ALLOW_ALL_INCOMING, AccessControls.DENY_ALL_OUTGOING));
    }
    for (Mailbox m : wo.getMailboxes()) {
      service.makeReachable(m.address());
    }
    return node.startWorker(wo, service.new ServiceWorker()).map(v -> service);
  }

  // the service and its relays take registrations and traffic from TCP peers and secure channels
  private void makeReachable(Address a) {
    node.flowControls().addConsumer(a, node.tcpListenerFlowControlId());
    node.flowControls().addConsumer(a, node.secureChannelFlowControlId());
  }

  /**
   * @param node a node
   * @return the relay service running in it (the first started if several), or {@code null}
   */
  public static RelayService of(Node node) {
    return NodeInternal.of(node).component(RelayService.class);
  }

  private volatile java.util.function.Function<String, io.ockamj.node.IncomingAccessControl> relayAccessControl =
    address -> AccessControls.ALLOW_ALL_INCOMING;

  /**
   * Sets the incoming access control of the relays created from now on (ours; Rust relays admit
   * whatever their flow control admits). The node manager sets one that applies the policy of each
   * relay's address.
   *
   * @param factory from a relay address (e.g. {@code forward_to_n1}) to its access control
   */
  public void setRelayAccessControl(java.util.function.Function<String, io.ockamj.node.IncomingAccessControl> factory) {
    this.relayAccessControl = java.util.Objects.requireNonNull(factory);
  }

  io.ockamj.node.IncomingAccessControl relayAccessControl(Address address) {
    return relayAccessControl.apply(address.innerText());
  }

  /** @return the node the service runs in */
  public Node node() {
    return node;
  }

  /** @return the service's primary address */
  public Address address() {
    return address;
  }

  /** @return a copy of the options */
  public RelayServiceOptions options() {
    return new RelayServiceOptions(options);
  }

  /** @return the running relays, sorted by address */
  public List<RelayInfo> relays() {
    List<RelayInfo> out = new ArrayList<>();
    for (RelayWorker r : relays.values()) {
      out.add(r.info());
    }
    out.sort(Comparator.comparing(RelayInfo::address));
    return out;
  }

  /**
   * @param name a registered name (without the prefix)
   * @return the relay, or {@code null}
   */
  public RelayInfo relay(String name) {
    RelayWorker r = relays.get(Address.local(options.getPrefix() + name));
    return r == null ? null : r.info();
  }

  /** @return how many registrations were refused (name owned by another identity, invalid request) */
  public long refusals() {
    return refused.sum();
  }

  /** @return how many registrations replaced the route of an existing relay */
  public long replacements() {
    return replaced.sum();
  }

  /** @return how many relays were removed because their route was dead */
  public long removals() {
    return removed.sum();
  }

  /**
   * Stops the service and all its relays.
   *
   * @return a future completed when stopped
   */
  public Future<Void> stop() {
    return node.stopWorker(address);
  }

  void stopped(RelayWorker relay) {
    relays.remove(relay.address, relay);
  }

  /** Removes a relay whose route's first hop is gone; safe from any thread. */
  void checkRelay(RelayWorker relay) {
    Address anchor = relay.anchor();
    if (!anchor.isLocal() || node.isRegistered(anchor)) {
      return;
    }
    if (relays.remove(relay.address, relay)) {
      removed.increment();
      LOG.log(System.Logger.Level.INFO, "removing relay " + relay.address + ": the first hop " + anchor
        + " of its route is gone (connection or channel closed)");
      node.stopWorker(relay.address);
    }
  }

  private void checkAll() {
    for (RelayWorker r : relays.values()) {
      checkRelay(r);
    }
  }

  private void refuse(String reason) {
    refused.increment();
    LOG.log(System.Logger.Level.WARNING, "relay registration refused: " + reason);
  }

  /** The identifier a secure channel attached to the message, {@code null} if it carries none. */
  private static String identityOf(LocalMessage m) {
    LocalInfo info = m.findLocalInfo(SecureChannels.IDENTITY_LOCAL_INFO);
    return info == null ? null : BareReader.decodeString(info.data(), MAX_PAYLOAD_NAME);
  }

  private final class ServiceWorker implements Worker {
    private long timer = -1;

    @Override
    public Future<Void> initialize(NodeContext context) {
      NodeInternal.of(node).component(RelayService.class, () -> RelayService.this);
      timer = context.vertx().setPeriodic(options.getDeadRelayCheckIntervalMs(), id -> checkAll());
      return Future.succeededFuture();
    }

    @Override
    public Future<Void> handleMessage(NodeContext context, Routed message) {
      String requested;
      String owner;
      try {
        requested = BareReader.decodeString(message.payload(), MAX_PAYLOAD_NAME);
        owner = identityOf(message.message());
      } catch (RuntimeException e) {
        refuse("the request is not a BARE string: " + e.getMessage());
        return Future.succeededFuture();
      }
      Route returnRoute = message.returnRoute();
      String name = REGISTER.equals(requested) ? Address.randomLocal().innerText() : requested;
      String relayText = options.getPrefix() + name;
      if (name.isEmpty()) {
        refuse("empty relay name");
        return Future.succeededFuture();
      }
      if (relayText.getBytes(StandardCharsets.UTF_8).length > Address.MAX_INNER_LENGTH) {
        refuse("relay name too long (" + name.length() + " characters)");
        return Future.succeededFuture();
      }
      if (returnRoute.isEmpty()) {
        refuse("relay '" + name + "': the request has no return route");
        return Future.succeededFuture();
      }
      Address relayAddress = Address.local(relayText);
      RelayWorker found = relays.get(relayAddress);
      if (found != null) {
        checkRelay(found);
      }
      RelayWorker existing = relays.get(relayAddress);
      if (existing != null) {
        String current = existing.owner();
        if (current != null && !current.equals(owner)) {
          refuse("relay " + relayAddress + " belongs to identity " + current + "; the request came "
            + (owner == null ? "without a secure channel" : "from identity " + owner));
          return Future.succeededFuture();
        }
        replaced.increment();
        LOG.log(System.Logger.Level.INFO, "relay " + relayAddress + " registered again: route " + returnRoute + " replaces "
          + existing.info().forwardRoute());
        return existing.replace(returnRoute, owner).recover(err -> {
          LOG.log(System.Logger.Level.DEBUG, () -> "relay " + relayAddress + ": could not confirm the new route: " + err.getMessage());
          checkRelay(existing);
          return Future.succeededFuture();
        });
      }
      RelayWorker relay = new RelayWorker(RelayService.this, relayAddress, name, returnRoute, owner,
        BareWriter.encodeString(relayText));
      relays.put(relayAddress, relay);
      return context.startWorker(relay.workerOptions(), relay)
        .onSuccess(v -> makeReachable(relayAddress))
        .onSuccess(v -> LOG.log(System.Logger.Level.INFO, "relay " + relayAddress + " created for " + returnRoute
          + (owner == null ? "" : " (owner " + owner + ")")))
        .recover(err -> {
          relays.remove(relayAddress, relay);
          refuse("relay " + relayAddress + " could not start: " + err.getMessage());
          return Future.succeededFuture();
        });
    }

    @Override
    public Future<Void> shutdown(NodeContext context) {
      if (timer >= 0) {
        context.vertx().cancelTimer(timer);
      }
      NodeInternal.of(node).removeComponent(RelayService.class, RelayService.this);
      List<Future<Void>> stops = new ArrayList<>();
      for (RelayWorker r : relays.values()) {
        stops.add(node.stopWorker(r.address).recover(err -> Future.succeededFuture()));
      }
      relays.clear();
      return Future.join(stops).mapEmpty();
    }
  }
}
