package io.ockamj.examples;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.vertx.core.Vertx;

import java.io.PrintStream;

/**
 * 03: two nodes, each in its own Vert.x instance as if in two processes; the initiator sends over
 * Ockam's TCP transport to the responder's echoer (Rust's {@code 04-routing-over-transport-*}).
 */
public final class RoutingOverTcp {

  private RoutingOverTcp() {
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
    Vertx responderVertx = Vertx.vertx();
    Vertx initiatorVertx = Vertx.vertx();
    try {
      // the responder listens on a free port of 127.0.0.1
      Node responder = Node.create(responderVertx, new NodeOptions().setName("responder").setTcpListenerAddress("127.0.0.1:0")).await();
      responder.startWorker(WorkerOptions.of("echoer"), new Echoer(out)).await();
      // flow control: a new worker is reachable from nowhere; let the TCP listener's peers reach it
      responder.flowControls().addConsumer(Address.local("echoer"), responder.tcpListenerFlowControlId());
      out.println("Responder listening on " + responder.tcpListenerAddress());

      Node initiator = Node.create(initiatorVertx, new NodeOptions().setName("initiator")).await();
      // 1#HOST:PORT is a TCP address: the node opens (or reuses) a connection to it
      Route route = Route.of(Address.tcp(responder.tcpListenerAddress()), Address.local("echoer"));
      Routed reply = initiator.context().sendAndReceive(route, Echoer.bytes("Hello Ockam!")).await();
      out.println("App received: " + Echoer.text(reply.payload()));
    } finally {
      // any order: each Vert.x instance closes its own node
      initiatorVertx.close().await();
      responderVertx.close().await();
    }
  }
}
