package io.ockamj.verticles.authority;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Objects;

/**
 * The Okta identity provider of an authority (Rust's {@code OktaConfiguration}): the tenant's base
 * URL (its userinfo endpoint is {@code <base>/v1/userinfo}), the PEM certificate(s) that alone are
 * trusted for TLS to it, and the names of the userinfo claims that become member attributes.
 * Checked when made: the URL is absolute {@code https} or {@code http} with a host, the PEM holds at
 * least one X.509 certificate, and the names fit the authority's attribute bounds.
 *
 * @param tenantBaseUrl the tenant's base URL, e.g. {@code https://example.okta.com/oauth2/default}
 * @param certificatePem the PEM text of the certificate(s) to trust (not a path, as in Rust)
 * @param attributes the claim names kept as member attributes
 */
public record OktaOptions(String tenantBaseUrl, String certificatePem, List<String> attributes) {

  /** The service address (Rust's {@code DefaultAddress::OKTA_IDENTITY_PROVIDER}). */
  public static final String ADDRESS = "okta";
  /** Where the userinfo endpoint is, under the tenant base URL. */
  public static final String USERINFO_PATH = "/v1/userinfo";

  /**
   * @param tenantBaseUrl {@code --tenant-base-url}
   * @param certificatePem {@code --certificate}
   * @param attributes {@code --attributes}
   * @throws IllegalArgumentException if one of them is unusable, saying which and why
   */
  public OktaOptions {
    Objects.requireNonNull(tenantBaseUrl, "tenantBaseUrl");
    Objects.requireNonNull(certificatePem, "certificatePem");
    attributes = List.copyOf(attributes);
    checkUrl(tenantBaseUrl);
    checkPem(certificatePem);
    if (attributes.size() > AuthorityMessages.MAX_ATTRIBUTES) {
      throw new IllegalArgumentException("--attributes: at most " + AuthorityMessages.MAX_ATTRIBUTES + " names");
    }
    for (String a : attributes) {
      if (a.isEmpty() || a.getBytes(StandardCharsets.UTF_8).length > AuthorityMessages.MAX_KEY_LENGTH) {
        throw new IllegalArgumentException("--attributes: a name has 1 to " + AuthorityMessages.MAX_KEY_LENGTH + " bytes: '" + a + "'");
      }
    }
  }

  /** @return the userinfo endpoint: the base URL followed by {@value #USERINFO_PATH}, as Rust joins them */
  public String userInfoUrl() {
    return tenantBaseUrl + USERINFO_PATH;
  }

  /** @return whether the tenant is reached over TLS */
  public boolean tls() {
    return URI.create(tenantBaseUrl).getScheme().equalsIgnoreCase("https");
  }

  private static void checkUrl(String url) {
    URI u;
    try {
      u = new URI(url + USERINFO_PATH);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--tenant-base-url: not a URL: " + e.getMessage());
    }
    String scheme = u.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("http")) || u.getHost() == null) {
      throw new IllegalArgumentException("--tenant-base-url: an absolute https:// (or http://) URL with a host is needed, not '" + url + "'");
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException("--tenant-base-url: no query or fragment, the userinfo path is appended to it");
    }
  }

  private static void checkPem(String pem) {
    if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException("--certificate: the PEM text of a certificate is needed (-----BEGIN CERTIFICATE-----...),"
        + " not a path to it");
    }
    try {
      if (CertificateFactory.getInstance("X.509").generateCertificates(
        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))).isEmpty()) {
        throw new IllegalArgumentException("--certificate: no certificate in the PEM text");
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("--certificate: unreadable PEM certificate: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "OktaOptions{" + tenantBaseUrl + ", attributes " + attributes + "}";
  }
}
