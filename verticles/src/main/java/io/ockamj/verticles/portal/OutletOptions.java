package io.ockamj.verticles.portal;

import io.ockamj.node.AccessControls;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.IncomingAccessControl;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Configuration of a TCP outlet ({@link Portals#createOutlet}): the target connect timeout and who
 * may open portal connections, plus the settings every portal connection has ({@link PortalOptions}).
 * <p>
 * {@link #setListenerAccessControl} decides who may send Ping to the outlet address; the other two
 * access controls apply to the remote-facing addresses of every portal connection. None of them is
 * part of the JSON form.
 */
public class OutletOptions extends PortalOptions<OutletOptions> {

  /** Default time to wait for the TCP connection to the target: 10 s. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

  private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  private boolean tls;
  private IncomingAccessControl listenerAccessControl = AccessControls.ALLOW_ALL_INCOMING;
  private final List<FlowControlId> consumerOf = new ArrayList<>();

  /** Creates default options. */
  public OutletOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public OutletOptions(OutletOptions other) {
    super(other);
    connectTimeoutMs = other.connectTimeoutMs;
    tls = other.tls;
    listenerAccessControl = other.listenerAccessControl;
    consumerOf.addAll(other.consumerOf);
  }

  /**
   * Creates options from JSON (access controls keep their defaults).
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public OutletOptions(JsonObject json) {
    super(json);
    connectTimeoutMs = json.getInteger("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS);
    tls = json.getBoolean("tls", false);
  }

  @Override
  public JsonObject toJson() {
    return super.toJson().put("connectTimeoutMs", connectTimeoutMs).put("tls", tls);
  }

  /** @return whether the outlet connects to its target with TLS */
  public boolean isTls() {
    return tls;
  }

  /**
   * Connects to the target with TLS (Rust's {@code tcp-outlet create --tls}): the target's certificate
   * must chain to the JVM's default trust roots (the JDK's {@code cacerts}, or the key store named by
   * {@code -Djavax.net.ssl.trustStore}) and name the host of the target ({@code HTTPS} host name
   * verification). A target that fails the handshake refuses the portal connection.
   *
   * @param tls {@code true} for TLS
   * @return this
   */
  public OutletOptions setTls(boolean tls) {
    this.tls = tls;
    return this;
  }

  /** @return the target connect timeout in milliseconds */
  public int getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  /**
   * @param connectTimeoutMs how long to wait for the TCP connection to the target, in milliseconds
   * @return this
   */
  public OutletOptions setConnectTimeoutMs(int connectTimeoutMs) {
    if (connectTimeoutMs < 1) {
      throw new IllegalArgumentException("connectTimeoutMs must be positive");
    }
    this.connectTimeoutMs = connectTimeoutMs;
    return this;
  }

  /** @return the incoming access control of the outlet listener address */
  public IncomingAccessControl getListenerAccessControl() {
    return listenerAccessControl;
  }

  /**
   * @param listenerAccessControl who may send Ping to the outlet address (open portal connections)
   * @return this
   */
  public OutletOptions setListenerAccessControl(IncomingAccessControl listenerAccessControl) {
    this.listenerAccessControl = Objects.requireNonNull(listenerAccessControl);
    return this;
  }

  /** @return the flows whose messages may open portal connections; empty means the default (see {@link #addConsumerOf}) */
  public List<FlowControlId> getConsumerOf() {
    return consumerOf;
  }

  /**
   * Lets messages of {@code flowControlId} reach the outlet (§3.5). Without any, the outlet is reachable
   * only through the node's default secure channel listener ({@link io.ockamj.node.Node#secureChannelFlowControlId()});
   * add {@link io.ockamj.node.Node#tcpListenerFlowControlId()} to accept unencrypted portals from any TCP peer.
   *
   * @param flowControlId a flow
   * @return this
   */
  public OutletOptions addConsumerOf(FlowControlId flowControlId) {
    consumerOf.add(Objects.requireNonNull(flowControlId, "flowControlId"));
    return this;
  }

  PortalSettings settings() {
    return settings(0);
  }
}
