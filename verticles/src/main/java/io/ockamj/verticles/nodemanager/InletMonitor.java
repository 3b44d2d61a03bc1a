package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.NodeException;
import io.ockamj.node.Timers;
import io.ockamj.node.Transport;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.portal.Inlet;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One inlet of {@link NodeResources}, as Rust 0.139's: its address is chosen at creation (a free port
 * for port 0), its route built and the outlet probed; only then is the listener bound, so before the
 * first connection a client is refused. It pings the outlet's node and, when the route is lost,
 * pauses the listener (a client is accepted and closed at once) and builds the route again with
 * back-off (see {@link NodeResources}); the listener stays bound until deletion, so its address never
 * changes. Its state is Rust's: {@code DOWN} until a route works, then {@code UP}.
 * State is guarded by {@code this}; a generation number discards callbacks of superseded attempts.
 */
final class InletMonitor {

  static final String UP = "UP";
  static final String DOWN = "DOWN";
  static final String CLOSED = "CLOSED";

  static final long PING_INTERVAL_MS = 1000;
  static final long PING_TIMEOUT_MS = 2000;
  static final int MAX_MISSED = 2;
  static final long INITIAL_BACKOFF_MS = 250;
  static final long MAX_BACKOFF_MS = 2000;
  /** Handshake timeout of the attempts after the first: a peer that is away must not hold up the next try. */
  static final Duration RETRY_TIMEOUT = Duration.ofSeconds(3);
  static final String PING_SERVICE = "echo";

  private static final System.Logger LOG = System.getLogger(InletMonitor.class.getName());

  private final NodeResources owner;
  private final SecureChannels channels;
  private final String identity;
  private final String alias;
  private final MultiAddr route;
  private final List<Identifier> authorized;
  private volatile Map<Integer, Identifier> channelAuthorized = Map.of();
  private final Duration timeout;
  private volatile boolean keepTrying;

  private volatile String bindAddress;
  private volatile String state = DOWN;
  private volatile String reason = "not connected yet";
  private int generation;
  private boolean closed;
  private boolean listening;
  private List<SecureChannel> made = List.of();
  private Route active;
  private Address tcpSender;
  private int missed;
  private boolean pinging;
  private int failures;
  private long timer = -1;

  InletMonitor(NodeResources owner, String alias, MultiAddr route, List<Identifier> authorized, Duration timeout,
               boolean keepTrying) {
    this(owner, alias, route, authorized, timeout, keepTrying, owner.channels(), null);
  }

  /**
   * @param channels the secure channels the inlet's route is built with (the identity it proves)
   * @param identity the name of that identity if not the node's, else {@code null}
   */
  InletMonitor(NodeResources owner, String alias, MultiAddr route, List<Identifier> authorized, Duration timeout,
               boolean keepTrying, SecureChannels channels, String identity) {
    this.channels = channels;
    this.identity = identity;
    this.owner = owner;
    this.alias = alias;
    this.route = route;
    this.authorized = authorized;
    this.timeout = timeout;
    this.keepTrying = keepTrying;
  }

  /**
   * @param byChannel by position among the route's {@code /secure/} components, the only identity that
   *                  channel accepts (in place of the inlet's authorized list), e.g. a project's
   * @return this monitor
   */
  InletMonitor channelAuthorized(Map<Integer, Identifier> byChannel) {
    this.channelAuthorized = Map.copyOf(byChannel);
    return this;
  }

  /** @return the name of the identity the inlet's channels prove, or {@code null} for the node's */
  String identity() {
    return identity;
  }

  String bindAddress() {
    return bindAddress;
  }

  InletStatus status() {
    String bind = bindAddress;
    Inlet listener = owner.portals().inlets().stream().filter(i -> i.bindAddress().equals(bind)).findFirst().orElse(null);
    String s = state;
    boolean up = UP.equals(s) && listener != null && !listener.paused();
    return new InletStatus(alias, bind, route.toString(), authorized.stream().map(Identifier::toString).toList(), s,
      listener == null ? 0 : listener.connections(), UP.equals(s) ? null : reason,
      up ? listener.processor().innerText() : null, up ? listener.outletRoute().toString() : null);
  }

  /** First attempt of a new inlet: checks its address, builds the route, then binds; the request's result; no retry if it fails. */
  Future<Void> start(String bind) {
    bindAddress = bind;
    return reserve().compose(v -> attempt());
  }

  /**
   * New inlet that does not wait for its outlet (Rust's {@code --no-connection-wait}): chooses its
   * address, then builds the route (and binds) in the background until it works.
   *
   * @return completed once its address is chosen ({@link #bindAddress()}), failed if it cannot be bound
   */
  Future<Void> listenThenTry(String bind) {
    bindAddress = bind;
    return reserve().onSuccess(v -> attempt());
  }

  /**
   * As Rust's create without waiting: the address is chosen (port 0) and checked free by binding it
   * for a moment; the listener is bound only once a route works, so until the first connection a
   * client is refused, as in Rust 0.139. (Another process could take the port meanwhile: then the
   * attempts fail with that reason, as Rust's would.)
   */
  private Future<Void> reserve() {
    return owner.portals().createInlet(bindAddress, Route.empty(), owner.inletOptions(alias).setPaused(true))
      .compose(info -> {
        String actual = info.bindAddress();
        synchronized (this) {
          bindAddress = actual;
        }
        return owner.portals().deleteInlet(actual).mapEmpty();
      });
  }

  /** Restored inlet: binds and attempts until both work. */
  void startInBackground(String bind) {
    bindAddress = bind;
    attempt();
  }

  /** Binds the listener, paused, unless it is bound already; then {@link #bindAddress} is the actual address. */
  private Future<Void> listen() {
    String bind;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new NodeException(NodeException.Kind.SHUTDOWN, "inlet " + alias + " is closed"));
      }
      if (listening) {
        return Future.succeededFuture();
      }
      bind = bindAddress;
    }
    return owner.portals().createInlet(bind, Route.empty(), owner.inletOptions(alias).setPaused(true)).compose(info -> {
      synchronized (this) {
        if (!closed) {
          listening = true;
          bindAddress = info.bindAddress();
          return Future.<Void>succeededFuture();
        }
      }
      return owner.portals().deleteInlet(info.bindAddress()).otherwiseEmpty()
        .compose(x -> Future.failedFuture(new NodeException(NodeException.Kind.SHUTDOWN, "inlet " + alias + " is closed")));
    });
  }

  private Future<Void> attempt() {
    int gen;
    synchronized (this) {
      if (closed) {
        return Future.failedFuture(new NodeException(NodeException.Kind.SHUTDOWN, "inlet " + alias + " is closed"));
      }
      gen = ++generation;
      timer = -1;
    }
    Address[] sender = new Address[1];
    Future<SecureChannels.SecureRoute> resolved = owner.resolveRoute(route).map(r -> r.withChannels(channelAuthorized)).compose(rr -> {
      MultiAddr ma = rr.route();
      Route transport = ma.toTransportRoute();
      Address first = transport.next();
      Future<Address> tcp = Future.succeededFuture();
      if (first.transportType() == Address.TCP) {
        Transport t = owner.node().transport(Address.TCP);
        if (t != null) {
          // the shared outgoing connection the channels will use: its loss is seen at once
          tcp = t.resolve(first);
        }
      }
      return tcp.compose(s -> {
        sender[0] = s;
        Duration t = keepTrying && timeout.compareTo(RETRY_TIMEOUT) > 0 ? RETRY_TIMEOUT : timeout;
        return channels.resolve(ma, rr.options(authorized, t)).transform(ar -> ar.succeeded() ? Future.succeededFuture(ar.result())
          : Future.failedFuture(rr.explain(ar.cause())));
      });
    });
    // the listener is bound (paused) only once the outlet answered: before the first connection a
    // client is refused, as in Rust; after a loss it stays bound and paused
    return resolved.compose(sr -> probe(sr).compose(v -> listen()).compose(v -> install(gen, sr, sender[0]),
        err -> ResourceRoutes.closeChannels(channels, sr.channels()).compose(x -> Future.failedFuture(err))))
      .onFailure(err -> failed(gen, err));
  }

  /**
   * Asks the outlet itself before the inlet is UP ({@link io.ockamj.verticles.portal.Portals#probeOutlet}):
   * an outlet that exists and admits this node answers. A route whose hops all work can still end at no
   * outlet, or at one whose flow control or policy refuses this node; those drop the Ping and the inlet
   * stays DOWN with the reason. The probe ends the outlet's side of its connection itself.
   */
  private Future<Void> probe(SecureChannels.SecureRoute sr) {
    Duration wait = keepTrying && timeout.compareTo(RETRY_TIMEOUT) > 0 ? RETRY_TIMEOUT : timeout;
    return owner.portals().probeOutlet(sr.route(), wait, owner.inletOptions(alias))
      .transform(ar -> {
        if (ar.succeeded()) {
          return Future.succeededFuture();
        }
        Throwable err = ar.cause();
        if (err instanceof NodeException ne && ne.kind() == NodeException.Kind.TIMEOUT) {
          return Future.failedFuture(new NodeException(NodeException.Kind.TIMEOUT, "the outlet at " + route
            + " did not answer within " + wait.toMillis() + " ms: no outlet at that address, or it does not admit this node"
            + " (an outlet takes plain TCP only from its node's TCP listener peers, else a secure channel)"));
        }
        return Future.failedFuture(err);
      });
  }

  private Future<Void> install(int gen, SecureChannels.SecureRoute sr, Address sender) {
    String bind;
    synchronized (this) {
      if (gen != generation || closed) {
        ResourceRoutes.closeChannels(channels, sr.channels());
        return Future.failedFuture(new NodeException(NodeException.Kind.SHUTDOWN, "inlet " + alias + " is closed"));
      }
      bind = bindAddress;
    }
    return owner.portals().unpauseInlet(bind, sr.route())
      .compose(resumed -> {
        List<SecureChannel> stale;
        synchronized (this) {
          if (gen != generation || closed) {
            stale = null;
          } else {
            stale = made;
            made = sr.channels();
            active = sr.route();
            tcpSender = sender;
            missed = 0;
            pinging = false;
            failures = 0;
            keepTrying = true;
            state = UP;
            reason = null;
            timer = Timers.setTimer(owner.node().vertx(), PING_INTERVAL_MS, id -> tick(gen));
          }
        }
        if (stale == null) {
          // closed or superseded meanwhile: whoever did it pauses or deletes the listener
          return ResourceRoutes.closeChannels(channels, sr.channels())
            .compose(x -> Future.failedFuture(new NodeException(NodeException.Kind.SHUTDOWN, "inlet " + alias + " is closed")));
        }
        ResourceRoutes.closeChannels(channels, stale);
        LOG.log(System.Logger.Level.INFO, "inlet " + alias + " on " + bind + " is up, route " + sr.route());
        return Future.<Void>succeededFuture();
      }, err -> ResourceRoutes.closeChannels(channels, sr.channels()).compose(x -> Future.failedFuture(err)));
  }

  private void failed(int gen, Throwable err) {
    long delay;
    synchronized (this) {
      if (gen != generation || closed || !keepTrying) {
        return;
      }
      state = DOWN;
      reason = err.getMessage();
      delay = backoff(failures++);
      timer = Timers.setTimer(owner.node().vertx(), delay, id -> retry(gen));
    }
    LOG.log(System.Logger.Level.INFO, "inlet " + alias + ": no route to the outlet (" + err.getMessage() + "); next attempt in "
      + delay + " ms");
  }

  private void retry(int gen) {
    synchronized (this) {
      if (gen != generation || closed) {
        return;
      }
    }
    attempt();
  }

  private static long backoff(int failures) {
    long base = INITIAL_BACKOFF_MS;
    for (int i = 0; i < failures && base < MAX_BACKOFF_MS; i++) {
      base *= 2;
    }
    base = Math.min(base, MAX_BACKOFF_MS);
    double factor = 1 + 0.2 * (2 * ThreadLocalRandom.current().nextDouble() - 1);
    return Math.max(1, Math.round(base * factor));
  }

  private void tick(int gen) {
    String reason = null;
    Route ping = null;
    Address watched = null;
    synchronized (this) {
      if (gen != generation || closed || !UP.equals(state)) {
        return;
      }
      timer = -1;
      Address first = active.next();
      if (tcpSender != null && !owner.node().isRegistered(tcpSender)) {
        reason = "its TCP connection closed";
      } else if (first.isLocal() && !owner.node().isRegistered(first)) {
        reason = first + " is gone";
      } else if (missed >= MAX_MISSED) {
        reason = missed + " pings unanswered";
      } else if (!pinging) {
        pinging = true;
        List<Address> hops = new java.util.ArrayList<>(active.asList());
        hops.set(hops.size() - 1, Address.local(PING_SERVICE));
        ping = Route.of(hops);
        // the channel nearest the outlet: what it decrypts comes from the outlet's node
        watched = made.isEmpty() ? null : made.get(made.size() - 1).encryptor();
      }
      if (reason == null) {
        timer = Timers.setTimer(owner.node().vertx(), PING_INTERVAL_MS, id -> tick(gen));
      }
    }
    if (reason != null) {
      down(gen, reason);
      return;
    }
    if (ping != null) {
      long nonce = ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
      Address channel = watched;
      long receivedBefore = channel == null ? -1 : channels.messagesDecrypted(channel);
      owner.node().context().sendAndReceive(ping, new CborWriter(9).u64(nonce).toByteArray(), Duration.ofMillis(PING_TIMEOUT_MS))
        .onComplete(ar -> {
          synchronized (this) {
            if (gen != generation) {
              return;
            }
            pinging = false;
            // A ping queues behind the portal's data (on the shared TCP connection, in the workers'
            // mailboxes), so under load its answer can take longer than PING_TIMEOUT_MS. Data that
            // arrived through the channel meanwhile proves the outlet's node is alive: not a miss.
            boolean progress = receivedBefore >= 0 && channels.messagesDecrypted(channel) > receivedBefore;
            missed = ar.succeeded() || progress ? 0 : missed + 1;
          }
        });
    }
  }

  private void down(int gen, String reason) {
    List<SecureChannel> old;
    int next;
    String bind;
    synchronized (this) {
      if (gen != generation || closed) {
        return;
      }
      next = ++generation;
      old = made;
      made = List.of();
      active = null;
      tcpSender = null;
      state = DOWN;
      this.reason = reason;
      bind = bindAddress;
      cancelTimer();
    }
    LOG.log(System.Logger.Level.WARNING, "inlet " + alias + " lost its route to the outlet: " + reason + "; rebuilding it");
    // as Rust's: the listener stays, new client connections are closed at once until the route is back
    owner.portals().pauseInlet(bind).otherwiseEmpty().compose(v -> ResourceRoutes.closeChannels(channels, old)).onComplete(ar -> {
      synchronized (this) {
        if (next != generation || closed) {
          return;
        }
        timer = Timers.setTimer(owner.node().vertx(), backoff(failures++), id -> retry(next));
      }
    });
  }

  private void cancelTimer() {
    if (timer >= 0) {
      owner.node().vertx().cancelTimer(timer);
      timer = -1;
    }
  }

  /** Stops monitoring, closes the listener (if this monitor bound it) and the channels. */
  Future<Void> close() {
    List<SecureChannel> old;
    boolean wasListening;
    synchronized (this) {
      if (closed) {
        return Future.succeededFuture();
      }
      closed = true;
      generation++;
      state = CLOSED;
      cancelTimer();
      old = made;
      made = List.of();
      wasListening = listening;
      listening = false;
    }
    Future<Void> f = wasListening ? owner.portals().deleteInlet(bindAddress).otherwiseEmpty() : Future.succeededFuture();
    return f.compose(v -> ResourceRoutes.closeChannels(channels, old));
  }
}
