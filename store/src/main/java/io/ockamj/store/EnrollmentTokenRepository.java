package io.ockamj.store;

import io.vertx.core.Future;

import java.time.Instant;
import java.util.Optional;

/**
 * The enrollment tokens of the authority that runs on this store. All methods may be called from
 * an event loop; failures arrive as failed futures carrying a {@link StoreException}.
 */
public interface EnrollmentTokenRepository {

  /** Why a token was accepted or refused by {@link #accept}. */
  enum Outcome {
    /** The identity is a member now, with the token's attributes. */
    ACCEPTED,
    /** No token has that code. */
    UNKNOWN,
    /** The token has expired. */
    EXPIRED,
    /** The token was used as many times as it allows. */
    USED_UP,
    /** The identity is a member already; the token was not used. */
    ALREADY_MEMBER
  }

  /**
   * What {@link #accept} did.
   *
   * @param outcome accepted or why not
   * @param token the token as it is after the use (present unless {@link Outcome#UNKNOWN})
   */
  record Acceptance(Outcome outcome, Optional<EnrollmentTokenRecord> token) {
  }

  /**
   * Stores a new token.
   *
   * @param token the token
   * @return a future completed when stored; failed with {@link StoreException.Reason#CONSTRAINT} if
   *     the code exists
   */
  Future<Void> store(EnrollmentTokenRecord token);

  /**
   * @param oneTimeCode the code
   * @return a future with the token, or empty
   */
  Future<Optional<EnrollmentTokenRecord>> get(String oneTimeCode);

  /**
   * Uses a token to make an identity a member, in one transaction: checks that the identity is not a
   * member yet and that the token exists, has not expired and has uses left; then decrements its
   * count and adds the member with the token's attributes, added by the token's issuer. Nothing is
   * written unless the outcome is {@link Outcome#ACCEPTED}.
   *
   * @param oneTimeCode the code
   * @param identifier the identity that presents it
   * @param now the time of the use
   * @return a future with what happened
   */
  Future<Acceptance> accept(String oneTimeCode, String identifier, Instant now);

  /**
   * Removes tokens that expired before a given time.
   *
   * @param before the time
   * @return a future with the number removed
   */
  Future<Integer> deleteExpiredBefore(Instant before);
}
