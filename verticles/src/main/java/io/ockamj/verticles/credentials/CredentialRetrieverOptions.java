package io.ockamj.verticles.credentials;

import io.ockamj.crypto.identity.Identity;
import io.ockamj.protocol.MultiAddr;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a node gets its member credential and when it renews it (Rust's
 * {@code RemoteCredentialRetriever} settings, §6.11).
 */
public final class CredentialRetrieverOptions {

  /** Rust renews this long before expiry ({@code proactive gap}). */
  public static final Duration DEFAULT_REFRESH_AHEAD = Duration.ofSeconds(60);
  /** Rust allows this much clock difference with the authority. */
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
  /** A failed fetch is tried again no sooner than this ({@code 10 s} in Rust), doubling up to {@link #DEFAULT_MAX_RETRY}. */
  public static final Duration DEFAULT_MIN_RETRY = Duration.ofSeconds(10);
  /** Longest wait between retries. */
  public static final Duration DEFAULT_MAX_RETRY = Duration.ofMinutes(5);

  private final Identity authority;
  private final MultiAddr authorityRoute;
  private String scope;
  private Duration refreshAhead = DEFAULT_REFRESH_AHEAD;
  private Duration clockSkew = DEFAULT_CLOCK_SKEW;
  private Duration minRetry = DEFAULT_MIN_RETRY;
  private Duration maxRetry = DEFAULT_MAX_RETRY;
  private Duration timeout = Duration.ofSeconds(30);

  /**
   * @param authority the authority's identity (its change history verifies the credentials)
   * @param authorityRoute the route to its secure-channel listener, or {@code null} to use only
   *     stored credentials of the scope
   */
  public CredentialRetrieverOptions(Identity authority, MultiAddr authorityRoute) {
    this.authority = Objects.requireNonNull(authority, "authority");
    this.authorityRoute = authorityRoute;
    this.scope = "project-member-" + authority.identifier();
  }

  /** @return the authority */
  public Identity authority() {
    return authority;
  }

  /** @return the authority's route, or {@code null} */
  public MultiAddr authorityRoute() {
    return authorityRoute;
  }

  /** @return the scope under which credentials are cached in the store */
  public String scope() {
    return scope;
  }

  /**
   * @param scope the cache scope (e.g. {@code --credential-scope})
   * @return this
   */
  public CredentialRetrieverOptions setScope(String scope) {
    this.scope = Objects.requireNonNull(scope, "scope");
    return this;
  }

  /** @return how long before expiry a renewal starts, on top of {@link #clockSkew()} */
  public Duration refreshAhead() {
    return refreshAhead;
  }

  /**
   * @param d how long before expiry a renewal starts
   * @return this
   */
  public CredentialRetrieverOptions setRefreshAhead(Duration d) {
    this.refreshAhead = Objects.requireNonNull(d);
    return this;
  }

  /** @return the clock difference allowed with the authority */
  public Duration clockSkew() {
    return clockSkew;
  }

  /**
   * @param d the clock difference allowed
   * @return this
   */
  public CredentialRetrieverOptions setClockSkew(Duration d) {
    this.clockSkew = Objects.requireNonNull(d);
    return this;
  }

  /** @return the first retry delay */
  public Duration minRetry() {
    return minRetry;
  }

  /** @return the longest retry delay */
  public Duration maxRetry() {
    return maxRetry;
  }

  /**
   * @param min the first retry delay
   * @param max the longest retry delay
   * @return this
   */
  public CredentialRetrieverOptions setRetry(Duration min, Duration max) {
    if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
      throw new IllegalArgumentException("retry delays must be positive, min <= max");
    }
    this.minRetry = min;
    this.maxRetry = max;
    return this;
  }

  /** @return how long a fetch may take */
  public Duration timeout() {
    return timeout;
  }

  /**
   * @param timeout how long a fetch may take
   * @return this
   */
  public CredentialRetrieverOptions setTimeout(Duration timeout) {
    this.timeout = Objects.requireNonNull(timeout);
    return this;
  }
}
