package io.ockamj.verticles.relay;

import io.ockamj.node.AccessControls;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.FlowControls;
import io.ockamj.node.Mailbox;
import io.ockamj.node.NodeContext;
import io.ockamj.node.OutgoingAccessControl;
import io.ockamj.node.Routed;
import io.ockamj.node.Worker;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.bare.BareReader;
import io.ockamj.protocol.bare.BareWriter;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;

/**
 * The client side of a relay (§8.2). {@code main_remote} sends the registration and receives the
 * reply; messages that a relay service delivers through {@code main_remote} (the Orchestrator keeps
 * it in its route, §8.3) are passed on from {@code main_internal}.
 */
final class RemoteRelayWorker implements Worker {

  private static final System.Logger LOG = System.getLogger(RemoteRelayWorker.class.getName());
  private static final int MAX_REPLY = Address.MAX_INNER_LENGTH + 16;

  final Address mainRemote = Address.randomLocal();
  final Address mainInternal = Address.randomLocal();
  private final Route registrationRoute;
  private final String registrationName;
  private final Promise<RemoteRelayInfo> registered;

  private final FlowControls flowControls;
  private final FlowControlId flow;

  /**
   * @param flow the producer flow of the registration route's first hop, or {@code null} when the
   *   relay service runs in this node
   */
  RemoteRelayWorker(Route registrationRoute, String registrationName, Promise<RemoteRelayInfo> registered,
                    FlowControls flowControls, FlowControlId flow) {
    this.registrationRoute = registrationRoute;
    this.registrationName = registrationName;
    this.registered = registered;
    this.flowControls = flowControls;
    this.flow = flow;
  }

  WorkerOptions workerOptions() {
    OutgoingAccessControl internal = AccessControls.ALLOW_ALL_OUTGOING;
    if (flow != null) {
      flowControls.addConsumer(mainRemote, flow);
      flowControls.addProducer(mainInternal, flow, null, List.of());
      internal = flowControls.outgoingAccessControl(flow, null);
    }
    return new WorkerOptions()
      .addMailbox(new Mailbox(mainInternal, AccessControls.DENY_ALL_INCOMING, internal))
      .addMailbox(Mailbox.allowAll(mainRemote));
  }

  private volatile NodeContext context;

  @Override
  public Future<Void> initialize(NodeContext context) {
    this.context = context;
    return sendRegistration();
  }

  /** Sends the registration (again): a named relay's registration is idempotent at the service. */
  Future<Void> sendRegistration() {
    NodeContext c = context;
    if (c == null || registered.future().isComplete()) {
      return Future.succeededFuture();
    }
    return c.send(registrationRoute, BareWriter.encodeString(registrationName), mainRemote);
  }

  @Override
  public Future<Void> handleMessage(NodeContext context, Routed message) {
    if (!message.messageAddress().equals(mainRemote)) {
      return Future.failedFuture(new RelayException(RelayException.Reason.INVALID_REQUEST,
        "remote relay " + mainRemote + ": unexpected message at " + message.messageAddress()));
    }
    LocalMessage m = message.message();
    Route rest = m.onwardRoute().step();
    if (rest.isEmpty()) {
      serviceMessage(m);
      return Future.succeededFuture();
    }
    if (rest.next().equals(mainRemote)) {
      // forwarding to ourselves would sidestep main_internal's outgoing access control
      return Future.failedFuture(new RelayException(RelayException.Reason.INVALID_REQUEST,
        "remote relay " + mainRemote + ": refusing a message whose next hop is the relay itself"));
    }
    return context.forward(m.withOnwardRoute(rest), mainInternal);
  }

  private void serviceMessage(LocalMessage m) {
    RemoteRelayInfo info;
    try {
      String payload = BareReader.decodeString(m.payload(), MAX_REPLY);
      // ends_with, not equals: a Rust service answers "forward_to_<name>", the Orchestrator "<name>"
      if (!RelayService.REGISTER.equals(registrationName) && !payload.endsWith(registrationName)) {
        throw new RelayException(RelayException.Reason.INVALID_RESPONSE,
          "relay service answered '" + payload + "' to the registration of '" + registrationName + "'");
      }
      Route ret = m.returnRoute();
      if (ret.isEmpty() || !ret.recipient().isLocal()) {
        throw new RelayException(RelayException.Reason.INVALID_RESPONSE,
          "relay service reply has no local relay address in its return route: " + ret);
      }
      info = new RemoteRelayInfo(ret, ret.recipient().innerText(), mainRemote, flow);
    } catch (RelayException e) {
      LOG.log(System.Logger.Level.WARNING, e.getMessage());
      registered.tryFail(e);
      return;
    } catch (RuntimeException e) {
      RelayException err = new RelayException(RelayException.Reason.INVALID_RESPONSE,
        "relay service reply is not a BARE string: " + e.getMessage(), e);
      LOG.log(System.Logger.Level.WARNING, err.getMessage());
      registered.tryFail(err);
      return;
    }
    if (registered.tryComplete(info)) {
      LOG.log(System.Logger.Level.INFO, "relay " + info.remoteAddress() + " registered, route " + info.forwardingRoute());
    } else {
      LOG.log(System.Logger.Level.DEBUG, () -> "relay " + info.remoteAddress() + " confirmed again, route " + info.forwardingRoute());
    }
  }
}
