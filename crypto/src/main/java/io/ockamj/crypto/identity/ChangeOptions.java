package io.ockamj.crypto.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;

import java.util.Objects;

/**
 * Options for creating an identity or rotating its key (§5.4, §5.5). A mutable data object with
 * fluent setters; every field has a default, so {@code new ChangeOptions()} creates an Ed25519
 * identity valid for ten years from now.
 */
public class ChangeOptions {

  /** Default key type: Ed25519. */
  public static final KeyType DEFAULT_KEY_TYPE = KeyType.ED25519;
  /** Default length of the attestation window: 10 × 365 days, in seconds ({@code DEFAULT_IDENTITY_TTL}). */
  public static final long DEFAULT_TTL_SECONDS = 10L * 365 * 24 * 3600;

  private KeyType keyType = DEFAULT_KEY_TYPE;
  private KeyId keyId;
  private boolean revokeAllPurposeKeys;
  private Long validFrom;
  private Long validUntil;
  private long ttlSeconds = DEFAULT_TTL_SECONDS;

  /** Creates options with the defaults. */
  public ChangeOptions() {
  }

  /**
   * Copies options.
   *
   * @param other the options to copy
   */
  public ChangeOptions(ChangeOptions other) {
    this.keyType = other.keyType;
    this.keyId = other.keyId;
    this.revokeAllPurposeKeys = other.revokeAllPurposeKeys;
    this.validFrom = other.validFrom;
    this.validUntil = other.validUntil;
    this.ttlSeconds = other.ttlSeconds;
  }

  /**
   * @return the type of the key to generate (ignored when {@link #getKeyId()} is set)
   */
  public KeyType getKeyType() {
    return keyType;
  }

  /**
   * @param keyType {@link KeyType#ED25519} (default) or {@link KeyType#P256}
   * @return these options
   */
  public ChangeOptions setKeyType(KeyType keyType) {
    if (!Objects.requireNonNull(keyType, "keyType").isSigning()) {
      throw new IllegalArgumentException(keyType + " is not a signing key type");
    }
    this.keyType = keyType;
    return this;
  }

  /**
   * @return an existing vault key to use instead of generating one, or {@code null}
   */
  public KeyId getKeyId() {
    return keyId;
  }

  /**
   * @param keyId an existing signing key in the vault to use as the new primary key, or
   *   {@code null} to generate one
   * @return these options
   */
  public ChangeOptions setKeyId(KeyId keyId) {
    this.keyId = keyId;
    return this;
  }

  /**
   * @return the {@code revoke_all_purpose_keys} flag to write
   */
  public boolean isRevokeAllPurposeKeys() {
    return revokeAllPurposeKeys;
  }

  /**
   * @param revokeAllPurposeKeys the {@code revoke_all_purpose_keys} flag to write (default false)
   * @return these options
   */
  public ChangeOptions setRevokeAllPurposeKeys(boolean revokeAllPurposeKeys) {
    this.revokeAllPurposeKeys = revokeAllPurposeKeys;
    return this;
  }

  /**
   * @return the start of the attestation window in unix seconds, or {@code null} for "now"
   */
  public Long getValidFrom() {
    return validFrom;
  }

  /**
   * @param validFrom the start of the attestation window in unix seconds, or {@code null} for now
   * @return these options
   */
  public ChangeOptions setValidFrom(Long validFrom) {
    this.validFrom = validFrom;
    return this;
  }

  /**
   * @return the end of the attestation window in unix seconds, or {@code null} for start + TTL
   */
  public Long getValidUntil() {
    return validUntil;
  }

  /**
   * @param validUntil the end of the attestation window in unix seconds, or {@code null} for
   *   start + {@link #getTtlSeconds()}
   * @return these options
   */
  public ChangeOptions setValidUntil(Long validUntil) {
    this.validUntil = validUntil;
    return this;
  }

  /**
   * @return the length of the attestation window when no end is given, in seconds
   */
  public long getTtlSeconds() {
    return ttlSeconds;
  }

  /**
   * @param ttlSeconds the length of the attestation window when no end is given (default ten years)
   * @return these options
   */
  public ChangeOptions setTtlSeconds(long ttlSeconds) {
    if (ttlSeconds < 0) {
      throw new IllegalArgumentException("ttl must not be negative");
    }
    this.ttlSeconds = ttlSeconds;
    return this;
  }
}
