package io.ockamj.verticles.portal;

import io.vertx.core.json.JsonObject;

/**
 * Configuration of a TCP inlet ({@link Portals#createInlet}): the Pong timeout, plus the settings
 * every portal connection has ({@link PortalOptions}). The access controls are not part of the JSON
 * form.
 */
public class InletOptions extends PortalOptions<InletOptions> {

  /** Default time a new client connection waits for the outlet's Pong: 10 s. */
  public static final int DEFAULT_PONG_TIMEOUT_MS = 10_000;

  private int pongTimeoutMs = DEFAULT_PONG_TIMEOUT_MS;

  /** Creates default options. */
  public InletOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public InletOptions(InletOptions other) {
    super(other);
    pongTimeoutMs = other.pongTimeoutMs;
  }

  /**
   * Creates options from JSON (access controls keep their defaults).
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public InletOptions(JsonObject json) {
    super(json);
    pongTimeoutMs = json.getInteger("pongTimeoutMs", DEFAULT_PONG_TIMEOUT_MS);
  }

  @Override
  public JsonObject toJson() {
    return super.toJson().put("pongTimeoutMs", pongTimeoutMs);
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

  PortalSettings settings() {
    return settings(pongTimeoutMs);
  }
}
