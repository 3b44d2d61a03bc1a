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
  private boolean paused;

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
    paused = other.paused;
  }

  /**
   * Creates options from JSON (access controls keep their defaults).
   *
   * @param json the JSON form of {@link #toJson()}
   */
  public InletOptions(JsonObject json) {
    super(json);
    pongTimeoutMs = json.getInteger("pongTimeoutMs", DEFAULT_PONG_TIMEOUT_MS);
    paused = json.getBoolean("paused", false);
  }

  @Override
  public JsonObject toJson() {
    return super.toJson().put("pongTimeoutMs", pongTimeoutMs).put("paused", paused);
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

  /** @return whether the inlet starts paused */
  public boolean isPaused() {
    return paused;
  }

  /**
   * Starts the inlet paused, as Rust's {@code TcpInletOptions::paused}: it binds and listens at once,
   * but closes every client connection it accepts until {@link Portals#unpauseInlet} gives it a route
   * to its outlet. A paused inlet may be created with an empty outlet route.
   *
   * @param paused whether to start paused
   * @return this
   */
  public InletOptions setPaused(boolean paused) {
    this.paused = paused;
    return this;
  }

  PortalSettings settings() {
    return settings(pongTimeoutMs);
  }
}
