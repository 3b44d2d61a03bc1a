package io.ockamj.examples;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Route;
import io.vertx.core.Vertx;

import java.io.PrintStream;

/**
 * 01: a node in a Vert.x instance, a worker at {@code echoer}, one message to it and its reply
 * (Rust's {@code 01-node} and {@code 02-worker}).
 */
public final class HelloWorker {

  private HelloWorker() {
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
      Node node = Node.create(vertx, new NodeOptions().setName("hello")).await();
      node.startWorker(WorkerOptions.of("echoer"), new Echoer(out)).await();
      // the node's own context sends from a temporary address and waits for the reply there
      Routed reply = node.context().sendAndReceive(Route.of("echoer"), Echoer.bytes("Hello Ockam!")).await();
      out.println("App received: " + Echoer.text(reply.payload()));
    } finally {
      // closing Vert.x closes its nodes first
      vertx.close().await();
    }
  }
}
