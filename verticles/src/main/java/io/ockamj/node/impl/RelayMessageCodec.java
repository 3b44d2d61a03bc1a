package io.ockamj.node.impl;

import io.ockamj.node.RelayMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Carries {@link RelayMessage}s over the local event bus without copying (they are immutable).
 * Nodes never cluster, so the wire methods refuse to work.
 */
final class RelayMessageCodec implements MessageCodec<RelayMessage, RelayMessage> {

  static final String NAME = "ockam-relay-message";

  @Override
  public void encodeToWire(Buffer buffer, RelayMessage message) {
    throw new UnsupportedOperationException("Ockam routed messages never leave the local event bus");
  }

  @Override
  public RelayMessage decodeFromWire(int pos, Buffer buffer) {
    throw new UnsupportedOperationException("Ockam routed messages never leave the local event bus");
  }

  @Override
  public RelayMessage transform(RelayMessage message) {
    return message;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
