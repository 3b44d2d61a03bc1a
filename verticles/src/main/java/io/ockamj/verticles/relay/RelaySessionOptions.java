package io.ockamj.verticles.relay;

import io.vertx.core.json.JsonObject;

import java.util.Objects;

/**
 * Configuration of a {@link RelaySession}: how often the relay node is pinged, when the relay is
 * declared down, and how re-creation backs off.
 * <p>
 * The defaults detect a lost relay within about 3 s (1 s pings, 3 missed) and a closed connection
 * within 1 s, then retry after 250 ms, 500 ms, 1 s, ... up to 10 s, each delay varied by ±20 %.
 */
public class RelaySessionOptions {

  /** Default interval between pings: 1 s (Rust: 10 s). */
  public static final long DEFAULT_PING_INTERVAL_MS = 1000;
  /** Default number of unanswered pings after which the relay is declared down: 3. */
  public static final int DEFAULT_MAX_MISSED_PINGS = 3;
  /** Default delay before the first re-creation attempt: 250 ms. */
  public static final long DEFAULT_INITIAL_BACKOFF_MS = 250;
  /** Default largest delay between re-creation attempts: 10 s. */
  public static final long DEFAULT_MAX_BACKOFF_MS = 10_000;
  /** Default jitter: every delay is varied by up to ±20 %. */
  public static final double DEFAULT_BACKOFF_JITTER = 0.2;
  /** Default time to wait for a registration reply: 5 s. */
  public static final long DEFAULT_REGISTRATION_TIMEOUT_MS = 5000;
  /** Default service pinged on the relay node: {@code echo}. */
  public static final String DEFAULT_PING_SERVICE = "echo";
  /** Default: closing the session also closes the connection the relay used. */
  public static final boolean DEFAULT_DISCONNECT_ON_CLOSE = true;

  private long pingIntervalMs = DEFAULT_PING_INTERVAL_MS;
  private int maxMissedPings = DEFAULT_MAX_MISSED_PINGS;
  private long initialBackoffMs = DEFAULT_INITIAL_BACKOFF_MS;
  private long maxBackoffMs = DEFAULT_MAX_BACKOFF_MS;
  private double backoffJitter = DEFAULT_BACKOFF_JITTER;
  private long registrationTimeoutMs = DEFAULT_REGISTRATION_TIMEOUT_MS;
  private String pingService = DEFAULT_PING_SERVICE;
  private boolean disconnectOnClose = DEFAULT_DISCONNECT_ON_CLOSE;

  /** Creates default options. */
  public RelaySessionOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public RelaySessionOptions(RelaySessionOptions other) {
    pingIntervalMs = other.pingIntervalMs;
    maxMissedPings = other.maxMissedPings;
    initialBackoffMs = other.initialBackoffMs;
    maxBackoffMs = other.maxBackoffMs;
    backoffJitter = other.backoffJitter;
    registrationTimeoutMs = other.registrationTimeoutMs;
    pingService = other.pingService;
    disconnectOnClose = other.disconnectOnClose;
  }

  /**
   * Creates options from JSON.
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public RelaySessionOptions(JsonObject json) {
    pingIntervalMs = json.getLong("pingIntervalMs", DEFAULT_PING_INTERVAL_MS);
    maxMissedPings = json.getInteger("maxMissedPings", DEFAULT_MAX_MISSED_PINGS);
    initialBackoffMs = json.getLong("initialBackoffMs", DEFAULT_INITIAL_BACKOFF_MS);
    maxBackoffMs = json.getLong("maxBackoffMs", DEFAULT_MAX_BACKOFF_MS);
    backoffJitter = json.getDouble("backoffJitter", DEFAULT_BACKOFF_JITTER);
    registrationTimeoutMs = json.getLong("registrationTimeoutMs", DEFAULT_REGISTRATION_TIMEOUT_MS);
    pingService = json.getString("pingService", DEFAULT_PING_SERVICE);
    disconnectOnClose = json.getBoolean("disconnectOnClose", DEFAULT_DISCONNECT_ON_CLOSE);
  }

  /**
   * @return the JSON form
   */
  public JsonObject toJson() {
    return new JsonObject()
      .put("pingIntervalMs", pingIntervalMs)
      .put("maxMissedPings", maxMissedPings)
      .put("initialBackoffMs", initialBackoffMs)
      .put("maxBackoffMs", maxBackoffMs)
      .put("backoffJitter", backoffJitter)
      .put("registrationTimeoutMs", registrationTimeoutMs)
      .put("pingService", pingService)
      .put("disconnectOnClose", disconnectOnClose);
  }

  /** @return milliseconds between pings */
  public long getPingIntervalMs() {
    return pingIntervalMs;
  }

  /**
   * @param ms milliseconds between pings (at least 1)
   * @return this
   */
  public RelaySessionOptions setPingIntervalMs(long ms) {
    if (ms < 1) {
      throw new IllegalArgumentException("pingIntervalMs must be at least 1");
    }
    this.pingIntervalMs = ms;
    return this;
  }

  /** @return how many unanswered pings declare the relay down */
  public int getMaxMissedPings() {
    return maxMissedPings;
  }

  /**
   * @param n how many unanswered pings declare the relay down (at least 1)
   * @return this
   */
  public RelaySessionOptions setMaxMissedPings(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxMissedPings must be at least 1");
    }
    this.maxMissedPings = n;
    return this;
  }

  /** @return milliseconds before the first re-creation attempt after a loss */
  public long getInitialBackoffMs() {
    return initialBackoffMs;
  }

  /**
   * @param ms milliseconds before the first re-creation attempt after a loss (at least 1); each
   *   further failed attempt doubles it
   * @return this
   */
  public RelaySessionOptions setInitialBackoffMs(long ms) {
    if (ms < 1) {
      throw new IllegalArgumentException("initialBackoffMs must be at least 1");
    }
    this.initialBackoffMs = ms;
    return this;
  }

  /** @return the largest delay between re-creation attempts, in milliseconds */
  public long getMaxBackoffMs() {
    return maxBackoffMs;
  }

  /**
   * @param ms the largest delay between re-creation attempts, in milliseconds (at least 1)
   * @return this
   */
  public RelaySessionOptions setMaxBackoffMs(long ms) {
    if (ms < 1) {
      throw new IllegalArgumentException("maxBackoffMs must be at least 1");
    }
    this.maxBackoffMs = ms;
    return this;
  }

  /** @return the relative jitter applied to every back-off delay */
  public double getBackoffJitter() {
    return backoffJitter;
  }

  /**
   * @param jitter the relative jitter applied to every back-off delay, in [0, 1): 0.2 means ±20 %
   * @return this
   */
  public RelaySessionOptions setBackoffJitter(double jitter) {
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("backoffJitter must be in [0, 1)");
    }
    this.backoffJitter = jitter;
    return this;
  }

  /** @return milliseconds to wait for the registration reply of one attempt */
  public long getRegistrationTimeoutMs() {
    return registrationTimeoutMs;
  }

  /**
   * @param ms milliseconds to wait for the registration reply of one attempt (at least 1)
   * @return this
   */
  public RelaySessionOptions setRegistrationTimeoutMs(long ms) {
    if (ms < 1) {
      throw new IllegalArgumentException("registrationTimeoutMs must be at least 1");
    }
    this.registrationTimeoutMs = ms;
    return this;
  }

  /** @return the service on the relay node that answers pings */
  public String getPingService() {
    return pingService;
  }

  /**
   * @param service the service on the relay node that answers pings (it must echo the payload)
   * @return this
   */
  public RelaySessionOptions setPingService(String service) {
    this.pingService = Objects.requireNonNull(service, "service");
    return this;
  }

  /** @return whether closing the session also closes the connection the relay used */
  public boolean isDisconnectOnClose() {
    return disconnectOnClose;
  }

  /**
   * @param disconnect whether closing the session also closes the connection the relay used, so
   *   that the relay node drops the relay at once; turn it off if the connection is shared
   * @return this
   */
  public RelaySessionOptions setDisconnectOnClose(boolean disconnect) {
    this.disconnectOnClose = disconnect;
    return this;
  }
}
