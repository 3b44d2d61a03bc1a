package io.ockamj.verticles.channel;

import io.ockamj.node.FlowControlId;
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
  private List<io.ockamj.crypto.identity.Identifier> authorizedIdentifiers;
  private Duration timeout = DEFAULT_TIMEOUT;
  private final List<Identity> authorities = new ArrayList<>();
  private int paddingBucket;
  private final List<FlowControlId> consumerOf = new ArrayList<>();
  private boolean confirmed;
  private CredentialListener credentialListener;
  private java.util.function.Function<SecureChannel, io.vertx.core.Future<Boolean>> admission =
    c -> io.vertx.core.Future.succeededFuture(true);

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
    authorizedIdentifiers = other.authorizedIdentifiers;
    timeout = other.timeout;
    authorities.addAll(other.authorities);
    paddingBucket = other.paddingBucket;
    consumerOf.addAll(other.consumerOf);
    confirmed = other.confirmed;
    credentialListener = other.credentialListener;
    admission = other.admission;
  }

  /** @return whether an initiator waits to see that the responder kept the channel (see {@link #setConfirmed}) */
  public boolean isConfirmed() {
    return confirmed;
  }

  /**
   * Whether an initiator reports its channel only once the responder has had time to refuse it
   * (ours; Rust reports a channel as soon as it sent the handshake's last message).
   * <p>
   * In Noise XX the responder checks the initiator's identity after the last handshake message, so
   * an initiator cannot know from the handshake alone that it was refused. Our responder tells it:
   * it closes a refused channel with the keys the handshake agreed (an ordinary encrypted
   * {@code Close}, which Rust initiators understand too). With this option the initiator waits, after
   * sending the last message, four handshake round trips (at least 200 ms, at most 2 s) for such a
   * {@code Close}, and fails with {@link ChannelException.Reason#REFUSED} if it comes. A responder
   * that does not send it (Rust) is indistinguishable from one that accepted.
   *
   * @param confirmed {@code true} to wait for a possible refusal
   * @return this
   */
  public SecureChannelOptions setConfirmed(boolean confirmed) {
    this.confirmed = confirmed;
    return this;
  }

  /** @return the decision on every channel this side establishes */
  public java.util.function.Function<SecureChannel, io.vertx.core.Future<Boolean>> getAdmission() {
    return admission;
  }

  /**
   * Decides on every channel established with these options (for a listener: every channel it
   * accepts) once the peer is known (ours). Until the decision, nothing the peer sends is delivered;
   * a refused (or failed) decision drops what the peer sends, counted as {@code DENIED_BY_POLICY},
   * and closes the channel. The node manager uses it to apply a listener's policy.
   *
   * @param admission from the channel to whether it may carry messages; must not block
   * @return this
   */
  public SecureChannelOptions setAdmission(java.util.function.Function<SecureChannel, io.vertx.core.Future<Boolean>> admission) {
    this.admission = java.util.Objects.requireNonNull(admission);
    return this;
  }

  /** @return the padding bucket size in bytes, 0 for no padding (Rust's behaviour) */
  public int getPaddingBucket() {
    return paddingBucket;
  }

  /**
   * Pads every plaintext this side sends up to a multiple of {@code bucket} bytes, using the padding
   * field that Ockam's message format carries (Rust always leaves it empty; peers ignore it), so
   * that message sizes leak less. 0 turns padding off.
   *
   * @param bucket the bucket size in bytes, 0..65536
   * @return this
   */
  public SecureChannelOptions setPaddingBucket(int bucket) {
    if (bucket < 0 || bucket > 65536) {
      throw new IllegalArgumentException("padding bucket must be 0..65536");
    }
    this.paddingBucket = bucket;
    return this;
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

  /**
   * @return the identities the peer must be one of ({@link #setAuthorizedIdentifiers}), or {@code null}
   *   if not restricted this way
   */
  public List<io.ockamj.crypto.identity.Identifier> getAuthorizedIdentifiers() {
    return authorizedIdentifiers;
  }

  /**
   * Accepts only a peer that proves one of these identities, besides what the trust policy asks
   * (Rust's {@code --authorized}). The channel keeps the list and reports it
   * ({@link SecureChannel#authorizedIdentifiers()}), as Rust's {@code secure-channel show} does.
   *
   * @param identifiers the identities, or {@code null} for no such restriction
   * @return this
   */
  public SecureChannelOptions setAuthorizedIdentifiers(java.util.Collection<io.ockamj.crypto.identity.Identifier> identifiers) {
    this.authorizedIdentifiers = identifiers == null ? null : List.copyOf(identifiers);
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

  /** @return who is told about the peers' verified credentials, or {@code null} */
  public CredentialListener getCredentialListener() {
    return credentialListener;
  }

  /**
   * Tells a listener about every credential a peer presents that verifies against the
   * {@linkplain #getAuthorities() authorities}, in the handshake and in later refreshes (§4.12).
   *
   * @param listener the listener, or {@code null}
   * @return this
   */
  public SecureChannelOptions setCredentialListener(CredentialListener listener) {
    this.credentialListener = listener;
    return this;
  }

  /** @return the extra flows a listener accepts handshakes from (see {@link #addConsumerOf}) */
  public List<FlowControlId> getConsumerOf() {
    return consumerOf;
  }

  /**
   * For a listener: accepts handshakes arriving from the producers of {@code flowControlId} too (§3.4).
   * A listener always accepts them from the node's TCP listener, from connections the node opened,
   * and through channels of its own (a channel inside a channel).
   *
   * @param flowControlId a flow, for example the spawner flow of another TCP listener
   * @return this
   */
  public SecureChannelOptions addConsumerOf(FlowControlId flowControlId) {
    consumerOf.add(java.util.Objects.requireNonNull(flowControlId, "flowControlId"));
    return this;
  }
}
