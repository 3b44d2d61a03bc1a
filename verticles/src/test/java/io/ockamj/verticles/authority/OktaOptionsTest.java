package io.ockamj.verticles.authority;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.protocol.errors.DecodeException;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;

/**
 * The Okta configuration's checks, the request body as Rust's minicbor writes it, and the limits on
 * userinfo answers.
 */
class OktaOptionsTest {

  /** A real self-signed certificate (EC P-256, CN=okta-options-test, made by openssl; nothing connects to it). */
  static final String REAL_PEM = """
    -----BEGIN CERTIFICATE-----
    MIIBkDCCATWgAwIBAgIUK+o08LEtSQcRhKDWci4eV5R7NJowCgYIKoZIzj0EAwIw
    HDEaMBgGA1UEAwwRb2t0YS1vcHRpb25zLXRlc3QwIBcNMjYxMjA2MjAxOTExWhgP
    MjEyNjExMTIyMDE5MTFaMBwxGjAYBgNVBAMMEW9rdGEtb3B0aW9ucy10ZXN0MFkw
    EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAExLz9EIz9HV0NXwtZORcZEMmcLG4YGMz2
    1t7qqERYPgRpdgPeJIbraUaew0NiyO9d4cEOKg6l+ZFGd1r43sILz6NTMFEwHQYD
    VR0OBBYEFNOHsVeNK8FfE58W9dkUMN0HYGCcMB8GA1UdIwQYMBaAFNOHsVeNK8Ff
    E58W9dkUMN0HYGCcMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIh
    AKYLqfFyKxmBvhww22YBDOhgLUiKe2HpflJ5usjEkRP/AiEA2YwkJcv1o7Un54Dh
    NKZghBo8vfpsLY4xOLPD3mFG9QU=
    -----END CERTIFICATE-----
    """;

  /** A cut-short certificate. */
  static final String BROKEN_PEM = """
    -----BEGIN CERTIFICATE-----
    MIIBfDCCASOgAwIBAgIUSqL2Jjkn6D5Hh3WtCx7a4j0jb7IwCgYIKoZIzj0EAwIw
    FDESMBAGA1UEAwwJb2t0YS10ZXN0MB4XDTI2MDEwMTAwMDAwMFoXDTM2MDEwMTAw
    MDAwMFowFDESMBAGA1UEAwwJb2t0YS10ZXN0MFkwEwYHKoZIzj0CAQYIKoZIzj0D
    AQcDQgAE
    -----END CERTIFICATE-----
    """;

  @Test
  void theBodyIsRustsAuthenticateOidcToken() {
    // {1: 0 (TokenType::Bearer), 2: "abc"}, as minicbor's #[cbor(map)] derive writes it
    assertThat(HexFormat.of().formatHex(new OidcToken("abc").encode())).isEqualTo("a2010002636162 63".replace(" ", ""));
    assertThat(OidcToken.decode(HexFormat.of().parseHex("a202636162630100")).accessToken()).isEqualTo("abc");
    // unknown keys are skipped; another token type, a missing field and an empty token are refused
    assertThat(OidcToken.decode(HexFormat.of().parseHex("a30100026361626303f6")).accessToken())
      .isEqualTo("abc");
    assertThatThrownBy(() -> OidcToken.decode(HexFormat.of().parseHex("a2010102636162 63".replace(" ", ""))))
      .isInstanceOf(DecodeException.class).hasMessageContaining("token type 1");
    assertThatThrownBy(() -> OidcToken.decode(HexFormat.of().parseHex("a10100"))).isInstanceOf(DecodeException.class);
    assertThatThrownBy(() -> OidcToken.decode(HexFormat.of().parseHex("a201000260"))).isInstanceOf(DecodeException.class);
    assertThat(new OidcToken("secret").toString()).doesNotContain("secret");
  }

  @Test
  void aTokenOverTheLimitIsRefusedBeforeItIsRead() {
    byte[] head = HexFormat.of().parseHex("a20100027a7fffffff"); // text of 2^31-1 bytes announced, none there
    assertThatThrownBy(() -> OidcToken.decode(head)).isInstanceOf(DecodeException.class);
    String big = "x".repeat(OidcToken.MAX_TOKEN_LENGTH + 1);
    assertThatThrownBy(() -> new OidcToken(big)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyVisibleAsciiTokensGoIntoAHeader() {
    assertThat(new OidcToken("eyJ.a-b_c~+/=").isHeaderSafe()).isTrue();
    assertThat(new OidcToken("a b").isHeaderSafe()).isFalse();
    assertThat(new OidcToken("a\r\nX-Evil: 1").isHeaderSafe()).isFalse();
    assertThat(new OidcToken("é").isHeaderSafe()).isFalse();
  }

  @Test
  void theConfigurationIsCheckedWhenMade() {
    String pem = REAL_PEM;
    OktaOptions o = new OktaOptions("https://example.okta.com/oauth2/default", pem, List.of("email"));
    assertThat(o.userInfoUrl()).isEqualTo("https://example.okta.com/oauth2/default/v1/userinfo");
    assertThat(o.tls()).isTrue();
    assertThat(new OktaOptions("http://127.0.0.1:8080", pem, List.of()).tls()).isFalse();
    assertThatThrownBy(() -> new OktaOptions("example.okta.com", pem, List.of()))
      .hasMessageContaining("--tenant-base-url");
    assertThatThrownBy(() -> new OktaOptions("ftp://example.okta.com", pem, List.of()))
      .hasMessageContaining("--tenant-base-url");
    assertThatThrownBy(() -> new OktaOptions("https://example.okta.com/?a=b", pem, List.of()))
      .hasMessageContaining("no query");
    assertThatThrownBy(() -> new OktaOptions("https://example.okta.com", "/etc/okta.pem", List.of()))
      .hasMessageContaining("--certificate").hasMessageContaining("not a path");
    assertThatThrownBy(() -> new OktaOptions("https://example.okta.com", BROKEN_PEM, List.of()))
      .hasMessageContaining("--certificate: unreadable PEM certificate");
    assertThatThrownBy(() -> new OktaOptions("https://example.okta.com", pem, List.of("")))
      .hasMessageContaining("--attributes");
  }

  @Test
  void anOversizedAnswerOrClaimIsABadBody() {
    Buffer big = Buffer.buffer("{\"email\":\"" + "a".repeat(OktaUserInfo.MAX_BODY) + "\"}");
    assertThatThrownBy(() -> OktaUserInfo.claims(big, List.of("email"))).isInstanceOf(OktaException.class)
      .hasMessageContaining("over " + OktaUserInfo.MAX_BODY);
    Buffer longClaim = Buffer.buffer("{\"email\":\"" + "a".repeat(AuthorityMessages.MAX_VALUE_LENGTH + 1) + "\"}");
    assertThatThrownBy(() -> OktaUserInfo.claims(longClaim, List.of("email"))).isInstanceOf(OktaException.class)
      .hasMessageContaining("claim email");
    assertThat(OktaUserInfo.claims(longClaim, List.of("name"))).isEmpty();
  }
}
