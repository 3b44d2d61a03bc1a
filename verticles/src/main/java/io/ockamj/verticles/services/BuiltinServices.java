package io.ockamj.verticles.services;

import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.Worker;
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

  /** The kinds of service {@link #startService} starts. */
  public static final List<String> KINDS = List.of(HopWorker.ADDRESS, EchoWorker.ADDRESS, UppercaseWorker.ADDRESS);

  /**
   * Starts one more {@code hop}, {@code echo} or {@code uppercase} service at an address of choice,
   * reachable as the built-in ones are.
   *
   * @param node the node
   * @param kind one of {@link #KINDS}
   * @param address its address
   * @return a future completed when it runs; failed with {@link NodeException} of kind {@code INVALID}
   *   for an unknown kind, {@code ALREADY_EXISTS} if the address is taken
   */
  public static Future<Void> startService(Node node, String kind, String address) {
    Worker worker;
    switch (kind) {
      case HopWorker.ADDRESS: worker = new HopWorker(); break;
      case EchoWorker.ADDRESS: worker = new EchoWorker(); break;
      case UppercaseWorker.ADDRESS: worker = new UppercaseWorker(); break;
      default:
        return Future.failedFuture(new NodeException(NodeException.Kind.INVALID, "unknown service '" + kind + "'; one of " + KINDS));
    }
    Address a = Address.local(address);
    if (node.isRegistered(a)) {
      return Future.failedFuture(new NodeException(NodeException.Kind.ALREADY_EXISTS, "address " + address + " is already in use"));
    }
    node.flowControls().addConsumer(a, node.tcpListenerFlowControlId());
    node.flowControls().addConsumer(a, node.secureChannelFlowControlId());
    if (!HopWorker.ADDRESS.equals(kind)) {
      TcpTransport.of(node).addOutgoingConsumer(a);
    }
    return node.startWorker(WorkerOptions.of(address), worker);
  }
}
