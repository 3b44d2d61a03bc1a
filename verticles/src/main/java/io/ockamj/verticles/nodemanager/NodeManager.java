package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.AccessControls;
import io.ockamj.node.IncomingAccessControl;
import io.ockamj.node.Mailbox;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalInfo;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.ResourceType;
import io.ockamj.verticles.relay.RelayService;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node-manager of a node: runs the {@value #ADDRESS} worker that answers API requests about the
 * node (paths of protocol reference §13: {@code /node}, {@code /node/workers}, {@code /node/tcp/listener},
 * {@code /node/tcp/connection}, {@code /node/secure_channel_listener}, {@code /node/secure_channel},
 * {@code /node/services}, {@code /node/outlet[/ADDRESS]}, {@code /node/inlet[/ALIAS]},
 * {@code /node/relay[/NAME]}), keeps track of the node's secure channel listeners, and runs the
 * outlets, inlets and relays created through the API ({@link #resources()}).
 * <p>
 * <b>Security.</b> The worker's incoming access control admits a message only if it came out of a
 * secure channel (it carries {@link SecureChannels#IDENTITY_LOCAL_INFO}) whose verified peer is one of
 * the {@linkplain NodeManagerOptions#getAdmins() administrators}. Anything else (a request over plain
 * TCP, through a channel of another identity, from a local worker) is dropped without an answer and
 * counted ({@link #refused()} and the node's {@code deniedIncoming} metric): the API does not reveal
 * itself to strangers. Listeners created through the manager always trust the administrators, so
 * that a restrictive listener cannot lock them out.
 */
public final class NodeManager {

  /** The worker's address, as in Rust Ockam. */
  public static final String ADDRESS = "_internal.nodemanager";

  private static final System.Logger LOG = System.getLogger(NodeManager.class.getName());

  private final Node node;
  private final SecureChannels channels;
  private final Set<String> admins;
  private final Map<String, SecureChannelListenerInfo> listeners = new ConcurrentHashMap<>();
  private final io.ockamj.store.Store store;
  private final Map<String, Future<SecureChannels>> otherChannels = new ConcurrentHashMap<>();
  private final LongAdder refused = new LongAdder();
  private final Set<String> serviceConsumers = new java.util.concurrent.CopyOnWriteArraySet<>(List.of(ADDRESS, "echo", "uppercase"));
  private final long startedAt = System.currentTimeMillis();
  private NodeResources resources;
  private Policies policies;
  private Future<IdentityManager> identities;

  private NodeManager(Node node, SecureChannels channels, NodeManagerOptions options) {
    this.node = node;
    this.channels = channels;
    Set<String> a = new LinkedHashSet<>();
    for (Identifier id : options.getAdmins()) {
      a.add(id.toString());
    }
    this.admins = Set.copyOf(a);
    this.store = options.getStore();
  }

  /**
   * Starts the node manager of a node.
   *
   * @param node the node
   * @param channels the node's secure channels (its identity)
   * @param options the administrators
   * @return the manager once its worker runs; failed with {@link NodeException} if the address is taken
   */
  public static Future<NodeManager> start(Node node, SecureChannels channels, NodeManagerOptions options) {
    NodeManager m = new NodeManager(node, channels, new NodeManagerOptions(options));
    WorkerOptions wo = new WorkerOptions()
      .addMailbox(new Mailbox(Address.local(ADDRESS), m.accessControl(), AccessControls.ALLOW_ALL_OUTGOING));
    Set<String> authorities = new LinkedHashSet<>();
    options.getAuthorities().forEach(a -> authorities.add(a.toString()));
    m.policies = Policies.create(node, channels, options.getStore(), authorities);
    RelayService relayService = RelayService.of(node);
    if (relayService != null) {
      // ours: each relay of this node's relay service obeys the policy of its address (type relay)
      relayService.setRelayAccessControl(address -> m.policies.incoming(address, ResourceType.RELAY));
    }
    return NodeResources.start(node, channels, options.getStore(), m.policies).compose(r -> {
      m.resources = r;
      r.identityChannels(name -> m.channelsFor(name, null));
      // reachable only through secure channels of the node's default listener; the access control
      // then checks that the peer is an administrator
      node.flowControls().addConsumer(Address.local(ADDRESS), node.secureChannelFlowControlId());
      return node.startWorker(wo, new NodeManagerWorker(m)).recover(err -> r.close().transform(x -> Future.failedFuture(err)));
    }).map(v -> m);
  }

  private IncomingAccessControl accessControl() {
    return m -> {
      LocalInfo info = m.message().findLocalInfo(SecureChannels.IDENTITY_LOCAL_INFO);
      boolean ok = false;
      String who = null;
      if (info != null) {
        try {
          who = BareReader.decodeString(info.data(), 200);
          ok = admins.contains(who);
        } catch (DecodeException e) {
          ok = false;
        }
      }
      if (!ok) {
        refused.increment();
        String from = who == null ? "outside a secure channel" : "through a secure channel from " + who;
        // the first refusal at INFO, the rest at DEBUG: strangers must not be able to flood the log
        LOG.log(refused.sum() == 1 ? System.Logger.Level.INFO : System.Logger.Level.DEBUG,
          "node manager of " + node.name() + " refused a request " + from);
      }
      return AccessControls.decision(ok);
    };
  }

  /** @return the node */
  public Node node() {
    return node;
  }

  /** @return the node's ABAC policies */
  public Policies policies() {
    return policies;
  }

  /** @return the node's secure channels */
  public SecureChannels channels() {
    return channels;
  }

  /**
   * @return the outlets, inlets and relays this manager runs; call {@link NodeResources#restore()}
   *   once the node is stored to re-create those of a previous run
   */
  public NodeResources resources() {
    return resources;
  }

  /**
   * @param name a proposed alias or relay name
   * @return whether it is 1 to 64 letters, digits, {@code _ . -}, starting with a letter or digit
   */
  static boolean isValidName(String name) {
    return name != null && name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
  }

  /** @return the administrators' identifiers */
  public Set<String> admins() {
    return admins;
  }

  /** @return how many messages the access control dropped */
  public long refused() {
    return refused.sum();
  }

  /** @return when the manager started, in epoch milliseconds */
  public long startedAt() {
    return startedAt;
  }

  /**
   * Sets what every listener created by {@link #createSecureChannelListener} starts from: for
   * example the authorities whose credentials peers present and where their attributes go.
   *
   * @param base the options (copied); their trust policy is replaced by the listener's
   */
  public void setListenerOptions(SecureChannelOptions base) {
    this.listenerBase = new SecureChannelOptions(base);
  }

  private SecureChannelOptions listenerBase = new SecureChannelOptions();

  /**
   * Starts a secure channel listener and records it for {@code GET /node/secure_channel_listener}.
   *
   * @param address the listener address
   * @param trusted the identifiers to accept channels from; empty for any identity that proves itself.
   *     The administrators are always accepted.
   * @return a future completed when the listener runs; failed with {@link NodeException} of kind
   *     {@code ALREADY_EXISTS} if the address is taken
   */
  public Future<Void> createSecureChannelListener(String address, List<Identifier> trusted) {
    return createSecureChannelListener(address, trusted, null);
  }

  /**
   * Starts a secure channel listener that proves a given identity, and records it.
   *
   * @param address the listener address
   * @param trusted the identifiers to accept channels from; empty for any identity that proves itself.
   *     The administrators are always accepted.
   * @param identityName the name of a local identity to prove instead of the node's, or {@code null}
   * @return a future completed when the listener runs; failed with {@link NodeException} of kind
   *     {@code ALREADY_EXISTS} if the address is taken, {@code NOT_FOUND} if there is no such identity
   */
  public Future<Void> createSecureChannelListener(String address, List<Identifier> trusted, String identityName) {
    if (node.isRegistered(Address.local(address))) {
      return Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS, "address " + address + " is already in use"));
    }
    TrustPolicy policy = TrustPolicy.trustEveryone();
    List<String> names = new ArrayList<>();
    if (!trusted.isEmpty()) {
      Set<Identifier> ids = new LinkedHashSet<>(trusted);
      for (String a : admins) {
        ids.add(Identifier.parse(a));
      }
      policy = TrustPolicy.trustIdentifiers(ids.toArray(new Identifier[0]));
      for (Identifier id : trusted) {
        names.add(id.toString());
      }
    }
    SecureChannelListenerInfo recorded = new SecureChannelListenerInfo(address, names, identityName);
    SecureChannelOptions options = new SecureChannelOptions(listenerBase).setTrustPolicy(policy)
      .setAdmission(channel -> admit(address, channel));
    return channelsFor(identityName).compose(ch -> ch.createListener(address, options)
      .onSuccess(v -> {
        listeners.put(address, recorded);
        // as for the default listener: the node manager and the harmless services answer through it
        ch.listenerFlowControlId(address).ifPresent(flow -> {
          for (String service : serviceConsumers) {
            node.flowControls().addConsumer(Address.local(service), flow);
          }
        });
      }));
  }

  /** The node's channels, or channels proving another local identity. */
  private Future<SecureChannels> channelsFor(String identityName) {
    return channelsFor(identityName, null);
  }

  /**
   * The channels that prove a local identity and present a credential: the node's own when both are
   * {@code null}; others are made once and kept, and their channels are listed with the node's.
   *
   * @param identityName a local identity's name, or {@code null} for the node's identity
   * @param credential a credential to present, or {@code null}
   * @return the channel factory
   */
  Future<SecureChannels> channelsFor(String identityName, CredentialAndPurposeKey credential) {
    if (identityName == null && credential == null) {
      return Future.succeededFuture(channels);
    }
    String key = identityName + "|" + (credential == null ? "" : java.util.HexFormat.of().formatHex(credential.encode()));
    Future<SecureChannels> known = otherChannels.get(key);
    if (known != null) {
      return known;
    }
    List<CredentialAndPurposeKey> presented = credential == null ? List.of() : List.of(credential);
    Future<ChannelIdentity> who;
    if (identityName == null) {
      ChannelIdentity own = channels.identity();
      who = Future.succeededFuture(new ChannelIdentity(own.identity(), own.secureChannelKey(), own.vault(), presented));
    } else if (store == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "this node has no store to load identity " + identityName + " from"));
    } else {
      who = identities()
        .compose(m -> m.get(identityName).compose(found -> found.isPresent() ? m.loadSecureChannelKey(identityName)
          : Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no identity named '" + identityName + "'"))))
        .map(li -> new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), presented));
    }
    Future<SecureChannels> made = who.map(ci -> SecureChannels.create(node, ci));
    otherChannels.put(key, made);
    return made.onFailure(err -> otherChannels.remove(key, made));
  }

  /**
   * The identities of the node's store, opened once: the vaults it opens hold the keys of channels
   * the node runs, so it stays open while the node runs.
   *
   * @return the identity manager; failed if the node has no store
   */
  synchronized Future<IdentityManager> identities() {
    if (store == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "this node has no store to load identities from"));
    }
    if (identities == null || identities.failed()) {
      identities = IdentityManager.open(node.vertx(), store);
    }
    return identities;
  }

  /** @return the secure channels of this node: its own and those proving other identities or credentials */
  public List<io.ockamj.verticles.channel.SecureChannel> allSecureChannels() {
    List<io.ockamj.verticles.channel.SecureChannel> out = new ArrayList<>(channels.list());
    for (Future<SecureChannels> f : otherChannels.values()) {
      if (f.succeeded()) {
        out.addAll(f.result().list());
      }
    }
    return out;
  }

  /**
   * Closes a channel of {@link #allSecureChannels()}.
   *
   * @param encryptor its encryptor address
   * @return a future completed when it is closed
   */
  public Future<Void> closeSecureChannel(Address encryptor) {
    for (Future<SecureChannels> f : otherChannels.values()) {
      if (f.succeeded() && f.result().list().stream().anyMatch(c -> c.encryptor().equals(encryptor))) {
        return f.result().close(encryptor);
      }
    }
    return channels.close(encryptor);
  }

  /**
   * Stops a secure channel listener started through this manager; the channels it accepted stay open.
   *
   * @param address its address
   * @return a future completed when it stopped; failed with {@link NodeException} of kind
   *   {@code NOT_FOUND} if there is none, {@code INVALID} for the listener the CLI reaches the node through
   */
  public Future<Void> deleteSecureChannelListener(String address) {
    if (address.equals(SecureChannels.DEFAULT_LISTENER)) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "the listener '" + address
        + "' carries the node-manager API and cannot be deleted"));
    }
    if (!listeners.containsKey(address) || !node.isRegistered(Address.local(address))) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "there is no secure channel listener at '" + address + "'"));
    }
    return node.stopWorker(Address.local(address)).onSuccess(v -> listeners.remove(address));
  }

  /**
   * Makes a service reachable through every secure channel listener of this manager, present and future.
   *
   * @param address the service's address
   */
  public void addServiceConsumer(String address) {
    serviceConsumers.add(address);
    listeners.keySet().forEach(l -> channels.listenerFlowControlId(l)
      .or(() -> node.flowControls().findSpawner(Address.local(l)))
      .ifPresent(flow -> node.flowControls().addConsumer(Address.local(address), flow)));
  }

  /**
   * Ours: a listener's policy (by its address, or the secure-channel-listener type; no authority
   * default) is checked for the peer of every channel it accepts before the channel delivers anything;
   * a refused channel is closed at once, counted and logged. Administrators are always admitted.
   */
  private Future<Boolean> admit(String address, io.ockamj.verticles.channel.SecureChannel channel) {
    String peer = channel.peer().toString();
    if (admins.contains(peer) || policies == null) {
      return Future.succeededFuture(true);
    }
    return policies.checkExplicit(address, ResourceType.SECURE_CHANNEL_LISTENER, peer).map(d -> {
      if (!d.allowed()) {
        policies.denied(address, ResourceType.SECURE_CHANNEL_LISTENER);
        node.drops().record(io.ockamj.node.DropReason.DENIED_BY_POLICY, peer, "policy of secure-channel-listener '" + address
          + "' refused subject " + peer + ": denied by " + d.rule() + "; the channel is closed");
      }
      return d.allowed();
    }).onFailure(err -> LOG.log(System.Logger.Level.WARNING, "could not check the policy of listener " + address + ": "
      + err.getMessage() + "; refusing the channel from " + peer));
  }

  /** @return the listeners started through this manager that still run */
  public List<SecureChannelListenerInfo> secureChannelListeners() {
    List<SecureChannelListenerInfo> out = new ArrayList<>();
    listeners.forEach((address, info) -> {
      if (node.isRegistered(Address.local(address))) {
        out.add(info.withFlowControlId(node.flowControls().findSpawner(Address.local(address))));
      }
    });
    out.sort(java.util.Comparator.comparing(SecureChannelListenerInfo::address));
    return out;
  }

  /**
   * Stops the worker and the outlets, inlets and relays it runs (the node keeps running; stored rows
   * are kept).
   *
   * @return a future completed when stopped
   */
  public Future<Void> stop() {
    return node.stopWorker(Address.local(ADDRESS)).eventually(() -> resources.close());
  }
}
