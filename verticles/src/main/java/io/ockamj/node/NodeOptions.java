package io.ockamj.node;

import io.vertx.core.json.JsonObject;

/**
 * Configuration of a {@link Node}.
 */
public class NodeOptions {

  /** Default node name. */
  public static final String DEFAULT_NAME = "default";
  /** Default: start the {@code echo}, {@code uppercase}, {@code hop} and the relay service ({@code forwarding_service}) services. */
  public static final boolean DEFAULT_BUILTIN_SERVICES = true;
  /** Default: no TCP listener. */
  public static final String DEFAULT_TCP_LISTENER_ADDRESS = null;
  /** Default reply timeout of send-and-receive, in milliseconds. */
  public static final long DEFAULT_SEND_AND_RECEIVE_TIMEOUT_MS = NodeContext.DEFAULT_TIMEOUT.toMillis();

  private String name = DEFAULT_NAME;
  private boolean builtinServices = DEFAULT_BUILTIN_SERVICES;
  private String tcpListenerAddress = DEFAULT_TCP_LISTENER_ADDRESS;
  private long sendAndReceiveTimeoutMs = DEFAULT_SEND_AND_RECEIVE_TIMEOUT_MS;
  private TcpTransportOptions tcpTransportOptions = new TcpTransportOptions();

  /** Creates default options. */
  public NodeOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other the options to copy
   */
  public NodeOptions(NodeOptions other) {
    this.name = other.name;
    this.builtinServices = other.builtinServices;
    this.tcpListenerAddress = other.tcpListenerAddress;
    this.sendAndReceiveTimeoutMs = other.sendAndReceiveTimeoutMs;
    this.tcpTransportOptions = new TcpTransportOptions(other.tcpTransportOptions);
  }

  /**
   * Creates options from JSON (the form {@link #toJson()} writes).
   *
   * @param json the JSON object
   */
  public NodeOptions(JsonObject json) {
    this();
    name = json.getString("name", DEFAULT_NAME);
    builtinServices = json.getBoolean("builtinServices", DEFAULT_BUILTIN_SERVICES);
    tcpListenerAddress = json.getString("tcpListenerAddress", DEFAULT_TCP_LISTENER_ADDRESS);
    sendAndReceiveTimeoutMs = json.getLong("sendAndReceiveTimeoutMs", DEFAULT_SEND_AND_RECEIVE_TIMEOUT_MS);
    JsonObject tcp = json.getJsonObject("tcpTransport");
    tcpTransportOptions = tcp == null ? new TcpTransportOptions() : new TcpTransportOptions(tcp);
  }

  /**
   * @return the options as JSON
   */
  public JsonObject toJson() {
    JsonObject j = new JsonObject()
      .put("name", name)
      .put("builtinServices", builtinServices)
      .put("sendAndReceiveTimeoutMs", sendAndReceiveTimeoutMs)
      .put("tcpTransport", tcpTransportOptions.toJson());
    if (tcpListenerAddress != null) {
      j.put("tcpListenerAddress", tcpListenerAddress);
    }
    return j;
  }

  /**
   * @return the node name
   */
  public String getName() {
    return name;
  }

  /**
   * @param name the node name
   * @return this
   */
  public NodeOptions setName(String name) {
    this.name = name;
    return this;
  }

  /**
   * @return whether {@code echo}, {@code uppercase}, {@code hop} and the relay service ({@code forwarding_service}) are started
   */
  public boolean isBuiltinServices() {
    return builtinServices;
  }

  /**
   * @param builtinServices whether to start {@code echo}, {@code uppercase}, {@code hop} and the relay service ({@code forwarding_service})
   * @return this
   */
  public NodeOptions setBuiltinServices(boolean builtinServices) {
    this.builtinServices = builtinServices;
    return this;
  }

  /**
   * @return the {@code host:port} of the TCP listener, or {@code null} for none
   */
  public String getTcpListenerAddress() {
    return tcpListenerAddress;
  }

  /**
   * @param tcpListenerAddress {@code host:port} to listen on (port 0 picks one), or {@code null}
   * @return this
   */
  public NodeOptions setTcpListenerAddress(String tcpListenerAddress) {
    this.tcpListenerAddress = tcpListenerAddress;
    return this;
  }

  /**
   * @return the default reply timeout of send-and-receive, in milliseconds
   */
  public long getSendAndReceiveTimeoutMs() {
    return sendAndReceiveTimeoutMs;
  }

  /**
   * @param ms the default reply timeout of send-and-receive, in milliseconds
   * @return this
   */
  public NodeOptions setSendAndReceiveTimeoutMs(long ms) {
    this.sendAndReceiveTimeoutMs = ms;
    return this;
  }

  /**
   * @return the options of the node's TCP transport (frame size, connect timeout, write queue)
   */
  public TcpTransportOptions getTcpTransportOptions() {
    return tcpTransportOptions;
  }

  /**
   * @param tcpTransportOptions the options of the node's TCP transport
   * @return this
   */
  public NodeOptions setTcpTransportOptions(TcpTransportOptions tcpTransportOptions) {
    this.tcpTransportOptions = java.util.Objects.requireNonNull(tcpTransportOptions, "tcpTransportOptions");
    return this;
  }
}
