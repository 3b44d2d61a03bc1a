package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.policy.PolicyExpression;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.PolicyRecord;
import io.ockamj.store.Store;
import io.ockamj.store.TcpInletRecord;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.policy.Policies;
import io.ockamj.verticles.policy.ResourceType;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * The TCP inlets of a {@link NodeResources}: each an {@link InletMonitor} that resolves its route to
 * the outlet and keeps it alive; started, stored, listed, restored and deleted.
 */
final class InletResources {

  private static final System.Logger LOG = System.getLogger(NodeResources.class.getName());
  /** The key, in an inlet's stored configuration and in its creation request, of its channels' own identities. */
  static final String CHANNEL_AUTHORIZED = "channel_authorized";

  private final NodeResources owner;
  private final Node node;
  private final SecureChannels channels;
  private final Store store;
  private final Policies policies;
  private final Map<String, InletMonitor> inlets = new ConcurrentHashMap<>();
  private volatile Function<String, Future<SecureChannels>> identityChannels;

  InletResources(NodeResources owner, Node node, SecureChannels channels, Store store, Policies policies) {
    this.owner = owner;
    this.node = node;
    this.channels = channels;
    this.store = store;
    this.policies = policies;
  }

  /** See {@link NodeResources#createInlet(String, String, MultiAddr, List, Duration, boolean, String, PolicyExpression, Map)}. */
  Future<InletStatus> create(CreateInlet r) {
    String name = r.alias() == null ? "inlet-" + HexFormat.of().formatHex(randomBytes(4)) : r.alias();
    PolicyExpression allow = r.allow();
    if (!NodeManager.isValidName(name)) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "invalid inlet alias '" + name + "'"));
    }
    Future<Void> policy = allow == null ? Future.succeededFuture()
      : policies.set(PolicyRecord.Target.RESOURCE, name, allow).mapEmpty();
    return policy.compose(v -> policies.registerResource(name, ResourceType.TCP_INLET))
      .compose(v -> channelsOf(r.identity()))
      .compose(ch -> start(name, r.bind(), r.to(), r.authorized(), r.timeout(), r.waitForConnection(), r.identity(), ch,
        r.channelAuthorized()));
  }

  private static byte[] randomBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
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

  /** See {@link NodeResources#identityChannels(Function)}. */
  void identityChannels(Function<String, Future<SecureChannels>> byName) {
    this.identityChannels = byName;
  }

  private Future<InletStatus> start(String name, String bind, MultiAddr outletRoute, List<Identifier> authorized,
                                    Duration timeout, boolean waitConnection, String identity, SecureChannels ch,
                                    Map<Integer, Identifier> channelAuthorized) {
    if (outletRoute.isEmpty()) {
      return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "the route to the outlet is empty"));
    }
    InletMonitor m = new InletMonitor(owner, name, outletRoute, List.copyOf(authorized), timeout, !waitConnection, ch, identity)
      .channelAuthorized(channelAuthorized);
    if (inlets.putIfAbsent(name, m) != null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS, "an inlet named '" + name + "' already exists"));
    }
    // either way the address is chosen (and checked free) before the answer, which gives it
    String listen = bind == null ? NodeResources.DEFAULT_INLET_BIND : bind;
    Future<Void> first = waitConnection ? m.start(listen) : m.listenThenTry(listen);
    return first
      .recover(err -> {
        inlets.remove(name, m);
        return m.close().transform(x -> Future.failedFuture(err));
      })
      .compose(v -> owner.persist(() -> store.tcpInlets().store(new TcpInletRecord(node.name(), name, m.bindAddress(),
          outletRoute.toString(), inletConfig(authorized, identity, channelAuthorized), null)),
        () -> delete(name, false)))
      .map(v -> m.status());
  }

  private static JsonObject inletConfig(List<Identifier> authorized, String identity, Map<Integer, Identifier> channelAuthorized) {
    JsonObject c = new JsonObject().put("authorized", new JsonArray(authorized.stream().map(Identifier::toString).toList()));
    if (identity != null) {
      c.put("identity", identity);
    }
    if (!channelAuthorized.isEmpty()) {
      JsonObject ch = new JsonObject();
      channelAuthorized.forEach((i, id) -> ch.put(String.valueOf(i), id.toString()));
      c.put(CHANNEL_AUTHORIZED, ch);
    }
    return c;
  }

  /** The {@code channel_authorized} of a stored inlet's configuration (empty when none). */
  static Map<Integer, Identifier> channelAuthorized(JsonObject config) {
    Map<Integer, Identifier> out = new java.util.HashMap<>();
    config.getJsonObject(CHANNEL_AUTHORIZED, new JsonObject()).forEach(e ->
      out.put(Integer.parseInt(e.getKey()), Identifier.parse(String.valueOf(e.getValue()))));
    return Map.copyOf(out);
  }

  /** @return the inlets, by alias */
  List<InletStatus> list() {
    List<InletStatus> out = new ArrayList<>();
    for (InletMonitor m : inlets.values()) {
      out.add(m.status());
    }
    out.sort(Comparator.comparing(InletStatus::alias));
    return out;
  }

  /** @return the inlet of that alias, or {@code null} */
  InletStatus get(String alias) {
    InletMonitor m = inlets.get(alias);
    return m == null ? null : m.status();
  }

  /** Stops an inlet and forgets it; {@code unstore}: deletes its stored row too. */
  Future<Void> delete(String alias, boolean unstore) {
    InletMonitor m = inlets.remove(alias);
    if (m == null) {
      return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "there is no inlet named '" + alias + "'"));
    }
    Future<Void> stopped = m.close();
    return unstore && store != null ? stopped.compose(v -> store.tcpInlets().delete(node.name(), alias)).mapEmpty() : stopped;
  }

  /**
   * Starts the inlets stored for this node in the background (those proving another identity once its
   * channels are made). One that cannot be re-created is logged and skipped.
   *
   * @param count incremented for every inlet restored
   */
  Future<Void> restore(int[] count) {
    String me = node.name();
    return store.tcpInlets().list(me).map(stored -> {
      for (TcpInletRecord ir : stored) {
        try {
          List<Identifier> authorized = new ArrayList<>();
          for (Object o : ir.config().getJsonArray("authorized", new JsonArray())) {
            authorized.add(Identifier.parse(o.toString()));
          }
          String identity = ir.config().getString("identity");
          MultiAddr route = MultiAddr.parse(ir.outletRoute());
          List<Identifier> auth = List.copyOf(authorized);
          Map<Integer, Identifier> perChannel = channelAuthorized(ir.config());
          if (identity == null) {
            InletMonitor m = new InletMonitor(owner, ir.alias(), route, auth, NodeResources.DEFAULT_CREATE_TIMEOUT, true)
              .channelAuthorized(perChannel);
            if (inlets.putIfAbsent(ir.alias(), m) == null) {
              m.startInBackground(ir.bindAddress());
              count[0]++;
            }
          } else {
            // the identity's channels are made first, in the background
            count[0]++;
            channelsOf(identity).onSuccess(ch -> {
              InletMonitor m = new InletMonitor(owner, ir.alias(), route, auth, NodeResources.DEFAULT_CREATE_TIMEOUT, true, ch, identity)
                .channelAuthorized(perChannel);
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
      return null;
    });
  }

  /** Stops every inlet (stored rows are kept), adding the futures of their closing to {@code all}. */
  void closeAll(List<Future<?>> all) {
    for (String a : List.copyOf(inlets.keySet())) {
      InletMonitor m = inlets.remove(a);
      if (m != null) {
        all.add(m.close());
      }
    }
  }
}
