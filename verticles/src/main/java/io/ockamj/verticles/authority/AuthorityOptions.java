package io.ockamj.verticles.authority;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an authority node serves (Rust's {@code authority_node::Configuration}): the project it
 * speaks for, its pre-trusted identities, which enrollment ways are on, and credential lifetimes.
 */
public final class AuthorityOptions {

  /** Credentials issued by an authority last 30 days unless configured ({@code DEFAULT_CREDENTIAL_VALIDITY}). */
  public static final Duration DEFAULT_CREDENTIAL_TTL = Duration.ofDays(30);
  /** Enrollment tokens last 10 minutes unless the request says otherwise ({@code MAX_TOKEN_DURATION}). */
  public static final Duration DEFAULT_TOKEN_TTL = Duration.ofSeconds(600);

  private String projectIdentifier;
  private final Map<Identifier, Map<String, String>> trustedIdentities = new LinkedHashMap<>();
  private boolean directAuthentication = true;
  private boolean tokenEnrollment = true;
  private Identity accountAuthority;
  private boolean enforceAdminChecks;
  private boolean disableTrustContextId;
  private Duration credentialTtl = DEFAULT_CREDENTIAL_TTL;
  private OktaOptions okta;

  /** @return the project identifier written into credentials as {@code trust_context_id} */
  public String getProjectIdentifier() {
    return projectIdentifier;
  }

  /**
   * @param projectIdentifier the project identifier ({@code --project-identifier})
   * @return this
   */
  public AuthorityOptions setProjectIdentifier(String projectIdentifier) {
    this.projectIdentifier = Objects.requireNonNull(projectIdentifier, "projectIdentifier");
    return this;
  }

  /** @return the pre-trusted identities with their attributes (read-only view) */
  public Map<Identifier, Map<String, String>> getTrustedIdentities() {
    return Collections.unmodifiableMap(trustedIdentities);
  }

  /**
   * @param identifier a pre-trusted identity ({@code --trusted-identities})
   * @param attributes its attributes
   * @return this
   */
  public AuthorityOptions addTrustedIdentity(Identifier identifier, Map<String, String> attributes) {
    trustedIdentities.put(Objects.requireNonNull(identifier, "identifier"), Map.copyOf(attributes));
    return this;
  }

  /** @return whether {@code direct_authenticator} runs */
  public boolean isDirectAuthentication() {
    return directAuthentication;
  }

  /**
   * @param on {@code false} for {@code --no-direct-authentication}
   * @return this
   */
  public AuthorityOptions setDirectAuthentication(boolean on) {
    this.directAuthentication = on;
    return this;
  }

  /** @return whether the enrollment token issuer and acceptor run */
  public boolean isTokenEnrollment() {
    return tokenEnrollment;
  }

  /**
   * @param on {@code false} for {@code --no-token-enrollment}
   * @return this
   */
  public AuthorityOptions setTokenEnrollment(boolean on) {
    this.tokenEnrollment = on;
    return this;
  }

  /** @return the account authority whose {@code project} credentials make project admins, or {@code null} */
  public Identity getAccountAuthority() {
    return accountAuthority;
  }

  /**
   * @param accountAuthority {@code --account-authority}, or {@code null}
   * @return this
   */
  public AuthorityOptions setAccountAuthority(Identity accountAuthority) {
    this.accountAuthority = accountAuthority;
    return this;
  }

  /** @return whether only project admins (not every enroller) count as admins, with an account authority */
  public boolean isEnforceAdminChecks() {
    return enforceAdminChecks;
  }

  /**
   * @param enforce {@code --enforce-admin-checks}
   * @return this
   */
  public AuthorityOptions setEnforceAdminChecks(boolean enforce) {
    this.enforceAdminChecks = enforce;
    return this;
  }

  /** @return whether credentials leave out {@code trust_context_id} */
  public boolean isDisableTrustContextId() {
    return disableTrustContextId;
  }

  /**
   * @param disable {@code --disable-trust-context-id}
   * @return this
   */
  public AuthorityOptions setDisableTrustContextId(boolean disable) {
    this.disableTrustContextId = disable;
    return this;
  }

  /** @return how long issued credentials last */
  public Duration getCredentialTtl() {
    return credentialTtl;
  }

  /**
   * @param ttl how long issued credentials last, at least 1 s
   * @return this
   */
  public AuthorityOptions setCredentialTtl(Duration ttl) {
    if (ttl.getSeconds() < 1) {
      throw new IllegalArgumentException("the credential lifetime must be at least 1 s");
    }
    this.credentialTtl = ttl;
    return this;
  }

  /** @return the Okta identity provider, or {@code null} when the authority has none */
  public OktaOptions getOkta() {
    return okta;
  }

  /**
   * @param okta {@code --tenant-base-url}, {@code --certificate} and {@code --attributes} together, or
   *   {@code null} for no Okta service
   * @return this
   */
  public AuthorityOptions setOkta(OktaOptions okta) {
    this.okta = okta;
    return this;
  }
}
