package io.ockamj.crypto.noise;

import io.ockamj.crypto.noise.HandshakeState.Action;
import io.ockamj.crypto.noise.HandshakeState.Role;

/**
 * Where a Noise XX handshake stands: which of its three messages comes next and whether this side
 * writes or reads it. The initiator writes messages 1 and 3 and reads 2; the responder reads 1 and
 * 3 and writes 2; after the third message comes the split. Holds no secret.
 */
final class XxProgress {

  private final Role role;
  // how many of the three messages were processed: the index of the next one
  private int step;
  private Action action;

  XxProgress(Role role) {
    this.role = role;
    this.action = writes(0) ? Action.WRITE_MESSAGE : Action.READ_MESSAGE;
  }

  /** @return what the state machine expects next */
  Action action() {
    return action;
  }

  /** @return the index (0 to 2) of the next message, 3 once all are done */
  int message() {
    return step;
  }

  /** Records that the next message was written or read. */
  void advance() {
    step++;
    action = step == 3 ? Action.SPLIT : writes(step) ? Action.WRITE_MESSAGE : Action.READ_MESSAGE;
  }

  /** Records the split. */
  void complete() {
    action = Action.COMPLETE;
  }

  /**
   * Records that the handshake was abandoned, unless it completed.
   *
   * @return {@code true} if it was not complete (it is now failed)
   */
  boolean fail() {
    if (action == Action.COMPLETE) {
      return false;
    }
    action = Action.FAILED;
    return true;
  }

  /**
   * @param wanted the action a method performs
   * @throws IllegalStateException if the state machine expects another one
   */
  void expect(Action wanted) {
    if (action != wanted) {
      throw new IllegalStateException("handshake expects " + action + ", not " + wanted);
    }
  }

  private boolean writes(int message) {
    return (role == Role.INITIATOR) == (message % 2 == 0);
  }
}
