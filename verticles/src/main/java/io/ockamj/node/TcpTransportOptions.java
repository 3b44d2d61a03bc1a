package io.ockamj.node;

import io.ockamj.protocol.TcpFrameCodec;
import io.vertx.core.json.JsonObject;

/**
 * Configuration of a node's TCP transport ({@code io.ockamj.verticles.transport.tcp.TcpTransport}).
 */
public class TcpTransportOptions {

  /** Default largest frame accepted and sent: 16 MiB, as Ockam. */
  public static final int DEFAULT_MAX_FRAME_SIZE = TcpFrameCodec.MAX_MESSAGE_SIZE;
  /** Default connect timeout: 10 s. */
  public static final int DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
  /** Default: TCP_NODELAY on (lower latency for request/reply). */
  public static final boolean DEFAULT_TCP_NO_DELAY = true;
  /** Default socket write-queue size in bytes before the sender pauses. */
  public static final int DEFAULT_WRITE_QUEUE_MAX_SIZE = 1024 * 1024;

  private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;
  private int connectTimeoutMs = DEFAULT_CONNECT_TIMEOUT_MS;
  private boolean tcpNoDelay = DEFAULT_TCP_NO_DELAY;
  private int writeQueueMaxSize = DEFAULT_WRITE_QUEUE_MAX_SIZE;

  /** Creates default options. */
  public TcpTransportOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public TcpTransportOptions(TcpTransportOptions other) {
    maxFrameSize = other.maxFrameSize;
    connectTimeoutMs = other.connectTimeoutMs;
    tcpNoDelay = other.tcpNoDelay;
    writeQueueMaxSize = other.writeQueueMaxSize;
  }

  /**
   * Creates options from JSON.
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public TcpTransportOptions(JsonObject json) {
    maxFrameSize = json.getInteger("maxFrameSize", DEFAULT_MAX_FRAME_SIZE);
    connectTimeoutMs = json.getInteger("connectTimeoutMs", DEFAULT_CONNECT_TIMEOUT_MS);
    tcpNoDelay = json.getBoolean("tcpNoDelay", DEFAULT_TCP_NO_DELAY);
    writeQueueMaxSize = json.getInteger("writeQueueMaxSize", DEFAULT_WRITE_QUEUE_MAX_SIZE);
  }

  /**
   * @return the JSON form
   */
  public JsonObject toJson() {
    return new JsonObject().put("maxFrameSize", maxFrameSize).put("connectTimeoutMs", connectTimeoutMs)
      .put("tcpNoDelay", tcpNoDelay).put("writeQueueMaxSize", writeQueueMaxSize);
  }

  /** @return the largest frame body accepted and sent */
  public int getMaxFrameSize() {
    return maxFrameSize;
  }

  /**
   * @param maxFrameSize the largest frame body accepted and sent (at most 16 MiB)
   * @return this
   */
  public TcpTransportOptions setMaxFrameSize(int maxFrameSize) {
    if (maxFrameSize <= 0 || maxFrameSize > TcpFrameCodec.MAX_MESSAGE_SIZE) {
      throw new IllegalArgumentException("maxFrameSize must be in 1.." + TcpFrameCodec.MAX_MESSAGE_SIZE);
    }
    this.maxFrameSize = maxFrameSize;
    return this;
  }

  /** @return the connect timeout in milliseconds */
  public int getConnectTimeoutMs() {
    return connectTimeoutMs;
  }

  /**
   * @param connectTimeoutMs the connect timeout in milliseconds
   * @return this
   */
  public TcpTransportOptions setConnectTimeoutMs(int connectTimeoutMs) {
    this.connectTimeoutMs = connectTimeoutMs;
    return this;
  }

  /** @return whether TCP_NODELAY is set */
  public boolean isTcpNoDelay() {
    return tcpNoDelay;
  }

  /**
   * @param tcpNoDelay whether to set TCP_NODELAY
   * @return this
   */
  public TcpTransportOptions setTcpNoDelay(boolean tcpNoDelay) {
    this.tcpNoDelay = tcpNoDelay;
    return this;
  }

  /** @return the socket write-queue size in bytes */
  public int getWriteQueueMaxSize() {
    return writeQueueMaxSize;
  }

  /**
   * @param writeQueueMaxSize the socket write-queue size in bytes before the sender pauses
   * @return this
   */
  public TcpTransportOptions setWriteQueueMaxSize(int writeQueueMaxSize) {
    this.writeQueueMaxSize = writeQueueMaxSize;
    return this;
  }
}
