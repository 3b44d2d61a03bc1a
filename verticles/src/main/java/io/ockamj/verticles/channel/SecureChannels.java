package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.node.AccessControls;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.FlowControls;
import io.ockamj.node.Mailbox;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.Transport;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;

/**
 * Creates Ockam secure channels for one identity of a node: listeners that accept channels, and
 * channels to listeners on other nodes, over any route (TCP, hops, relays, other channels).
 * <p>
 * A channel is Noise XX ({@code OCKAM_XX_25519_AES256_GCM_SHA256}) as Rust Ockam runs it: both ends
 * prove an identity (change history plus an attested X25519 key), the trust policy decides, and
 * then each end has an encryptor address to put in routes. Messages that come out of a channel carry
 * the peer's identifier as {@link io.ockamj.protocol.LocalInfo} of type {@link #IDENTITY_LOCAL_INFO}.
 */
public final class SecureChannels {

  /** The local-info type the decryptor attaches: data is the BARE string of the peer identifier. */
  public static final String IDENTITY_LOCAL_INFO = "IDENTITY_SECURE_CHANNEL_IDENTIFIER";
  /** The default listener address of a node. */
  public static final String DEFAULT_LISTENER = "api";

  private final java.util.Map<String, java.util.List<io.ockamj.crypto.identity.VerifiedCredential>> verifiedCredentials =
    new java.util.concurrent.ConcurrentHashMap<>();
  private final Node node;
  private volatile ChannelIdentity identity;
  private final Clock clock;
  private final Map<Address, SecureChannel> channels = new ConcurrentHashMap<>();
  private final Map<Address, ChannelState> states = new ConcurrentHashMap<>();
  private final Map<ChannelException.Reason, LongAdder> failures = new EnumMap<>(ChannelException.Reason.class);
  final LongAdder encrypted = new LongAdder();
  final LongAdder decrypted = new LongAdder();
  private volatile List<CredentialAndPurposeKey> presented;

  private SecureChannels(Node node, ChannelIdentity identity, Clock clock) {
    this.node = node;
    this.identity = identity;
    this.clock = clock;
    this.presented = identity.credentials();
    for (ChannelException.Reason r : ChannelException.Reason.values()) {
      failures.put(r, new LongAdder());
    }
    ChannelFactories.of(node).add(this);
  }

  /**
   * Lists the channel factories made for a node that are still in use: one per identity (and set of
   * presented credentials) the node proves in its channels.
   *
   * @param node the node
   * @return its channel factories
   */
  public static List<SecureChannels> of(Node node) {
    return ChannelFactories.list(node);
  }

  /**
   * Closes every established channel of a node with a peer, whichever identity this side proves in
   * it (revocation: the peer's membership ended).
   *
   * @param node the node
   * @param peer the peer's identifier
   * @return a future with the number of channels closed
   */
  public static Future<Integer> closeAllWith(Node node, io.ockamj.crypto.identity.Identifier peer) {
    List<Future<Void>> closing = new ArrayList<>();
    for (SecureChannels c : ChannelFactories.list(node)) {
      for (SecureChannel ch : c.list()) {
        if (ch.peer().equals(peer)) {
          closing.add(c.close(ch.encryptor()).otherwiseEmpty());
        }
      }
    }
    return Future.join(closing).map(v -> closing.size()).otherwise(closing.size());
  }

  /**
   * @param node the node the channels' workers run in
   * @param identity the identity this side proves
   * @return the channel factory
   */
  public static SecureChannels create(Node node, ChannelIdentity identity) {
    return new SecureChannels(node, identity, Clock.systemUTC());
  }

  /**
   * @param node the node the channels' workers run in
   * @param identity the identity this side proves
   * @param clock the clock used to check expiry of keys and credentials
   * @return the channel factory
   */
  public static SecureChannels create(Node node, ChannelIdentity identity, Clock clock) {
    return new SecureChannels(node, identity, clock);
  }

  /** @return the identity this side proves */
  public ChannelIdentity identity() {
    return identity;
  }

  /**
   * Proves a newer change history of the same identity from now on, after the identity was rotated
   * (§5.5): later handshakes, of this side's initiators and of its listeners, present it and its new
   * secure-channel key; established channels go on with the keys they agreed until they are closed.
   * The credentials presented stay, as they name the identifier, which a rotation keeps.
   *
   * @param rotated the rotated identity with its new secure-channel key and vault
   * @throws IllegalArgumentException if it is another identifier, or a history that does not extend
   *     the one proved now
   */
  public void useIdentity(ChannelIdentity rotated) {
    java.util.Objects.requireNonNull(rotated, "rotated");
    synchronized (this) {
      ChannelIdentity now = identity;
      if (!rotated.identity().identifier().equals(now.identity().identifier())) {
        throw new IllegalArgumentException("identity " + rotated.identity().identifier() + " is not "
          + now.identity().identifier() + ", the identity these channels prove");
      }
      io.ockamj.crypto.identity.HistoryComparison c = rotated.identity().compare(now.identity());
      if (c != io.ockamj.crypto.identity.HistoryComparison.NEWER && c != io.ockamj.crypto.identity.HistoryComparison.EQUAL) {
        throw new IllegalArgumentException("the change history of " + now.identity().identifier() + " given is "
          + c.name().toLowerCase(java.util.Locale.ROOT) + " than the one these channels prove");
      }
      identity = new ChannelIdentity(rotated.identity(), rotated.secureChannelKey(), rotated.vault(), identity.credentials());
    }
  }

  private volatile SecureChannelOptions credentialDefaults;

  /**
   * Sets the authorities and the credential listener that every later channel and listener of this
   * instance uses when its own options name no authority: so that channels this node opens (for
   * example through its node manager) verify the credentials of their peers too.
   *
   * @param defaults options whose authorities and credential listener are taken, or {@code null}
   */
  public void setCredentialDefaults(SecureChannelOptions defaults) {
    this.credentialDefaults = defaults == null ? null : new SecureChannelOptions(defaults);
  }

  private SecureChannelOptions withDefaults(SecureChannelOptions options) {
    SecureChannelOptions opts = new SecureChannelOptions(options);
    SecureChannelOptions d = credentialDefaults;
    if (d != null && opts.getAuthorities().isEmpty()) {
      d.getAuthorities().forEach(opts::addAuthority);
      if (opts.getCredentialListener() == null) {
        opts.setCredentialListener(d.getCredentialListener());
      }
    }
    return opts;
  }

  /** @return the credentials this side presents now, in handshakes and refreshes */
  public List<CredentialAndPurposeKey> presentedCredentials() {
    return presented;
  }

  /**
   * Presents new credentials: later handshakes carry them, and every established channel sends them
   * to its peer in a {@code RefreshCredentials} message (§4.12), so that open channels (and the
   * portals in them) go on with the new credential.
   *
   * @param credentials the credentials to present from now on
   * @return a future completed when every open channel was told
   */
  public Future<Void> presentCredentials(List<CredentialAndPurposeKey> credentials) {
    presented = List.copyOf(credentials);
    List<Future<Void>> told = new ArrayList<>();
    for (ChannelState s : states.values()) {
      if (!s.closing && node.isRegistered(s.encryptorInternal)) {
        told.add(node.context().send(Route.of(s.encryptorInternal), new byte[0]).recover(err -> Future.succeededFuture()));
      }
    }
    return Future.all(told).mapEmpty();
  }

  /** @return this side's identity presenting the current credentials */
  ChannelIdentity presentingIdentity() {
    return identity.withCredentials(presented);
  }

  Clock clock() {
    return clock;
  }

  Node node() {
    return node;
  }

  /**
   * Starts a listener: every handshake that arrives at {@code address} gets its own responder.
   *
   * @param address the listener address, e.g. {@link #DEFAULT_LISTENER}
   * @param options trust policy, authorities, handshake timeout
   * @return a future completed when the listener runs
   */
  public Future<Void> createListener(String address, SecureChannelOptions options) {
    SecureChannelOptions opts = withDefaults(options);
    Address listener = Address.local(address);
    FlowControlId flow = DEFAULT_LISTENER.equals(address) ? node.secureChannelFlowControlId() : FlowControlId.random();
    return node.startWorker(WorkerOptions.of(listener), new ChannelListenerWorker(this, listener, flow, opts))
      .onSuccess(v -> {
        FlowControls fc = node.flowControls();
        fc.addSpawner(listener, flow);
        // §3.4, §3.7: handshakes may arrive from TCP peers, over connections this node opened (and so
        // through relays it registered), and through channels of this listener (channel in channel)
        fc.addConsumer(listener, node.tcpListenerFlowControlId());
        fc.addConsumer(listener, flow);
        for (FlowControlId id : opts.getConsumerOf()) {
          fc.addConsumer(listener, id);
        }
        Transport tcp = node.transport(Address.TCP);
        if (tcp instanceof TcpTransport) {
          ((TcpTransport) tcp).addOutgoingConsumer(listener);
        }
      });
  }

  /**
   * @param address a listener's address
   * @return the spawner flow of the listener running there: its consumers are reachable through the
   *   channels it accepts (§3.4); empty if no listener of this instance runs there
   */
  public Optional<FlowControlId> listenerFlowControlId(String address) {
    Address a = Address.local(address);
    return node.isRegistered(a) ? node.flowControls().findSpawner(a) : Optional.empty();
  }

  /**
   * Creates a channel to a listener.
   *
   * @param route the route to the listener, e.g. {@code 1#127.0.0.1:4000 => api}
   * @param options trust policy, authorities, handshake timeout
   * @return the channel once both sides are verified; failed with a {@link ChannelException}
   */
  public Future<SecureChannel> createSecureChannel(Route route, SecureChannelOptions options) {
    SecureChannelOptions opts = withDefaults(options);
    return node.resolve(route).compose(resolved -> {
      ChannelState state = newState(true, null);
      // the handshake replies and later messages come back through the route's first hop
      node.flowControls().addConsumerOfNextHop(state.decryptorRemote, resolved);
      Promise<SecureChannel> created = Promise.promise();
      startDecryptor(node::startWorker, state, new DecryptorWorker(this, identity, opts, state, resolved, created))
        .onFailure(created::tryFail);
      return created.future();
    });
  }

  /**
   * Turns a multiaddr into a route, creating a secure channel for every {@code /secure/NAME}
   * component: {@code /ip4/127.0.0.1/tcp/4000/secure/api/service/echo} becomes
   * {@code <encryptor> => echo}. Several {@code secure} components nest channels.
   *
   * @param multiAddr the multiaddr
   * @param options options for every channel created
   * @return the route and the channels created (innermost last)
   */
  public Future<SecureRoute> resolve(MultiAddr multiAddr, SecureChannelOptions options) {
    return resolve(multiAddr, i -> options);
  }

  /**
   * Like {@link #resolve(MultiAddr, SecureChannelOptions)}, each channel with options of its own, e.g.
   * a different trust policy for a project's node than for the outlet behind it.
   *
   * @param multiAddr the multiaddr
   * @param options the options of the channel of the i-th {@code /secure/} component (0: the first)
   * @return the route and the channels created (innermost last)
   */
  public Future<SecureRoute> resolve(MultiAddr multiAddr, java.util.function.IntFunction<SecureChannelOptions> options) {
    return new SecureRouteResolver(this, options).resolve(multiAddr);
  }

  /**
   * A route through secure channels.
   *
   * @param route the route to send on
   * @param channels the channels created for it, outermost first
   */
  public record SecureRoute(Route route, List<SecureChannel> channels) {
  }

  /**
   * Closes a channel: sends Close to the peer and stops both workers of this end.
   *
   * @param encryptor the channel's encryptor address
   * @return a future completed when stopped
   */
  public Future<Void> close(Address encryptor) {
    if (!channels.containsKey(encryptor) && !node.isRegistered(encryptor)) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no secure channel with encryptor " + encryptor));
    }
    return node.stopWorker(encryptor);
  }

  /** @return the established channels of this side */
  public List<SecureChannel> list() {
    return new ArrayList<>(channels.values());
  }

  /**
   * @param reason a failure reason
   * @return how many handshakes or messages failed for that reason
   */
  public long failures(ChannelException.Reason reason) {
    return failures.get(reason).sum();
  }

  /** @return messages encrypted by this side's channels */
  public long messagesEncrypted() {
    return encrypted.sum();
  }

  /** @return messages decrypted by this side's channels */
  public long messagesDecrypted() {
    return decrypted.sum();
  }

  /**
   * @param encryptor the channel's encryptor address
   * @return messages decrypted by that channel so far, or -1 if there is no such established channel
   */
  public long messagesDecrypted(Address encryptor) {
    ChannelState s = states.get(encryptor);
    return s == null ? -1 : s.received.sum();
  }

  void count(ChannelException.Reason reason) {
    failures.get(reason).increment();
  }

  /** At most this many peers' credentials are remembered (the map is cleared when full). */
  static final int MAX_CREDENTIAL_PEERS = 10_000;

  /**
   * The credentials that peers presented in handshakes and that verified against the authorities
   * of the channel or listener, by peer identifier (the latest handshake of each peer). Access
   * controls read the attributes of the subject here (ABAC, protocol reference §7.4).
   *
   * @param identifier a peer identifier
   * @return its verified credentials, possibly expired since; empty if none
   */
  public java.util.List<io.ockamj.crypto.identity.VerifiedCredential> verifiedCredentials(String identifier) {
    return verifiedCredentials.getOrDefault(identifier, java.util.List.of());
  }

  void credentialsVerified(String identifier, java.util.List<io.ockamj.crypto.identity.VerifiedCredential> credentials) {
    if (verifiedCredentials.size() >= MAX_CREDENTIAL_PEERS && !verifiedCredentials.containsKey(identifier)) {
      verifiedCredentials.clear();
    }
    verifiedCredentials.put(identifier, java.util.List.copyOf(credentials));
  }

  void established(SecureChannel channel, ChannelState state) {
    states.put(channel.encryptor(), state);
    channels.put(channel.encryptor(), channel);
  }

  void removed(Address encryptor) {
    channels.remove(encryptor);
    states.remove(encryptor);
  }

  static ChannelState newState(boolean initiator, FlowControlId spawner) {
    return new ChannelState(Address.randomLocal(), Address.randomLocal(), Address.randomLocal(), initiator, spawner);
  }

  /**
   * Starts a decryptor whose internal address is the producer of the channel's flow (§3.4): what it
   * decrypts reaches only consumers of that flow or of the listener's.
   */
  Future<Void> startDecryptor(BiFunction<WorkerOptions, Worker, Future<Void>> starter, ChannelState state,
                                      DecryptorWorker worker) {
    FlowControls fc = node.flowControls();
    WorkerOptions options = new WorkerOptions()
      .addMailbox(Mailbox.allowAll(state.decryptorRemote))
      .addMailbox(new Mailbox(state.decryptorInternal, AccessControls.DENY_ALL_INCOMING,
        fc.outgoingAccessControl(state.flowControlId, state.spawnerFlowControlId)));
    fc.addProducer(state.decryptorInternal, state.flowControlId, state.spawnerFlowControlId, List.of(state.encryptor));
    return starter.apply(options, worker).onFailure(err -> {
      fc.cleanup(state.decryptorInternal);
      fc.cleanup(state.decryptorRemote);
    });
  }
}
