package io.ockamj.node;

/**
 * Why a node dropped a message. Every drop is counted per reason ({@link Drops}) and logged, at
 * most once a minute per reason and peer; nothing disappears silently.
 */
public enum DropReason {
  /** The next hop of the onward route is a local address no worker owns (or owns no more). */
  NO_SUCH_ADDRESS,
  /** The next hop is an address of a transport this node does not run. */
  NO_TRANSPORT,
  /** The sender's outgoing access control (flow control) refused it. */
  DENIED_OUTGOING,
  /** The destination's incoming access control refused it. */
  DENIED_INCOMING,
  /** An access control failed (threw or failed its future) instead of deciding: treated as a denial. */
  ACCESS_CONTROL_FAILED,
  /** The destination worker was stopping or stopped with the message still queued. */
  WORKER_STOPPED,
  /** The destination accepts no messages (a processor). */
  NOT_A_WORKER,
  /** A frame, message or request could not be decoded. */
  MALFORMED,
  /** A secure-channel message failed to decrypt or was replayed. */
  DECRYPTION_FAILED,
  /** A message had nowhere to go from where it arrived (e.g. a relay with no route to its client). */
  NO_ROUTE,
  /** A detached context's inbox was full: the oldest message nobody received was dropped. */
  INBOX_FULL,
  /** A message arrived after the request or session it belonged to had ended. */
  LATE,
  /**
   * An ABAC policy refused the subject (the identity of the secure channel the message came out of
   * or goes into); the log line names the resource, the subject and the rule that decided.
   */
  DENIED_BY_POLICY
}
