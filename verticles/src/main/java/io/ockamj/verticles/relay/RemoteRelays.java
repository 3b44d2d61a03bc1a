package io.ockamj.verticles.relay;

import io.ockamj.node.FlowControlId;
import io.ockamj.node.FlowControls;
import io.ockamj.node.Node;
import io.ockamj.node.NodeException;
import io.ockamj.node.Timers;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.Objects;

/**
 * Registers relays on a relay node from the node that wants to be reachable (protocol §8.2).
 * <p>
 * A registration starts a local worker with two addresses: {@code main_remote} sends the registration
 * to the relay service and receives its reply, and {@code main_internal} passes on messages that a
 * relay delivers through {@code main_remote} (Orchestrator relays do, §8.3; Rust relay services
 * deliver straight to the target worker). The worker stays until {@link #close} or until the node
 * stops; the relay lives on the relay node as long as the connection it was registered through.
 * <p>
 * Two variants, as in Rust:
 * <ul>
 *   <li><b>static</b> ({@link #create}): sends the name to {@code static_forwarding_service};
 *   the relay is {@code forward_to_<name>};</li>
 *   <li><b>ephemeral</b> ({@link #createEphemeral}): sends {@code "register"} to
 *   {@code forwarding_service}; the service picks a random name.</li>
 * </ul>
 * The reply must be a BARE string that ends with the requested name (the Rust service answers
 * {@code forward_to_<name>}, the Orchestrator {@code <name>}); the relay address is the last hop of
 * the reply's return route.
 */
public final class RemoteRelays {

  private RemoteRelays() {
  }

  /**
   * Registers a named ("static") relay.
   *
   * @param node the node that wants to be reachable
   * @param routeToRelayNode the route to the relay node, e.g. {@code 1#relay.example:4000} or a
   *   secure channel's encryptor; the service address is appended
   * @param name the relay name; {@code null} or {@code "register"} registers an ephemeral relay
   * @param options reply timeout, service address
   * @return the relay once the service confirmed it; failed with a {@link RelayException} of reason
   *   {@code TIMEOUT} if no reply came (no relay service there, or the name belongs to another
   *   identity), {@code INVALID_RESPONSE}, or with the node's failure if the route cannot be used
   */
  public static Future<RemoteRelayInfo> create(Node node, Route routeToRelayNode, String name, RemoteRelayOptions options) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(routeToRelayNode, "routeToRelayNode");
    Objects.requireNonNull(options, "options");
    boolean ephemeral = name == null || RelayService.REGISTER.equals(name);
    if (!ephemeral && name.isEmpty()) {
      return Future.failedFuture(new RelayException(RelayException.Reason.INVALID_REQUEST, "a relay name must not be empty"));
    }
    String service = options.getServiceAddress() != null ? options.getServiceAddress()
      : ephemeral ? RelayService.DEFAULT_ADDRESS : RelayService.STATIC_ADDRESS;
    return register(node, routeToRelayNode.append(Address.local(service)), ephemeral ? RelayService.REGISTER : name,
      options.getTimeoutMs());
  }

  /**
   * Registers an ephemeral relay: the relay service picks a random name.
   *
   * @param node the node that wants to be reachable
   * @param routeToRelayNode the route to the relay node; the service address is appended
   * @param options reply timeout, service address
   * @return the relay once the service confirmed it, failed as {@link #create}
   */
  public static Future<RemoteRelayInfo> createEphemeral(Node node, Route routeToRelayNode, RemoteRelayOptions options) {
    return create(node, routeToRelayNode, null, options);
  }

  /**
   * Stops the local worker of a relay. The relay node drops the relay once the connection or channel
   * it was registered through closes (a Java relay service checks for that; a Rust one keeps it).
   *
   * @param node the node the relay was created from
   * @param relay the relay
   * @return a future completed when the worker has stopped (also if it was already gone)
   */
  public static Future<Void> close(Node node, RemoteRelayInfo relay) {
    return node.stopWorker(relay.workerAddress()).recover(err -> Future.succeededFuture());
  }

  static final long RESEND_INITIAL_MS = 500;
  static final long RESEND_MAX_MS = 4000;

  private static void resendUntilRegistered(Node node, RemoteRelayWorker worker, Promise<RemoteRelayInfo> registered,
                                            Backoff backoff, long deadlineNanos) {
    long delay = backoff.nextDelayMs();
    if (registered.future().isComplete() || System.nanoTime() + delay * 1_000_000L >= deadlineNanos) {
      return;
    }
    Timers.setTimer(node.vertx(), delay, id -> {
      if (!registered.future().isComplete() && node.isRegistered(worker.mainRemote)) {
        worker.sendRegistration();
        resendUntilRegistered(node, worker, registered, backoff, deadlineNanos);
      }
    });
  }

  private static Future<RemoteRelayInfo> register(Node node, Route registrationRoute, String payload, long timeoutMs) {
    return node.resolve(registrationRoute).compose(resolved -> registerResolved(node, resolved, payload, timeoutMs));
  }

  private static Future<RemoteRelayInfo> registerResolved(Node node, Route registrationRoute, String payload, long timeoutMs) {
    Promise<RemoteRelayInfo> registered = Promise.promise();
    // §3.6: what arrives through the relay is treated as traffic of the connection or channel it
    // was registered through
    FlowControlId flow = node.flowControls().findProducer(registrationRoute.next())
      .map(FlowControls.ProducerInfo::flowControlId).orElse(null);
    RemoteRelayWorker worker = new RemoteRelayWorker(registrationRoute, payload, registered, node.flowControls(), flow);
    long timer = Timers.setTimer(node.vertx(), timeoutMs, id -> registered.tryFail(new RelayException(RelayException.Reason.TIMEOUT,
      "no reply to the registration of relay '" + payload + "' via " + registrationRoute + " within " + timeoutMs
        + " ms (no relay service there, or the name belongs to another identity)")));
    Future<Void> started = node.startWorker(worker.workerOptions(), worker)
      .onFailure(err -> registered.tryFail(err instanceof NodeException || err instanceof RelayException ? err
        : new RelayException(RelayException.Reason.INVALID_REQUEST, "could not register relay '" + payload + "': " + err.getMessage(), err)));
    if (!RelayService.REGISTER.equals(payload)) {
      // a request or its reply may be lost on a healthy route (a connection that closes under it, a
      // worker restarting); a named registration is idempotent, so it is sent again with back-off
      // until the deadline. An ephemeral one is not: each would create another relay.
      started.onSuccess(v -> resendUntilRegistered(node, worker, registered,
        new Backoff(RESEND_INITIAL_MS, RESEND_MAX_MS, 0.2, Math::random), System.nanoTime() + timeoutMs * 1_000_000L));
    }
    return registered.future()
      .andThen(ar -> node.vertx().cancelTimer(timer))
      .recover(err -> started.transform(ar -> node.stopWorker(worker.mainInternal))
        .transform(ar -> {
          node.flowControls().cleanup(worker.mainInternal);
          node.flowControls().cleanup(worker.mainRemote);
          return Future.failedFuture(err);
        }));
  }
}
