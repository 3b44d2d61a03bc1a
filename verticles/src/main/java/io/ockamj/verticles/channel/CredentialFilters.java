package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.node.Node;
import io.ockamj.node.spi.NodeInternal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Checks that a node applies to every credential a peer presents, after it verified against an
 * authority (one set per node): a credential that any filter rejects is ignored, as a credential
 * that did not verify is. Revocation adds one (see {@code io.ockamj.verticles.revocation.Revocations}).
 */
public final class CredentialFilters {

  private final List<Predicate<VerifiedCredential>> filters = new CopyOnWriteArrayList<>();

  /**
   * Returns the node's filters.
   *
   * @param node the node
   * @return its filters, none on first use
   */
  public static CredentialFilters of(Node node) {
    return NodeInternal.of(node).component(CredentialFilters.class, CredentialFilters::new);
  }

  /**
   * Adds a filter.
   *
   * @param filter returns {@code false} for a credential that must not count; it runs on the
   *               thread that verified the handshake and must not block
   * @return a runnable that removes it
   */
  public Runnable add(Predicate<VerifiedCredential> filter) {
    filters.add(filter);
    return () -> filters.remove(filter);
  }

  /**
   * @param credential a verified credential
   * @return whether every filter accepts it
   */
  public boolean accepts(VerifiedCredential credential) {
    for (Predicate<VerifiedCredential> f : filters) {
      if (!f.test(credential)) {
        return false;
      }
    }
    return true;
  }
}
