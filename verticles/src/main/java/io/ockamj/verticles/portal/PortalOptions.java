package io.ockamj.verticles.portal;

import io.ockamj.node.AccessControls;
import io.ockamj.node.IncomingAccessControl;
import io.ockamj.node.OutgoingAccessControl;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * What inlets and outlets have in common: how portal connections handle half-close, socket
 * back-pressure, TCP_NODELAY, and the access controls of their remote-facing addresses. Setters
 * return the concrete options type.
 *
 * @param <T> the concrete options type
 */
public abstract class PortalOptions<T extends PortalOptions<T>> {

  /** Default: keep a half-closed TCP connection open in the other direction (see {@link #setHalfClose}). */
  public static final boolean DEFAULT_HALF_CLOSE = true;
  /** Default time a half-closed portal connection may stay idle before it is torn down: 2 s. */
  public static final int DEFAULT_HALF_CLOSE_TIMEOUT_MS = 2_000;
  /** Default socket write-queue size in bytes; above it the portal stops taking payloads. */
  public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 256 * 1024;
  /** Default: TCP_NODELAY on the portal's sockets. */
  public static final boolean DEFAULT_TCP_NO_DELAY = true;

  private boolean halfClose = DEFAULT_HALF_CLOSE;
  private int halfCloseTimeoutMs = DEFAULT_HALF_CLOSE_TIMEOUT_MS;
  private int writeQueueMaxSize = DEFAULT_WRITE_QUEUE_MAX_SIZE;
  private boolean tcpNoDelay = DEFAULT_TCP_NO_DELAY;
  private IncomingAccessControl incomingAccessControl = AccessControls.ALLOW_ALL_INCOMING;
  private OutgoingAccessControl outgoingAccessControl = AccessControls.ALLOW_ALL_OUTGOING;

  /** Creates default options. */
  protected PortalOptions() {
  }

  /**
   * Copies the common settings.
   *
   * @param other options to copy
   */
  protected PortalOptions(PortalOptions<?> other) {
    halfClose = other.halfClose;
    halfCloseTimeoutMs = other.halfCloseTimeoutMs;
    writeQueueMaxSize = other.writeQueueMaxSize;
    tcpNoDelay = other.tcpNoDelay;
    incomingAccessControl = other.incomingAccessControl;
    outgoingAccessControl = other.outgoingAccessControl;
  }

  /**
   * Reads the common settings from JSON (access controls keep their defaults).
   *
   * @param json the JSON form of {@link #toJson()}
   */
  protected PortalOptions(JsonObject json) {
    halfClose = json.getBoolean("halfClose", DEFAULT_HALF_CLOSE);
    halfCloseTimeoutMs = json.getInteger("halfCloseTimeoutMs", DEFAULT_HALF_CLOSE_TIMEOUT_MS);
    writeQueueMaxSize = json.getInteger("writeQueueMaxSize", DEFAULT_WRITE_QUEUE_MAX_SIZE);
    tcpNoDelay = json.getBoolean("tcpNoDelay", DEFAULT_TCP_NO_DELAY);
  }

  /**
   * @return the JSON form (without the access controls)
   */
  public JsonObject toJson() {
    return new JsonObject().put("halfClose", halfClose).put("halfCloseTimeoutMs", halfCloseTimeoutMs)
      .put("writeQueueMaxSize", writeQueueMaxSize).put("tcpNoDelay", tcpNoDelay);
  }

  @SuppressWarnings("unchecked")
  private T self() {
    return (T) this;
  }

  /** @return whether half-closed connections keep flowing in the other direction */
  public boolean isHalfClose() {
    return halfClose;
  }

  /**
   * Chooses what happens when one side of a portal connection stops sending (its socket reads EOF).
   * <p>
   * {@code false}: as Rust, the connection is torn down at both ends at once.
   * {@code true} (default): the end that saw EOF sends Disconnect but keeps writing what still comes
   * from the other side; the end that receives Disconnect shuts down the output of its socket
   * (the peer reads EOF) but keeps reading. The connection closes when both directions have ended,
   * on an error, or after {@link #getHalfCloseTimeoutMs()} without progress in the remaining
   * direction (a Rust peer never answers a Disconnect, so this timeout is what ends such a
   * connection). The wire format is unchanged.
   *
   * @param halfClose whether to keep half-closed connections open
   * @return this
   */
  public T setHalfClose(boolean halfClose) {
    this.halfClose = halfClose;
    return self();
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
  public T setHalfCloseTimeoutMs(int halfCloseTimeoutMs) {
    if (halfCloseTimeoutMs < 1) {
      throw new IllegalArgumentException("halfCloseTimeoutMs must be positive");
    }
    this.halfCloseTimeoutMs = halfCloseTimeoutMs;
    return self();
  }

  /** @return the socket write-queue size in bytes */
  public int getWriteQueueMaxSize() {
    return writeQueueMaxSize;
  }

  /**
   * @param writeQueueMaxSize bytes queued for the portal's socket above which the portal stops taking
   *   payloads from its mailbox (back-pressure toward the other end)
   * @return this
   */
  public T setWriteQueueMaxSize(int writeQueueMaxSize) {
    if (writeQueueMaxSize < 1) {
      throw new IllegalArgumentException("writeQueueMaxSize must be positive");
    }
    this.writeQueueMaxSize = writeQueueMaxSize;
    return self();
  }

  /** @return whether TCP_NODELAY is set on the portal's sockets */
  public boolean isTcpNoDelay() {
    return tcpNoDelay;
  }

  /**
   * @param tcpNoDelay whether to set TCP_NODELAY on the portal's sockets
   * @return this
   */
  public T setTcpNoDelay(boolean tcpNoDelay) {
    this.tcpNoDelay = tcpNoDelay;
    return self();
  }

  /** @return the incoming access control of each connection's {@code sender_remote} */
  public IncomingAccessControl getIncomingAccessControl() {
    return incomingAccessControl;
  }

  /**
   * @param incomingAccessControl who may deliver portal messages to a portal connection
   * @return this
   */
  public T setIncomingAccessControl(IncomingAccessControl incomingAccessControl) {
    this.incomingAccessControl = Objects.requireNonNull(incomingAccessControl);
    return self();
  }

  /** @return the outgoing access control of each connection's remote-facing addresses */
  public OutgoingAccessControl getOutgoingAccessControl() {
    return outgoingAccessControl;
  }

  /**
   * @param outgoingAccessControl where a portal connection may send portal messages
   * @return this
   */
  public T setOutgoingAccessControl(OutgoingAccessControl outgoingAccessControl) {
    this.outgoingAccessControl = Objects.requireNonNull(outgoingAccessControl);
    return self();
  }

  /**
   * @param pongTimeoutMs the inlet's Pong timeout, 0 for an outlet
   * @return a frozen copy of what a portal connection needs
   */
  PortalSettings settings(int pongTimeoutMs) {
    return new PortalSettings(halfClose, halfCloseTimeoutMs, writeQueueMaxSize, tcpNoDelay, pongTimeoutMs,
      incomingAccessControl, outgoingAccessControl);
  }
}
