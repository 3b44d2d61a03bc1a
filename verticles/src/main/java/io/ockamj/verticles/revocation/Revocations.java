package io.ockamj.verticles.revocation;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.RevocationNotice;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.node.Node;
import io.ockamj.node.spi.NodeInternal;
import io.ockamj.store.RevocationRecord;
import io.ockamj.store.RevocationRepository;
import io.ockamj.verticles.channel.CredentialFilters;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The revocations a node honours, one instance per node: which identities each authority revoked
 * and when, and who to tell when a new one arrives. As a {@code Predicate<VerifiedCredential>} it
 * accepts a credential unless its issuer revoked its subject at or after the credential was made,
 * so a member that is enrolled again later gets credentials that count.
 */
public final class Revocations implements Predicate<VerifiedCredential> {

  private static final int PAGE = 1000;

  private record Key(Identifier authority, Identifier subject) {
  }

  private final Map<Key, Long> revokedAt = new ConcurrentHashMap<>();
  private final List<Consumer<RevocationNotice>> listeners = new CopyOnWriteArrayList<>();

  /**
   * Returns the node's instance.
   *
   * @param node the node
   * @return its revocations, created empty on first use
   */
  public static Revocations of(Node node) {
    return NodeInternal.of(node).component(Revocations.class, () -> {
      Revocations r = new Revocations();
      // a revoked member's earlier credentials stop counting in handshakes, and its open channels close
      CredentialFilters.of(node).add(r);
      r.onRevoked(n -> SecureChannels.closeAllWith(node, n.subject()).onSuccess(count -> {
        if (count > 0) {
          System.getLogger(Revocations.class.getName()).log(System.Logger.Level.INFO, "closed " + count
            + " secure channel(s) of " + n.subject() + ", revoked by " + n.issuer() + " (notice " + n.seq() + ")");
        }
      }));
      return r;
    });
  }

  /**
   * Loads what a node already applied from an authority (before subscribing).
   *
   * @param repository the node's notices
   * @param authority the authority
   * @return a future with the number of the last notice loaded, 0 for none
   */
  public Future<Long> load(RevocationRepository repository, Identifier authority) {
    return loadFrom(repository, authority, 0);
  }

  private Future<Long> loadFrom(RevocationRepository repository, Identifier authority, long after) {
    return repository.after(authority.toString(), after, PAGE).compose(page -> {
      long last = after;
      for (RevocationRecord r : page) {
        record(authority, Identifier.parse(r.subject()), r.revokedAt());
        last = r.seq();
      }
      return page.size() < PAGE ? Future.succeededFuture(last) : loadFrom(repository, authority, last);
    });
  }

  private void record(Identifier authority, Identifier subject, long at) {
    revokedAt.merge(new Key(authority, subject), at, Math::max);
  }

  /**
   * Applies a verified notice and tells the listeners.
   *
   * @param notice a notice whose signature was verified against its issuer
   */
  public void apply(RevocationNotice notice) {
    record(notice.issuer(), notice.subject(), notice.revokedAt());
    for (Consumer<RevocationNotice> l : listeners) {
      try {
        l.accept(notice);
      } catch (RuntimeException e) {
        System.getLogger(Revocations.class.getName()).log(System.Logger.Level.WARNING,
          "a revocation listener failed for " + notice + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * Adds a listener called (on the applying thread) for each new notice.
   *
   * @param listener the listener
   * @return a runnable that removes it
   */
  public Runnable onRevoked(Consumer<RevocationNotice> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /**
   * Tells whether an authority revoked a subject at or after a moment.
   *
   * @param authority the authority
   * @param subject the subject
   * @param createdAt when a credential was created, in seconds since the epoch
   * @return {@code true} if that credential no longer counts
   */
  public boolean isRevoked(Identifier authority, Identifier subject, long createdAt) {
    Long at = revokedAt.get(new Key(authority, subject));
    return at != null && at >= createdAt;
  }

  /** Accepts a credential unless it was revoked. */
  @Override
  public boolean test(VerifiedCredential credential) {
    return !isRevoked(credential.issuer(), credential.subject(), credential.createdAt());
  }

  /** @return how many (authority, subject) revocations are known */
  public int size() {
    return revokedAt.size();
  }
}
