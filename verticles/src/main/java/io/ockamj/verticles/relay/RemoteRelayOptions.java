package io.ockamj.verticles.relay;

import io.vertx.core.json.JsonObject;

/**
 * Options of a relay registration made with {@link RemoteRelays}.
 */
public class RemoteRelayOptions {

  /** Default time to wait for the registration reply: 10 s. */
  public static final long DEFAULT_TIMEOUT_MS = 10_000;
  /** Default service address: {@code null}, meaning the one of the variant (static or ephemeral). */
  public static final String DEFAULT_SERVICE_ADDRESS = null;

  private long timeoutMs = DEFAULT_TIMEOUT_MS;
  private String serviceAddress = DEFAULT_SERVICE_ADDRESS;

  /** Creates default options. */
  public RemoteRelayOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public RemoteRelayOptions(RemoteRelayOptions other) {
    timeoutMs = other.timeoutMs;
    serviceAddress = other.serviceAddress;
  }

  /**
   * Creates options from JSON.
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public RemoteRelayOptions(JsonObject json) {
    timeoutMs = json.getLong("timeoutMs", DEFAULT_TIMEOUT_MS);
    serviceAddress = json.getString("serviceAddress", DEFAULT_SERVICE_ADDRESS);
  }

  /**
   * @return the JSON form
   */
  public JsonObject toJson() {
    JsonObject j = new JsonObject().put("timeoutMs", timeoutMs);
    if (serviceAddress != null) {
      j.put("serviceAddress", serviceAddress);
    }
    return j;
  }

  /** @return milliseconds to wait for the registration reply */
  public long getTimeoutMs() {
    return timeoutMs;
  }

  /**
   * @param timeoutMs milliseconds to wait for the registration reply (at least 1)
   * @return this
   */
  public RemoteRelayOptions setTimeoutMs(long timeoutMs) {
    if (timeoutMs < 1) {
      throw new IllegalArgumentException("timeoutMs must be at least 1");
    }
    this.timeoutMs = timeoutMs;
    return this;
  }

  /**
   * @return the address of the relay service on the relay node, or {@code null} for the default of
   *   the variant: {@code static_forwarding_service} for a named relay, {@code forwarding_service} for
   *   an ephemeral one
   */
  public String getServiceAddress() {
    return serviceAddress;
  }

  /**
   * @param serviceAddress the address of the relay service on the relay node, or {@code null} for the
   *   default of the variant
   * @return this
   */
  public RemoteRelayOptions setServiceAddress(String serviceAddress) {
    this.serviceAddress = serviceAddress;
    return this;
  }
}
