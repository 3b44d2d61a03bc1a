package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;

/**
 * Revocation notices by authority and sequence number (ours; Rust Ockam has no revocation). An
 * authority appends the notices it signs; a node appends the ones it applied, in order, so that it
 * asks for what follows its last one when it reconnects.
 */
public interface RevocationRepository {

  /**
   * Stores a notice. Storing the same authority and sequence number again changes nothing.
   *
   * @param notice the notice
   * @return a future with {@code true} if it was new
   */
  Future<Boolean> append(RevocationRecord notice);

  /**
   * Returns the highest sequence number stored for an authority.
   *
   * @param authority the authority's identifier
   * @return a future with that number, 0 if there is none
   */
  Future<Long> lastSeq(String authority);

  /**
   * Returns an authority's notices after a sequence number, in order.
   *
   * @param authority the authority's identifier
   * @param afterSeq only notices with a higher number
   * @param limit at most this many
   * @return a future with the notices
   */
  Future<List<RevocationRecord>> after(String authority, long afterSeq, int limit);
}
