package io.ockamj.examples;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.vertx.core.Vertx;

import java.io.PrintStream;

/**
 * 02: a message routed through three hop workers to the echoer, and the reply back through them
 * (Rust's {@code 03-routing} and {@code 03-routing-many-hops}).
 */
public final class RoutingOverHops {

  private RoutingOverHops() {
  }

  /**
   * Runs the example.
   *
   * @param args none
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    Vertx vertx = Vertx.vertx();
    try {
      Node node = Node.create(vertx, new NodeOptions().setName("hops").setBuiltinServices(false)).await();
      node.startWorker(WorkerOptions.of("echoer"), new Echoer(out)).await();
      for (String hop : new String[] {"h1", "h2", "h3"}) {
        node.startWorker(WorkerOptions.of(hop), hop(out)).await();
      }
      Routed reply = node.context().sendAndReceive(Route.of("h1", "h2", "h3", "echoer"), Echoer.bytes("Hello Ockam!")).await();
      out.println("App received: " + Echoer.text(reply.payload()) + " (return route was " + reply.returnRoute() + ")");
    } finally {
      vertx.close().await();
    }
  }

  /** A hop takes itself off the onward route, puts itself on the return route and forwards. */
  private static Worker hop(PrintStream out) {
    return (context, message) -> {
      LocalMessage next = message.message().stepForward(message.messageAddress());
      out.println(message.messageAddress().innerText() + " forwards to " + next.onwardRoute().next().innerText());
      return context.forward(next, message.messageAddress());
    };
  }
}
