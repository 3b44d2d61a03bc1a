package io.ockamj.verticles.portal;

import io.ockamj.node.AccessControls;
import io.ockamj.node.IncomingAccessControl;
import io.ockamj.node.OutgoingAccessControl;
import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Configuration of a TCP inlet ({@link Portals#createInlet}).
 * <p>
 * The access controls apply to the two remote-facing addresses of every portal connection the inlet
 * creates: {@code sender_remote} (where Pong, Payload and Disconnect arrive) and
 * {@code receiver_remote} (from where Payloads leave). They are not part of the JSON form.
 */
public class InletOptions {

  /** Default time to wait for the outlet's Pong before the client connection is closed: 10 s. */
  public static final int DEFAULT_PONG_TIMEOUT_MS = 10_000;
  /** Default: keep a half-closed TCP connection open in the other direction (see {@link #setHalfClose}). */
  public static final boolean DEFAULT_HALF_CLOSE = true;
  /** Default time a half-closed portal connection may stay idle before it is torn down: 2 s. */
  public static final int DEFAULT_HALF_CLOSE_TIMEOUT_MS = 2_000;
  /** Default client-socket write-queue size in bytes; above it the portal stops taking payloads. */
  public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 256 * 1024;
  /** Default: TCP_NODELAY on the client sockets. */
  public static final boolean DEFAULT_TCP_NO_DELAY = true;

  private int pongTimeoutMs = DEFAULT_PONG_TIMEOUT_MS;
  private boolean halfClose = DEFAULT_HALF_CLOSE;
  private int halfCloseTimeoutMs = DEFAULT_HALF_CLOSE_TIMEOUT_MS;
  private int writeQueueMaxSize = DEFAULT_WRITE_QUEUE_MAX_SIZE;
  private boolean tcpNoDelay = DEFAULT_TCP_NO_DELAY;
  private IncomingAccessControl incomingAccessControl = AccessControls.ALLOW_ALL_INCOMING;
  private OutgoingAccessControl outgoingAccessControl = AccessControls.ALLOW_ALL_OUTGOING;

  /** Creates default options. */
  public InletOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public InletOptions(InletOptions other) {
    pongTimeoutMs = other.pongTimeoutMs;
    halfClose = other.halfClose;
    halfCloseTimeoutMs = other.halfCloseTimeoutMs;
    writeQueueMaxSize = other.writeQueueMaxSize;
    tcpNoDelay = other.tcpNoDelay;
    incomingAccessControl = other.incomingAccessControl;
    outgoingAccessControl = other.outgoingAccessControl;
  }

  /**
   * Creates options from JSON (access controls keep their defaults).
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public InletOptions(JsonObject json) {
    pongTimeoutMs = json.getInteger("pongTimeoutMs", DEFAULT_PONG_TIMEOUT_MS);
    halfClose = json.getBoolean("halfClose", DEFAULT_HALF_CLOSE);
    halfCloseTimeoutMs = json.getInteger("halfCloseTimeoutMs", DEFAULT_HALF_CLOSE_TIMEOUT_MS);
    writeQueueMaxSize = json.getInteger("writeQueueMaxSize", DEFAULT_WRITE_QUEUE_MAX_SIZE);
    tcpNoDelay = json.getBoolean("tcpNoDelay", DEFAULT_TCP_NO_DELAY);
  }

  /**
   * @return the JSON form (without the access controls)
   */
  public JsonObject toJson() {
    return new JsonObject().put("pongTimeoutMs", pongTimeoutMs).put("halfClose", halfClose)
      .put("halfCloseTimeoutMs", halfCloseTimeoutMs).put("writeQueueMaxSize", writeQueueMaxSize)
      .put("tcpNoDelay", tcpNoDelay);
  }

  /** @return how long to wait for the outlet's Pong, in milliseconds */
  public int getPongTimeoutMs() {
    return pongTimeoutMs;
  }

  /**
   * Sets how long a new client connection waits for the outlet's Pong. When the outlet route leads
   * nowhere (or the outlet never answers) the client socket is closed after this time.
   *
   * @param pongTimeoutMs milliseconds, at least 1
   * @return this
   */
  public InletOptions setPongTimeoutMs(int pongTimeoutMs) {
    if (pongTimeoutMs < 1) {
      throw new IllegalArgumentException("pongTimeoutMs must be positive");
    }
    this.pongTimeoutMs = pongTimeoutMs;
    return this;
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
  public InletOptions setHalfClose(boolean halfClose) {
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
  public InletOptions setHalfCloseTimeoutMs(int halfCloseTimeoutMs) {
    if (halfCloseTimeoutMs < 1) {
      throw new IllegalArgumentException("halfCloseTimeoutMs must be positive");
    }
    this.halfCloseTimeoutMs = halfCloseTimeoutMs;
    return this;
  }

  /** @return the client-socket write-queue size in bytes */
  public int getWriteQueueMaxSize() {
    return writeQueueMaxSize;
  }

  /**
   * @param writeQueueMaxSize bytes queued for a client socket above which the portal stops taking
   *   payloads from its mailbox (back-pressure toward the outlet)
   * @return this
   */
  public InletOptions setWriteQueueMaxSize(int writeQueueMaxSize) {
    if (writeQueueMaxSize < 1) {
      throw new IllegalArgumentException("writeQueueMaxSize must be positive");
    }
    this.writeQueueMaxSize = writeQueueMaxSize;
    return this;
  }

  /** @return whether TCP_NODELAY is set on client sockets */
  public boolean isTcpNoDelay() {
    return tcpNoDelay;
  }

  /**
   * @param tcpNoDelay whether to set TCP_NODELAY on client sockets
   * @return this
   */
  public InletOptions setTcpNoDelay(boolean tcpNoDelay) {
    this.tcpNoDelay = tcpNoDelay;
    return this;
  }

  /** @return the incoming access control of each connection's {@code sender_remote} */
  public IncomingAccessControl getIncomingAccessControl() {
    return incomingAccessControl;
  }

  /**
   * @param incomingAccessControl who may deliver Pong, Payload and Disconnect to a portal connection
   * @return this
   */
  public InletOptions setIncomingAccessControl(IncomingAccessControl incomingAccessControl) {
    this.incomingAccessControl = Objects.requireNonNull(incomingAccessControl);
    return this;
  }

  /** @return the outgoing access control of each connection's remote-facing addresses */
  public OutgoingAccessControl getOutgoingAccessControl() {
    return outgoingAccessControl;
  }

  /**
   * @param outgoingAccessControl where a portal connection may send Ping, Payload and Disconnect
   * @return this
   */
  public InletOptions setOutgoingAccessControl(OutgoingAccessControl outgoingAccessControl) {
    this.outgoingAccessControl = Objects.requireNonNull(outgoingAccessControl);
    return this;
  }

  PortalSettings settings() {
    return new PortalSettings(halfClose, halfCloseTimeoutMs, writeQueueMaxSize, tcpNoDelay, pongTimeoutMs,
      incomingAccessControl, outgoingAccessControl);
  }
}
