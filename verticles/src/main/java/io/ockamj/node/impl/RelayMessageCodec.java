package io.ockamj.node.impl;

import io.ockamj.node.RelayMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Carries {@link RelayMessage}s on the event bus. Inside one JVM a message is handed over by
 * reference (messages are immutable; {@link #transform} returns it). Its wire form, for a bus that
 * crosses JVMs, is Ockam's transport encoding: two length-prefixed Ockam TCP frame bodies, the first
 * carrying the destination and source addresses as its onward route, the second the message itself.
 * Local information (such as the identity a secure channel vouched for) never crosses a wire.
 */
final class RelayMessageCodec implements MessageCodec<RelayMessage, RelayMessage> {

  static final String NAME = "ockam-relay-message";

  @Override
  public void encodeToWire(Buffer buffer, RelayMessage message) {
    byte[] addresses = TcpFrameCodec.encode(new TransportMessage(Route.of(message.destination(), message.source()), Route.empty(),
      new byte[0], null));
    byte[] body = TcpFrameCodec.encode(message.message().toTransportMessage());
    buffer.appendInt(addresses.length).appendBytes(addresses).appendInt(body.length).appendBytes(body);
  }

  @Override
  public RelayMessage decodeFromWire(int pos, Buffer buffer) {
    int n = buffer.getInt(pos);
    if (n < 0 || n > buffer.length() - pos - 4) {
      throw new IllegalArgumentException("malformed routed message on the bus: address part of " + n + " bytes");
    }
    Route addresses = TcpFrameCodec.decode(buffer.getBytes(pos + 4, pos + 4 + n)).onwardRoute();
    int at = pos + 4 + n;
    int m = buffer.getInt(at);
    if (m < 0 || m > buffer.length() - at - 4 || m > TcpFrameCodec.MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException("malformed routed message on the bus: message part of " + m + " bytes");
    }
    if (addresses.size() != 2) {
      throw new IllegalArgumentException("malformed routed message on the bus: " + addresses.size() + " addresses instead of 2");
    }
    TransportMessage tm = TcpFrameCodec.decode(buffer.getBytes(at + 4, at + 4 + m));
    return new RelayMessage(addresses.get(1), addresses.get(0), tm.toLocalMessage());
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
