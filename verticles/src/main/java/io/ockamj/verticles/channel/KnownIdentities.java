package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.HistoryComparison;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.IdentityException;
import io.ockamj.node.Node;
import io.ockamj.node.spi.NodeInternal;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The change histories a node has seen, one table per node (protocol reference §4.5 step 1, §5.7):
 * a peer that presents a newer history of a known identifier (it rotated its key) replaces the old
 * one; one that presents an older history (a superseded key) or a conflicting one is refused. After
 * a rotation has been seen once, the old key no longer opens a channel to this node.
 */
public final class KnownIdentities {

  private final Map<Identifier, Identity> known = new ConcurrentHashMap<>();
  private final List<Consumer<Identity>> changes = new CopyOnWriteArrayList<>();

  /**
   * Returns the node's table.
   *
   * @param node the node
   * @return its known identities, empty on first use
   */
  public static KnownIdentities of(Node node) {
    return NodeInternal.of(node).component(KnownIdentities.class, KnownIdentities::new);
  }

  /**
   * Checks a verified identity that a peer presents against the one known for its identifier, and
   * keeps the newer.
   *
   * @param presented the identity whose change history verified
   * @return the identity to use from now on (the presented one)
   * @throws IdentityException with {@link IdentityException.Rule#HISTORY_OLDER} or
   *                           {@link IdentityException.Rule#HISTORY_CONFLICT}
   */
  public Identity admit(Identity presented) {
    Objects.requireNonNull(presented, "presented");
    boolean[] changed = {false};
    Identity result = known.compute(presented.identifier(), (id, old) -> {
      if (old == null) {
        changed[0] = true;
        return presented;
      }
      HistoryComparison c = presented.compare(old);
      switch (c) {
        case EQUAL:
          return old;
        case NEWER:
          changed[0] = true;
          return presented;
        case OLDER:
          throw new IdentityException(IdentityException.Rule.HISTORY_OLDER, id + " presented a change history older than the "
            + "one already seen (a superseded key)");
        default:
          throw new IdentityException(IdentityException.Rule.HISTORY_CONFLICT, id + " presented a change history that "
            + "conflicts with the one already seen");
      }
    });
    if (changed[0]) {
      for (Consumer<Identity> c : changes) {
        c.accept(result);
      }
    }
    return result;
  }

  /**
   * Remembers an identity without checks (to load a table kept elsewhere), unless a newer one is known.
   *
   * @param identity a verified identity
   */
  public void remember(Identity identity) {
    known.merge(identity.identifier(), identity, (old, fresh) -> fresh.compare(old) == HistoryComparison.NEWER ? fresh : old);
  }

  /**
   * @param identifier an identifier
   * @return the newest identity seen for it
   */
  public Optional<Identity> get(Identifier identifier) {
    return Optional.ofNullable(known.get(identifier));
  }

  /**
   * Adds a listener called with each identity that is new or newer than the one known (to persist them).
   *
   * @param listener the listener; it runs on the thread that verified the handshake
   * @return a runnable that removes it
   */
  public Runnable onChange(Consumer<Identity> listener) {
    changes.add(listener);
    return () -> changes.remove(listener);
  }
}
