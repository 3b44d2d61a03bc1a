package io.ockamj.verticles.policy;

import io.ockamj.node.AccessDenied;
import io.ockamj.node.DropReason;
import io.ockamj.node.IncomingAccessControl;
import io.ockamj.node.OutgoingAccessControl;
import io.ockamj.node.RelayMessage;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalInfo;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The access control of one resource: the subject's identity (from the secure channel the message
 * came out of, or for the outgoing side, the one it goes into) is checked against the resource's
 * policy ({@link Policies#check}). Decisions are cached for {@link #CACHE_MILLIS} ms per subject, as
 * Rust's cached access controls do (at most {@link #CACHE_SIZE} subjects), and forgotten when a policy
 * of the node changes.
 * <p>
 * A refusal fails the decision with {@link AccessDenied} ({@link DropReason#DENIED_BY_POLICY}), so
 * that the router counts it and logs the resource, the subject and the rule; each refusal also counts
 * once in the node's {@code ockam_policy_denials_total{resource_type,resource}}. An optional handler
 * sees every refused message (an outlet uses it to close the refused portal connection at once).
 */
public final class PolicyAccessControl implements IncomingAccessControl, OutgoingAccessControl {

  /** How long a decision is reused. */
  public static final long CACHE_MILLIS = 1_000;
  /** How many subjects' decisions are kept. */
  public static final int CACHE_SIZE = 64;

  private static final String NO_SUBJECT = "";

  private final Policies policies;
  private final String resource;
  private final ResourceType type;
  private final boolean outgoing;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private volatile Consumer<RelayMessage> onDenied = m -> { };

  /**
   * A decision, or the one being made: while the store is asked, every message of that subject waits
   * on the same lookup (a portal moves thousands of messages a second; one lookup each piled up
   * thousands of queries and their buffered messages when a decision expired). {@code until} is set
   * when the decision is made.
   */
  private static final class Cached {
    final Future<PolicyDecision> decision;
    final long generation;
    volatile long until = Long.MAX_VALUE;
    // the decision this one replaces, served while this one is looked up (see decide)
    volatile Cached stale;

    Cached(Future<PolicyDecision> decision, long generation) {
      this.decision = decision;
      this.generation = generation;
    }
  }

  PolicyAccessControl(Policies policies, String resource, ResourceType type, boolean outgoing) {
    this.policies = policies;
    this.resource = Objects.requireNonNull(resource, "resource");
    this.type = Objects.requireNonNull(type, "type");
    this.outgoing = outgoing;
  }

  /**
   * @param handler called (on the deciding thread) with every refused message
   * @return this
   */
  public PolicyAccessControl onDenied(Consumer<RelayMessage> handler) {
    this.onDenied = Objects.requireNonNull(handler);
    return this;
  }

  /** @return the protected resource's name */
  public String resource() {
    return resource;
  }

  @Override
  public Future<Boolean> isAuthorized(RelayMessage message) {
    String subject = outgoing ? outgoingSubject(message.destination()) : incomingSubject(message);
    String key = subject == null ? NO_SUBJECT : subject;
    long now = System.nanoTime() / 1_000_000;
    Future<PolicyDecision> decision = decide(key, subject, now);
    return decision.compose(d -> {
      if (d.allowed()) {
        return Future.succeededFuture(true);
      }
      policies.denied(resource, type);
      try {
        onDenied.accept(message);
      } catch (RuntimeException ignored) {
        // a failing handler must not change the decision
      }
      String who = subject == null ? "a message outside any secure channel" : "subject " + subject;
      return Future.failedFuture(new AccessDenied(DropReason.DENIED_BY_POLICY, (outgoing ? "outgoing" : "incoming")
        + " policy of " + type + " '" + resource + "' refused " + who + ": denied by " + d.rule()));
    });
  }

  /** The subject's decision: a fresh cached one, the lookup in progress, or a new lookup. */
  private Future<PolicyDecision> decide(String key, String subject, long now) {
    long generation = policies.generation();
    Cached c = cache.get(key);
    if (c != null && c.generation == generation && c.until > now) {
      return servable(c, now);
    }
    synchronized (cache) {
      c = cache.get(key);
      if (c != null && c.generation == generation && c.until > now) {
        return servable(c, now);
      }
      if (cache.size() >= CACHE_SIZE) {
        cache.values().removeIf(e -> e.until + CACHE_MILLIS <= now);
        if (cache.size() >= CACHE_SIZE) {
          cache.clear();
        }
      }
      Cached fresh = new Cached(policies.checkShared(resource, type, subject), generation);
      if (c != null && c.generation == generation && c.decision.succeeded()) {
        fresh.stale = c;
      }
      cache.put(key, fresh);
      fresh.decision.onComplete(ar -> {
        fresh.stale = null;
        if (ar.succeeded()) {
          fresh.until = System.nanoTime() / 1_000_000 + CACHE_MILLIS;
        } else {
          // a failed lookup is not kept: the next message asks again
          cache.remove(key, fresh);
        }
      });
      return servable(fresh, now);
    }
  }

  /**
   * A decision being looked up whose predecessor (under the same policies) expired less than
   * {@link #CACHE_MILLIS} ago lets the predecessor serve meanwhile: a busy portal does not stall once
   * a second on the store. A policy change never serves an old decision.
   */
  private static Future<PolicyDecision> servable(Cached c, long now) {
    Cached stale = c.stale;
    if (stale != null && !c.decision.isComplete() && stale.until + CACHE_MILLIS > now) {
      return stale.decision;
    }
    return c.decision;
  }

  static String incomingSubject(RelayMessage m) {
    LocalInfo info = m.message().findLocalInfo(SecureChannels.IDENTITY_LOCAL_INFO);
    if (info == null) {
      return null;
    }
    try {
      return BareReader.decodeString(info.data(), 200);
    } catch (DecodeException e) {
      return null;
    }
  }

  private String outgoingSubject(Address next) {
    SecureChannels channels = policies.channels();
    if (channels == null) {
      return null;
    }
    for (SecureChannel c : channels.list()) {
      if (c.encryptor().equals(next)) {
        return c.peer().toString();
      }
    }
    return null;
  }
}
