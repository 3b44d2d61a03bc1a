package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.Timers;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.store.RelayRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.relay.RelaySession;
import io.ockamj.verticles.relay.RelaySessionOptions;
import io.ockamj.verticles.relay.RemoteRelayInfo;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The relays of a {@link NodeResources}: {@link RelaySession}s registered at a relay node, kept alive,
 * stored, restored and deleted. The route to the relay node is resolved again at every reconnection.
 */
final class RelayResources {

  private static final System.Logger LOG = System.getLogger(NodeResources.class.getName());

  /** The stored configuration's key of the authorized identity. */
  private static final String CONFIG_AUTHORIZED = "authorized";
  /** The stored configuration's key of the relay address. */
  private static final String CONFIG_RELAY_ADDRESS = "relay_address";

  /** The local addresses Rust lets receive from a connection's channel: listener, echo, uppercase. */
  private static final List<String> DEFAULT_CONSUMERS = List.of(io.ockamj.verticles.channel.SecureChannels.DEFAULT_LISTENER,
    "echo", "uppercase");

  private final NodeResources owner;
  private final Node node;
  private final Store store;
  private final Map<String, ManagedRelay> relays = new ConcurrentHashMap<>();

  RelayResources(NodeResources owner, Node node, Store store) {
    this.owner = owner;
    this.node = node;
    this.store = store;
  }

  /** See {@link NodeResources#createRelay(CreateRelay)}. */
  Future<RelayStatus> create(CreateRelay request) {
    String name = request.name();
    MultiAddr at = request.at();
    if (name == null || !NodeManager.isValidName(name)) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "invalid relay name '" + name + "'"));
    }
    if (!NodeManager.isValidName(request.effectiveRelayAddress())) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "invalid relay address '"
        + request.relayAddress() + "'"));
    }
    ManagedRelay r = new ManagedRelay(name, at, request.authorized(), request.relayAddress());
    if (relays.putIfAbsent(name, r) != null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS, "a relay named '" + name + "' already exists"));
    }
    // an unknown node or a malformed route fails at once rather than after retries
    Future<Void> checked = owner.resolveRoute(at).compose(resolved -> {
      resolved.route().toTransportRoute();
      return Future.<Void>succeededFuture();
    });
    Future<Void> started = checked.compose(v -> r.start());
    Future<Void> up = request.waitForConnection() ? started.compose(v -> r.firstUp(request.timeout())) : started;
    return up
      .recover(err -> {
        relays.remove(name, r);
        return r.close().transform(x -> Future.failedFuture(err));
      })
      .compose(v -> owner.persist(() -> store.relays().store(new RelayRecord(node.name(), name, at.toString(), r.remoteAddress(),
        r.config(), null)), () -> delete(name, false)))
      .map(v -> r.status());
  }

  /** @return the relays, by name */
  List<RelayStatus> list() {
    List<RelayStatus> out = new ArrayList<>();
    for (ManagedRelay r : relays.values()) {
      out.add(r.status());
    }
    out.sort(Comparator.comparing(RelayStatus::name));
    return out;
  }

  /** @return the relay of that name, or {@code null} */
  RelayStatus get(String name) {
    ManagedRelay r = relays.get(name);
    return r == null ? null : r.status();
  }

  /** Stops keeping a relay alive and forgets it; {@code unstore}: deletes its stored row too. */
  Future<Void> delete(String name, boolean unstore) {
    ManagedRelay r = relays.remove(name);
    if (r == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "there is no relay named '" + name + "'"));
    }
    Future<Void> stopped = r.close();
    return unstore && store != null ? stopped.compose(v -> store.relays().delete(node.name(), name)).mapEmpty() : stopped;
  }

  /**
   * Starts the relays stored for this node; they come up in the background. One whose route cannot be
   * parsed is logged and skipped.
   *
   * @param count incremented for every relay restored
   */
  Future<Void> restore(int[] count) {
    String me = node.name();
    return store.relays().list(me).compose(stored -> {
      List<Future<?>> all = new ArrayList<>();
      for (RelayRecord rr : stored) {
        try {
          JsonObject config = rr.config();
          String authorized = config.getString(CONFIG_AUTHORIZED);
          ManagedRelay r = new ManagedRelay(rr.name(), MultiAddr.parse(rr.atRoute()),
            authorized == null ? null : Identifier.parse(authorized), config.getString(CONFIG_RELAY_ADDRESS));
          if (relays.putIfAbsent(rr.name(), r) == null) {
            all.add(r.start().onSuccess(x -> count[0]++));
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "node " + me + " could not restore relay " + rr.name() + ": " + e.getMessage());
        }
      }
      return Future.join(all).otherwiseEmpty();
    }).mapEmpty();
  }

  /** Stops every relay (stored rows are kept), adding the futures of their closing to {@code all}. */
  void closeAll(List<Future<?>> all) {
    for (String n : List.copyOf(relays.keySet())) {
      ManagedRelay r = relays.remove(n);
      if (r != null) {
        all.add(r.close());
      }
    }
  }

  /** A relay session with the multiaddr it was created with. */
  private final class ManagedRelay {
    private final String name;
    private final MultiAddr at;
    private final Identifier authorized;
    private final String relayAddress;
    private final Map<Route, List<SecureChannel>> opened = new ConcurrentHashMap<>();
    private volatile RelaySession session;
    private volatile String lastRemote;
    /** Why the last attempt to reach the relay node failed, for the first registration's error. */
    private volatile String lastError;

    ManagedRelay(String name, MultiAddr at, Identifier authorized, String relayAddress) {
      this.name = Objects.requireNonNull(name);
      this.at = Objects.requireNonNull(at);
      this.authorized = authorized;
      this.relayAddress = relayAddress;
    }

    /** The name registered at the relay node. */
    String registeredName() {
      return relayAddress != null ? relayAddress : name;
    }

    /** What the stored row keeps beyond name and route. */
    JsonObject config() {
      JsonObject c = new JsonObject();
      if (authorized != null) {
        c.put(CONFIG_AUTHORIZED, authorized.toString());
      }
      if (relayAddress != null) {
        c.put(CONFIG_RELAY_ADDRESS, relayAddress);
      }
      return c;
    }

    Future<Void> start() {
      RelaySession.Connector connector = new RelaySession.Connector() {
        @Override
        public Future<Route> connect(Node n) {
          return owner.resolveRoute(at).onFailure(err -> lastError = err.getMessage()).compose(rr -> {
            MultiAddr resolved = rr.route();
            boolean secure = resolved.components().stream().anyMatch(c -> c.protocol() == MultiAddr.Protocol.SECURE);
            if (!secure) {
              return RelaySession.Connector.of(resolved.toTransportRoute()).connect(n).onFailure(err -> lastError = err.getMessage());
            }
            return owner.channels().resolve(resolved, rr.options(
                authorized == null ? List.of() : List.of(authorized), NodeResources.DEFAULT_CREATE_TIMEOUT))
              .transform(ar -> ar.succeeded() ? Future.succeededFuture(ar.result()) : Future.failedFuture(rr.explain(ar.cause())))
              .onFailure(err -> lastError = err.getMessage())
              .map(sr -> {
                opened.put(sr.route(), sr.channels());
                allowDefaultConsumers(sr.channels());
                return sr.route();
              });
          });
        }

        @Override
        public Future<Void> disconnect(Node n, Route route) {
          List<SecureChannel> made = opened.remove(route);
          return made != null ? ResourceRoutes.closeChannels(owner.channels(), made) : RelaySession.Connector.super.disconnect(n, route);
        }
      };
      return RelaySession.start(node, connector, registeredName(), new RelaySessionOptions()).map(s -> {
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

    /**
     * As Rust's connections ({@code add_default_consumers}): what comes back through the last channel
     * to the relay node (through the relay) may reach this node's secure channel listener, echo and
     * uppercase services, so that a portal or a message can go through a relay registered over a
     * secure channel.
     */
    private void allowDefaultConsumers(List<SecureChannel> channels) {
      if (channels.isEmpty()) {
        return;
      }
      io.ockamj.node.FlowControlId flow = channels.get(channels.size() - 1).flowControlId();
      for (String consumer : DEFAULT_CONSUMERS) {
        node.flowControls().addConsumer(io.ockamj.protocol.Address.local(consumer), flow);
      }
    }

    /** Completes when the session is first up, fails when its first attempt fails or times out. */
    Future<Void> firstUp(Duration timeout) {
      RelaySession s = session;
      Promise<Void> p = Promise.promise();
      long timer = Timers.setTimer(node.vertx(), Math.max(1, timeout.toMillis()), id -> p.tryFail(new NodeException(NodeException.Kind.TIMEOUT,
        "the relay node at " + at + " did not confirm relay '" + name + "' within " + timeout.toMillis() + " ms")));
      s.whenUp().onSuccess(info -> p.tryComplete());
      s.whenState(RelaySession.State.DOWN).onSuccess(v -> p.tryFail(new NodeException(NodeException.Kind.IO,
        "could not register relay '" + name + "' at " + at + (lastError == null ? " (is the relay node running?)" : ": " + lastError))));
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
        info == null ? null : info.forwardingRoute().toString(), registeredName(),
        authorized == null ? null : authorized.toString(), info == null ? null : info.workerAddress().toString(),
        info == null || info.flowControlId() == null ? null : info.flowControlId().value(),
        // as Rust's: a relay that is up has no failure to report
        RelaySession.State.UP.name().equals(state) ? null : lastError);
    }

    Future<Void> close() {
      RelaySession s = session;
      return s == null ? Future.succeededFuture() : s.close().otherwiseEmpty();
    }
  }
}
