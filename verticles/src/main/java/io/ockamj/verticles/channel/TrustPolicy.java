package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.VerifiedCredential;

import java.util.List;
import java.util.Set;

/**
 * Decides, after the peer of a secure channel has proven its identity, whether to go on with the
 * channel. Combine policies with {@link #and} and {@link #or}.
 */
@FunctionalInterface
public interface TrustPolicy {

  /**
   * What is known about a verified peer.
   *
   * @param identifier the peer's identifier, proven by its change history and purpose key
   * @param credentials the peer's credentials that verified against a trusted authority
   */
  record Peer(Identifier identifier, List<VerifiedCredential> credentials) {
  }

  /**
   * @param peer the verified peer
   * @return {@code true} to trust it
   */
  boolean trusts(Peer peer);

  /**
   * @return a policy that trusts every peer that proves an identity (Ockam's default)
   */
  static TrustPolicy trustEveryone() {
    return p -> true;
  }

  /**
   * @param identifiers the identities to trust
   * @return a policy that trusts exactly these identities
   */
  static TrustPolicy trustIdentifiers(Identifier... identifiers) {
    Set<Identifier> set = Set.of(identifiers);
    return p -> set.contains(p.identifier());
  }

  /**
   * @param authority the issuer whose credentials count
   * @return a policy that trusts peers presenting a valid credential issued by {@code authority}
   *   (the channel must be configured with that authority so that credentials get verified)
   */
  static TrustPolicy trustCredentialHoldersOf(Identity authority) {
    Identifier issuer = authority.identifier();
    return p -> p.credentials().stream().anyMatch(c -> c.issuer().equals(issuer));
  }

  /**
   * @param other another policy
   * @return a policy that trusts when both trust
   */
  default TrustPolicy and(TrustPolicy other) {
    return p -> trusts(p) && other.trusts(p);
  }

  /**
   * @param other another policy
   * @return a policy that trusts when either trusts
   */
  default TrustPolicy or(TrustPolicy other) {
    return p -> trusts(p) || other.trusts(p);
  }
}
