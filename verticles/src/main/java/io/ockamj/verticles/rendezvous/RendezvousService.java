package io.ockamj.verticles.rendezvous;

import io.ockamj.node.DropReason;
import io.ockamj.node.Node;
import io.ockamj.node.NodeContext;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.rendezvous.RendezvousRequest;
import io.ockamj.protocol.rendezvous.RendezvousResponse;
import io.vertx.core.Future;

/**
 * The rendezvous service worker: answers {@code Ping} with {@code Pong}, and {@code GetMyAddress}
 * with the first UDP address of the request's return route (the {@code ip:port} the UDP receiver
 * saw it come from). A request that did not come over UDP gets no answer (as in Rust); one that
 * cannot be decoded is counted as dropped.
 * <p>
 * It receives nothing until it is made a consumer of a UDP bind's flow
 * ({@code node.flowControls().addConsumer(address, bind.flowControlId())}).
 */
public final class RendezvousService implements Worker {

  private static final System.Logger LOG = System.getLogger(RendezvousService.class.getName());

  /** The service's well-known address (Rust's {@code DefaultAddress::RENDEZVOUS_SERVICE}). */
  public static final String ADDRESS = "rendezvous";

  private RendezvousService() {
  }

  /**
   * Starts the service.
   *
   * @param node the node
   * @param address its address, usually {@link #ADDRESS}
   * @return a future completed when it runs
   */
  public static Future<Void> start(Node node, String address) {
    return node.startWorker(WorkerOptions.of(address), new RendezvousService());
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    RendezvousRequest request;
    try {
      request = RendezvousRequest.decode(message.payload());
    } catch (DecodeException e) {
      context.node().drops().record(DropReason.MALFORMED, message.returnRoute(), "rendezvous request: " + e.getMessage());
      return Future.succeededFuture();
    }
    switch (request) {
      case PING:
        return context.send(message.returnRoute(), RendezvousResponse.PONG.encode(), message.messageAddress());
      case GET_MY_ADDRESS:
      default:
        Address udp = null;
        for (Address a : message.returnRoute()) {
          if (a.transportType() == Address.UDP) {
            udp = a;
            break;
          }
        }
        if (udp == null) {
          context.node().drops().record(DropReason.NO_ROUTE, message.returnRoute(),
            "rendezvous GetMyAddress: the return route has no UDP address (the request did not come over UDP)");
          return Future.succeededFuture();
        }
        String address = udp.innerText();
        LOG.log(System.Logger.Level.INFO, () -> address + " got its public address");
        return context.send(message.returnRoute(), new RendezvousResponse.MyAddress(address).encode(), message.messageAddress());
    }
  }
}
