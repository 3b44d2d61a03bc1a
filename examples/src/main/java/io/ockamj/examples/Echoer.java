package io.ockamj.examples;

import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.vertx.core.Future;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** A worker that prints what it receives and sends it back along the message's return route. */
final class Echoer implements Worker {

  private final PrintStream out;

  Echoer(PrintStream out) {
    this.out = out;
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    out.println("Echoer received: " + text(message.payload()));
    return context.send(message.returnRoute(), message.payload(), message.messageAddress());
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
