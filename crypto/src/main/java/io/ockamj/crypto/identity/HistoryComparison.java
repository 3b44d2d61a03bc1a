package io.ockamj.crypto.identity;

/**
 * How a change history relates to a known one (§5.7): the change hashes are compared over the
 * common prefix; any difference is a {@link #CONFLICT}, otherwise the longer history is newer.
 */
public enum HistoryComparison {
  /** Both histories have the same changes. */
  EQUAL,
  /** This history extends the known one. */
  NEWER,
  /** The known history extends this one. */
  OLDER,
  /** The histories disagree on a change (different identities, or diverging rotations). */
  CONFLICT
}
