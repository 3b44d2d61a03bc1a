package io.ockamj.verticles.nodemanager;

import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Method;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.List;

/**
 * The {@code /node/relay} requests of the node-manager API, sent through a {@link NodeManagerClient}:
 * the relays a node keeps registered on relay nodes.
 */
public final class RelayApi {

  /** The {@code return_timing} of a request that answers at once (Rust's {@code ReturnTiming::Immediately}). */
  public static final String RETURN_IMMEDIATELY = "Immediately";
  /** The {@code return_timing} of a request that answers once connected (the default). */
  public static final String RETURN_AFTER_CONNECTION = "AfterConnection";

  private final NodeManagerClient api;

  /**
   * @param api the client to send through
   */
  public RelayApi(NodeManagerClient api) {
    this.api = api;
  }

  /**
   * {@code POST /node/relay}: registers a relay on a relay node and keeps it alive.
   *
   * @param name the relay name
   * @param at the route to the relay node, e.g. {@code /node/relay} or {@code /ip4/127.0.0.1/tcp/4000}
   * @param timeout how long the first registration may take
   * @return the relay, up
   */
  public Future<RelayStatus> createRelay(String name, MultiAddr at, Duration timeout) {
    return createRelay(CreateRelay.of(name, at, timeout));
  }

  /**
   * {@code POST /node/relay} with all of Rust's {@code CreateRelay} fields: {@code name}, {@code at},
   * {@code authorized}, {@code relay_address} and {@code return_timing} ({@code Immediately} or
   * {@code AfterConnection}), and our {@code timeout_ms}.
   *
   * @param request the relay to create
   * @return the relay: up when the request waits for the connection, else in whatever state it is
   */
  public Future<RelayStatus> createRelay(CreateRelay request) {
    return api.call(Method.POST, "/node/relay", Bodies.map("name", request.name(), "at", request.at().toString(),
        "authorized", request.authorized() == null ? null : request.authorized().toString(),
        "relay_address", request.relayAddress(),
        "return_timing", request.waitForConnection() ? RETURN_AFTER_CONNECTION : RETURN_IMMEDIATELY,
        "timeout_ms", request.timeout().toMillis()))
      .map(Bodies::relay);
  }

  /**
   * {@code GET /node/relay}.
   *
   * @return the relays
   */
  public Future<List<RelayStatus>> relays() {
    return api.get("/node/relay", b -> NodeManagerClient.list(b, Bodies::relay));
  }

  /**
   * {@code GET /node/relay/NAME}.
   *
   * @param name the relay name
   * @return the relay; failed with {@link NodeManagerException} {@code NOT_FOUND} if there is none
   */
  public Future<RelayStatus> relay(String name) {
    return api.get("/node/relay/" + name, Bodies::relay);
  }

  /**
   * {@code DELETE /node/relay/NAME}.
   *
   * @param name the relay name
   * @return a future completed when the node stopped keeping it
   */
  public Future<Void> deleteRelay(String name) {
    return api.call(Method.DELETE, "/node/relay/" + name, null).mapEmpty();
  }
}
