package io.ockamj.verticles.portal;

import io.ockamj.node.AccessControls;
import io.ockamj.node.IncomingAccessControl;
import io.ockamj.node.OutgoingAccessControl;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Configuration of a TCP outlet ({@link Portals#createOutlet}).
 * <p>
 * {@link #setListenerAccessControl} decides who may open portal connections (send Ping to the
 * outlet address); the other two access controls apply to the remote-facing addresses of every portal
 * connection. None of them is part of the JSON form.
 */
public class OutletOptions {

  /** Default time to wait for the TCP connection to the target: 10 s. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
  /** Default: keep a half-closed TCP connection open in the other direction (see {@link #setHalfClose}). */
  public static final boolean DEFAULT_HALF_CLOSE = InletOptions.DEFAULT_HALF_CLOSE;
  /** Default time a half-closed portal connection may stay idle before it is torn down: 2 s. */
  public static final int DEFAULT_HALF_CLOSE_TIMEOUT_MS = InletOptions.DEFAULT_HALF_CLOSE_TIMEOUT_MS;
  /** Default target-socket write-queue size in bytes; above it the portal stops taking payloads. */
  public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = InletOptions.DEFAULT_WRITE_QUEUE_MAX_SIZE;
  /** Default: TCP_NODELAY on the target sockets. */
  public static final boolean DEFAULT_TCP_NO_DELAY = true;

  private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  private boolean halfClose = DEFAULT_HALF_CLOSE;
  private int halfCloseTimeoutMs = DEFAULT_HALF_CLOSE_TIMEOUT_MS;
  private int writeQueueMaxSize = DEFAULT_WRITE_QUEUE_MAX_SIZE;
  private boolean tcpNoDelay = DEFAULT_TCP_NO_DELAY;
  private IncomingAccessControl listenerAccessControl = AccessControls.ALLOW_ALL_INCOMING;
  private IncomingAccessControl incomingAccessControl = AccessControls.ALLOW_ALL_INCOMING;
  private OutgoingAccessControl outgoingAccessControl = AccessControls.ALLOW_ALL_OUTGOING;

  /** Creates default options. */
  public OutletOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public OutletOptions(OutletOptions other) {
    connectTimeoutMs = other.connectTimeoutMs;
    halfClose = other.halfClose;
    halfCloseTimeoutMs = other.halfCloseTimeoutMs;
    writeQueueMaxSize = other.writeQueueMaxSize;
    tcpNoDelay = other.tcpNoDelay;
    listenerAccessControl = other.listenerAccessControl;
    incomingAccessControl = other.incomingAccessControl;
    outgoingAccessControl = other.outgoingAccessControl;
  }

  /**
   * Creates options from JSON (access controls keep their defaults).
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public OutletOptions(JsonObject json) {
    connectTimeoutMs = json.getInteger("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS);
    halfClose = json.getBoolean("halfClose", DEFAULT_HALF_CLOSE);
    halfCloseTimeoutMs = json.getInteger("halfCloseTimeoutMs", DEFAULT_HALF_CLOSE_TIMEOUT_MS);
    writeQueueMaxSize = json.getInteger("writeQueueMaxSize", DEFAULT_WRITE_QUEUE_MAX_SIZE);
    tcpNoDelay = json.getBoolean("tcpNoDelay", DEFAULT_TCP_NO_DELAY);
  }

  /**
   * @return the JSON form (without the access controls)
   */
  public JsonObject toJson() {
    return new JsonObject().put("connectTimeoutMs", connectTimeoutMs).put("halfClose", halfClose)
      .put("halfCloseTimeoutMs", halfCloseTimeoutMs).put("writeQueueMaxSize", writeQueueMaxSize)
      .put("tcpNoDelay", tcpNoDelay);
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

  /** @return whether half-closed connections keep flowing in the other direction */
  public boolean isHalfClose() {
    return halfClose;
  }

  /**
   * Chooses what happens when one side stops sending; see {@link InletOptions#setHalfClose}.
   *
   * @param halfClose whether to keep half-closed connections open
   * @return this
   */
  public OutletOptions setHalfClose(boolean halfClose) {
    this.halfClose = halfClose;
    return this;
  }

  /** @return how long a half-closed connection may stay idle, in milliseconds */
  public int getHalfCloseTimeoutMs() {
    return halfCloseTimeoutMs;
  }

  /**
   * @param halfCloseTimeoutMs how long a half-closed connection (or one waiting to flush before it
   *   closes) may go without progress, in milliseconds, at least 1
   * @return this
   */
  public OutletOptions setHalfCloseTimeoutMs(int halfCloseTimeoutMs) {
    if (halfCloseTimeoutMs < 1) {
      throw new IllegalArgumentException("halfCloseTimeoutMs must be positive");
    }
    this.halfCloseTimeoutMs = halfCloseTimeoutMs;
    return this;
  }

  /** @return the target-socket write-queue size in bytes */
  public int getWriteQueueMaxSize() {
    return writeQueueMaxSize;
  }

  /**
   * @param writeQueueMaxSize bytes queued for a target socket above which the portal stops taking
   *   payloads from its mailbox (back-pressure toward the inlet)
   * @return this
   */
  public OutletOptions setWriteQueueMaxSize(int writeQueueMaxSize) {
    if (writeQueueMaxSize < 1) {
      throw new IllegalArgumentException("writeQueueMaxSize must be positive");
    }
    this.writeQueueMaxSize = writeQueueMaxSize;
    return this;
  }

  /** @return whether TCP_NODELAY is set on target sockets */
  public boolean isTcpNoDelay() {
    return tcpNoDelay;
  }

  /**
   * @param tcpNoDelay whether to set TCP_NODELAY on target sockets
   * @return this
   */
  public OutletOptions setTcpNoDelay(boolean tcpNoDelay) {
    this.tcpNoDelay = tcpNoDelay;
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

  /** @return the incoming access control of each connection's {@code sender_remote} */
  public IncomingAccessControl getIncomingAccessControl() {
    return incomingAccessControl;
  }

  /**
   * @param incomingAccessControl who may deliver Payload and Disconnect to a portal connection
   * @return this
   */
  public OutletOptions setIncomingAccessControl(IncomingAccessControl incomingAccessControl) {
    this.incomingAccessControl = Objects.requireNonNull(incomingAccessControl);
    return this;
  }

  /** @return the outgoing access control of each connection's remote-facing addresses */
  public OutgoingAccessControl getOutgoingAccessControl() {
    return outgoingAccessControl;
  }

  /**
   * @param outgoingAccessControl where a portal connection may send Pong, Payload and Disconnect
   * @return this
   */
  public OutletOptions setOutgoingAccessControl(OutgoingAccessControl outgoingAccessControl) {
    this.outgoingAccessControl = Objects.requireNonNull(outgoingAccessControl);
    return this;
  }

  PortalSettings settings() {
    return new PortalSettings(halfClose, halfCloseTimeoutMs, writeQueueMaxSize, tcpNoDelay, 0,
      incomingAccessControl, outgoingAccessControl);
  }
}
