package io.ockamj.verticles.services;

import io.ockamj.node.Node;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.verticles.transport.tcp.TcpTransport;
import io.vertx.core.Future;

import java.util.List;

/**
 * Starts the well-known demo services {@code echo}, {@code uppercase}, {@code hop} and the relay service ({@code forwarding_service}).
 */
public final class BuiltinServices {

  private BuiltinServices() {
  }

  /**
   * @param node the node
   * @return a future completed when the three services run
   */
  public static Future<Void> start(Node node) {
    // harmless services: reachable from TCP peers, through secure channels and over outgoing
    // connections (what Rust Ockam's node and command line allow)
    for (String a : List.of(EchoWorker.ADDRESS, UppercaseWorker.ADDRESS, HopWorker.ADDRESS)) {
      Address address = Address.local(a);
      node.flowControls().addConsumer(address, node.tcpListenerFlowControlId());
      node.flowControls().addConsumer(address, node.secureChannelFlowControlId());
      if (!HopWorker.ADDRESS.equals(a)) {
        TcpTransport.of(node).addOutgoingConsumer(address);
      }
    }
    return Future.all(
      node.startWorker(WorkerOptions.of(EchoWorker.ADDRESS), new EchoWorker()),
      io.ockamj.verticles.relay.RelayService.start(node),
      node.startWorker(WorkerOptions.of(UppercaseWorker.ADDRESS), new UppercaseWorker()),
      node.startWorker(WorkerOptions.of(HopWorker.ADDRESS), new HopWorker())).mapEmpty();
  }
}
