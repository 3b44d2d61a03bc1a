package io.ockamj.verticles.revocation;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.RevocationNotice;
import io.ockamj.node.DropReason;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.protocol.LocalInfo;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.store.RevocationRecord;
import io.ockamj.store.RevocationRepository;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An authority's revocation service (ours), at {@value #ADDRESS}: it numbers, signs, stores and
 * pushes revocation notices, and answers a subscription with the notices after the subscriber's
 * last one. Subscriptions come through secure channels only (the subscriber is named by the channel's
 * peer identifier; a later subscription from the same identity replaces its route). A push that
 * cannot be sent drops the subscription; the subscriber renews it and catches up.
 */
public final class RevocationService implements Worker {

  /** The service's well-known address. */
  public static final String ADDRESS = "revocation";
  private static final int PAGE = 500;
  private static final System.Logger LOG = System.getLogger(RevocationService.class.getName());

  /** Signs a notice with the authority's credential purpose key, off the event loop. */
  @FunctionalInterface
  public interface Signer {
    /**
     * @param seq the notice's number
     * @param subject the revoked identity
     * @param revokedAt when, in seconds since the epoch
     * @return a future with the signed notice
     */
    Future<RevocationNotice> sign(long seq, Identifier subject, long revokedAt);
  }

  /**
   * One subscription: the identity it came from, the route back through its secure channel, and
   * when it was made (to evict the oldest of one identity first).
   */
  private record Subscriber(String who, Route route, io.ockamj.protocol.Address from, long order) {
  }

  /**
   * How many subscriptions one identity may hold at once: several nodes may run as one identity,
   * and a node that lost its channel subscribes again through a new one before the old entry is
   * found dead; beyond this the oldest is dropped.
   */
  static final int MAX_SUBSCRIPTIONS_PER_IDENTITY = 32;

  private final Identifier authority;
  private final Signer signer;
  private final RevocationRepository repository;
  private final Clock clock;
  /** By the route back: one entry per secure channel, so that nodes sharing an identity each get pushes. */
  private final Map<Route, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong subscriptions = new java.util.concurrent.atomic.AtomicLong();
  private NodeContext context;
  private long lastSeq;
  /** Publications run one after the other: numbers are dense and pushed in order. */
  private Future<?> tail = Future.succeededFuture();

  /**
   * @param authority the authority's identifier
   * @param signer signs with the authority's credential purpose key
   * @param repository where notices are kept
   * @param clock the clock for {@code revoked_at}
   */
  public RevocationService(Identifier authority, Signer signer, RevocationRepository repository, Clock clock) {
    this.authority = Objects.requireNonNull(authority, "authority");
    this.signer = Objects.requireNonNull(signer, "signer");
    this.repository = Objects.requireNonNull(repository, "repository");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Future<Void> initialize(NodeContext context) {
    this.context = context;
    return repository.lastSeq(authority.toString()).onSuccess(last -> lastSeq = last).mapEmpty();
  }

  /**
   * Revokes an identity: signs the next notice, stores it and pushes it to every subscriber. Calls
   * are serialized, so notices are numbered and pushed in the order of the calls.
   *
   * @param subject the identity whose credentials stop counting now
   * @return a future with the notice, completed once it is stored (pushes are not awaited)
   */
  public Future<RevocationNotice> revoke(Identifier subject) {
    Objects.requireNonNull(subject, "subject");
    Promise<RevocationNotice> done = Promise.promise();
    context.vertx().runOnContext(v -> {
      Future<RevocationNotice> next = tail.transform(ignored -> publish(subject));
      tail = next;
      next.onComplete(done);
    });
    return done.future();
  }

  private Future<RevocationNotice> publish(Identifier subject) {
    long seq = lastSeq + 1;
    long at = clock.instant().getEpochSecond();
    return signer.sign(seq, subject, at)
      .compose(notice -> repository.append(new RevocationRecord(authority.toString(), seq, subject.toString(), at, notice.bytes()))
        .map(fresh -> {
          lastSeq = seq;
          byte[] push = new RevocationMessage.Notice(notice.bytes()).encode();
          for (Subscriber sub : subscribers.values()) {
            send(sub, push);
          }
          LOG.log(System.Logger.Level.INFO, "revoked " + subject + " (notice " + seq + ", pushed to " + subscribers.size()
            + " subscribers)");
          return notice;
        }));
  }

  private Future<Void> send(Subscriber s, byte[] message) {
    return context.send(s.route(), message, s.from()).onFailure(err -> {
      // the subscriber renews its subscription and catches up from its last notice
      subscribers.remove(s.route(), s);
      LOG.log(System.Logger.Level.DEBUG, () -> "revocation subscriber " + s.who() + " unreachable: " + err.getMessage());
    });
  }

  /** Registers (or renews) a subscription, keeping at most {@link #MAX_SUBSCRIPTIONS_PER_IDENTITY} per identity. */
  private void register(Subscriber s) {
    subscribers.put(s.route(), s);
    List<Subscriber> same = subscribers.values().stream().filter(x -> x.who().equals(s.who()))
      .sorted(java.util.Comparator.comparingLong(Subscriber::order)).toList();
    for (int i = 0; i < same.size() - MAX_SUBSCRIPTIONS_PER_IDENTITY; i++) {
      subscribers.remove(same.get(i).route(), same.get(i));
    }
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    LocalInfo info = message.message().findLocalInfo(SecureChannels.IDENTITY_LOCAL_INFO);
    if (info == null) {
      context.node().drops().record(DropReason.DENIED_INCOMING, message.sourceAddress(),
        "revocation service: a subscription must come through a secure channel");
      return Future.succeededFuture();
    }
    RevocationMessage m;
    String who;
    try {
      m = RevocationMessage.decode(message.payload());
      who = BareReader.decodeString(info.data(), 200);
    } catch (DecodeException e) {
      context.node().drops().record(DropReason.MALFORMED, message.sourceAddress(), "revocation service: " + e.getMessage());
      return Future.succeededFuture();
    }
    if (!(m instanceof RevocationMessage.Subscribe sub)) {
      context.node().drops().record(DropReason.MALFORMED, message.sourceAddress(), "revocation service: only subscriptions are accepted");
      return Future.succeededFuture();
    }
    Subscriber s = new Subscriber(who, message.returnRoute(), message.messageAddress(), subscriptions.incrementAndGet());
    // registered first: a notice published while the backlog is sent is pushed too, and the
    // subscriber orders what it gets by number
    register(s);
    return sendBacklog(s, sub.afterSeq(), lastSeq);
  }

  private Future<Void> sendBacklog(Subscriber s, long after, long upTo) {
    if (after >= upTo) {
      return Future.succeededFuture();
    }
    return repository.after(authority.toString(), after, PAGE).compose(page -> {
      long last = after;
      Future<Void> sent = Future.succeededFuture();
      for (RevocationRecord r : page) {
        if (r.seq() > upTo) {
          break;
        }
        byte[] push = new RevocationMessage.Notice(r.notice()).encode();
        sent = sent.compose(v -> send(s, push));
        last = r.seq();
      }
      long through = last;
      return sent.compose(v -> page.size() < PAGE ? Future.succeededFuture() : sendBacklog(s, through, upTo));
    }).recover(err -> {
      LOG.log(System.Logger.Level.DEBUG, () -> "revocation backlog for " + s.who() + " stopped: " + err.getMessage());
      return Future.succeededFuture();
    });
  }

  /** @return the number of the last notice published */
  public long lastSeq() {
    return lastSeq;
  }

  /** @return how many subscriptions there are now (one per subscribed node, through its secure channel) */
  public int subscribers() {
    return subscribers.size();
  }

  /** @return the subscribers' identifiers, each once */
  public List<String> subscriberIdentifiers() {
    return subscribers.values().stream().map(Subscriber::who).distinct().toList();
  }
}
