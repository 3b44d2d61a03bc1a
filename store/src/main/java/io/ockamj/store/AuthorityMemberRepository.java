package io.ockamj.store;

import io.vertx.core.Future;

import java.util.List;
import java.util.Optional;

/**
 * The members of the authority that runs on this store. All methods may be called from an event
 * loop; failures arrive as failed futures carrying a {@link StoreException}.
 */
public interface AuthorityMemberRepository {

  /**
   * Adds a member, replacing an existing member with the same identifier.
   *
   * @param member the member
   * @return a future completed when stored
   */
  Future<Void> add(AuthorityMemberRecord member);

  /**
   * @param identifier the identifier
   * @return a future with the member, or empty
   */
  Future<Optional<AuthorityMemberRecord>> get(String identifier);

  /**
   * @return a future with every member, ordered by identifier
   */
  Future<List<AuthorityMemberRecord>> list();

  /**
   * @param identifier the identifier
   * @return a future with {@code true} if a member was deleted
   */
  Future<Boolean> delete(String identifier);

  /**
   * Replaces the pre-trusted members with the given ones in one transaction: former pre-trusted
   * members that are not in the list are removed, members added by enrollment stay.
   *
   * @param members the pre-trusted members (each with {@code preTrusted} set)
   * @return a future completed when committed
   */
  Future<Void> replacePreTrusted(List<AuthorityMemberRecord> members);
}
