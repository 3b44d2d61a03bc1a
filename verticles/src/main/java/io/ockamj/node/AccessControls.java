package io.ockamj.node;

import io.ockamj.protocol.Address;
import io.vertx.core.Future;

import java.util.List;
import java.util.Set;

/**
 * The access-control building blocks of Ockam: allow all, deny all, allow from a source, allow to an
 * onward address, and their combinations.
 */
public final class AccessControls {

  private static final Future<Boolean> TRUE = Future.succeededFuture(true);
  private static final Future<Boolean> FALSE = Future.succeededFuture(false);

  /** Lets every message in. */
  public static final IncomingAccessControl ALLOW_ALL_INCOMING = m -> TRUE;
  /** Lets no message in. */
  public static final IncomingAccessControl DENY_ALL_INCOMING = m -> FALSE;
  /** Lets every message out. */
  public static final OutgoingAccessControl ALLOW_ALL_OUTGOING = m -> TRUE;
  /** Lets no message out. */
  public static final OutgoingAccessControl DENY_ALL_OUTGOING = m -> FALSE;

  private AccessControls() {
  }

  /**
   * @param value a decision
   * @return a completed future of it, without allocating
   */
  public static Future<Boolean> decision(boolean value) {
    return value ? TRUE : FALSE;
  }

  /**
   * @param sources the addresses allowed to send to the mailbox
   * @return an incoming control that admits messages from those addresses only
   */
  public static IncomingAccessControl allowSources(Address... sources) {
    Set<Address> set = Set.of(sources);
    return m -> decision(set.contains(m.source()));
  }

  /**
   * @param onward the next hops the mailbox may send to
   * @return an outgoing control that admits messages whose onward route starts with one of them
   */
  public static OutgoingAccessControl allowOnward(Address... onward) {
    Set<Address> set = Set.of(onward);
    return m -> decision(!m.message().onwardRoute().isEmpty() && set.contains(m.message().onwardRoute().next()));
  }

  /**
   * @param controls controls that must all agree
   * @return an incoming control that admits a message only if every control does
   */
  public static IncomingAccessControl allIncoming(List<IncomingAccessControl> controls) {
    return m -> {
      Future<Boolean> f = TRUE;
      for (IncomingAccessControl c : controls) {
        f = f.compose(ok -> ok ? c.isAuthorized(m) : FALSE);
      }
      return f;
    };
  }

  /**
   * @param controls controls of which one must agree
   * @return an incoming control that admits a message if any control does
   */
  public static IncomingAccessControl anyIncoming(List<IncomingAccessControl> controls) {
    return m -> {
      Future<Boolean> f = FALSE;
      for (IncomingAccessControl c : controls) {
        f = f.compose(ok -> ok ? TRUE : c.isAuthorized(m));
      }
      return f;
    };
  }

  /**
   * @param controls controls that must all agree
   * @return an outgoing control that admits a message only if every control does
   */
  public static OutgoingAccessControl allOutgoing(List<OutgoingAccessControl> controls) {
    return m -> {
      Future<Boolean> f = TRUE;
      for (OutgoingAccessControl c : controls) {
        f = f.compose(ok -> ok ? c.isAuthorized(m) : FALSE);
      }
      return f;
    };
  }
}
