package io.ockamj.verticles.channel;

import io.ockamj.crypto.identity.Identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options of a secure channel (initiator) or of a secure channel listener (responder).
 */
public class SecureChannelOptions {

  /** Default handshake timeout: 30 s. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private TrustPolicy trustPolicy = TrustPolicy.trustEveryone();
  private Duration timeout = DEFAULT_TIMEOUT;
  private final List<Identity> authorities = new ArrayList<>();

  /** Default options: trust everyone, 30 s timeout, no authority. */
  public SecureChannelOptions() {
  }

  /**
   * Copy constructor.
   *
   * @param other options to copy
   */
  public SecureChannelOptions(SecureChannelOptions other) {
    trustPolicy = other.trustPolicy;
    timeout = other.timeout;
    authorities.addAll(other.authorities);
  }

  /** @return the trust policy applied to the verified peer */
  public TrustPolicy getTrustPolicy() {
    return trustPolicy;
  }

  /**
   * @param trustPolicy the trust policy applied to the verified peer
   * @return this
   */
  public SecureChannelOptions setTrustPolicy(TrustPolicy trustPolicy) {
    this.trustPolicy = trustPolicy;
    return this;
  }

  /** @return how long a handshake may take before it is abandoned */
  public Duration getTimeout() {
    return timeout;
  }

  /**
   * @param timeout how long a handshake may take before it is abandoned
   * @return this
   */
  public SecureChannelOptions setTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** @return the authorities whose credentials are verified and passed to the trust policy */
  public List<Identity> getAuthorities() {
    return authorities;
  }

  /**
   * @param authority an authority whose credentials are verified
   * @return this
   */
  public SecureChannelOptions addAuthority(Identity authority) {
    authorities.add(authority);
    return this;
  }
}
