package io.ockamj.verticles.services;

import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.errors.DecodeException;
import io.vertx.core.Future;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The {@code uppercase} demo service: takes a BARE string and replies with it upper-cased (as Rust
 * Ockam does). A payload that is not a BARE string is taken as raw UTF-8 and answered raw, so
 * {@code ockam message send hello --to .../service/uppercase} works too.
 */
public final class UppercaseWorker implements Worker {

  /** The well-known address. */
  public static final String ADDRESS = "uppercase";
  private static final int MAX_TEXT = 1 << 20;

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    byte[] payload = message.payload();
    byte[] reply;
    try {
      reply = BareWriter.encodeString(BareReader.decodeString(payload, MAX_TEXT).toUpperCase(Locale.ROOT));
    } catch (DecodeException notBare) {
      reply = new String(payload, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    }
    return context.send(message.returnRoute(), reply, message.messageAddress());
  }
}
