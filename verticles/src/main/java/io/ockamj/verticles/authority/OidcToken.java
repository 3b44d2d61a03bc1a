package io.ockamj.verticles.authority;

import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Objects;

/**
 * The body of an enrollment with an identity provider's access token (Rust's
 * {@code AuthenticateOidcToken}): CBOR {@code {1: token_type, 2: access_token}}, where the token type
 * is the index {@code 0} ({@code Bearer}, the only one) and the access token is text. Decoding is
 * bounded by {@link #MAX_TOKEN_LENGTH}; unknown keys are skipped, as minicbor does. {@link #toString()}
 * does not reveal the token.
 *
 * @param accessToken the access token, as the identity provider issued it
 */
public record OidcToken(String accessToken) {

  /** The longest access token accepted, in UTF-8 bytes (Okta's JWTs are about 1 KiB). */
  public static final int MAX_TOKEN_LENGTH = 16 * 1024;
  /** The index of {@code TokenType::Bearer}. */
  static final long BEARER = 0;
  private static final int MAX_FIELDS = 16;

  /**
   * @param accessToken the access token; not empty, at most {@link #MAX_TOKEN_LENGTH} bytes
   */
  public OidcToken {
    Objects.requireNonNull(accessToken, "accessToken");
    if (accessToken.isEmpty()) {
      throw new IllegalArgumentException("an access token cannot be empty");
    }
    if (accessToken.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_TOKEN_LENGTH) {
      throw new IllegalArgumentException("an access token is at most " + MAX_TOKEN_LENGTH + " bytes");
    }
  }

  /**
   * Decodes {@code {1: 0, 2: text}}.
   *
   * @param bytes the request body
   * @return the token
   * @throws DecodeException if malformed, of another token type, empty or too long
   */
  public static OidcToken decode(byte[] bytes) {
    CborReader r = new CborReader(bytes, 0, bytes.length, MAX_FIELDS * 2);
    int n = r.readMapHeader();
    Long type = null;
    String token = null;
    for (int i = 0; n == -1 ? r.hasNext(-1) : i < n; i++) {
      if (i >= MAX_FIELDS) {
        throw new DecodeException("oidc token: too many fields");
      }
      long key = r.readU64();
      if (key == 1) {
        type = r.readU64();
      } else if (key == 2) {
        token = r.readText(MAX_TOKEN_LENGTH);
      } else {
        r.skip();
      }
    }
    r.expectEnd();
    if (type == null || token == null) {
      throw new DecodeException("oidc token: fields 1 (token type) and 2 (access token) are required");
    }
    if (type != BEARER) {
      throw new DecodeException("oidc token: unknown token type " + type + " (only 0, Bearer)");
    }
    if (token.isEmpty()) {
      throw new DecodeException("oidc token: the access token is empty");
    }
    return new OidcToken(token);
  }

  /**
   * @return whether the token is made of visible ASCII only, as a bearer token sent in an HTTP
   *   {@code Authorization} header must be (RFC 6750's {@code b64token} and JWTs are)
   */
  public boolean isHeaderSafe() {
    for (int i = 0; i < accessToken.length(); i++) {
      char c = accessToken.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** @return {@code {1: 0, 2: access_token}} */
  public byte[] encode() {
    return new CborWriter(accessToken.length() * 3 + 16).map(2).u64(1).u64(BEARER).u64(2).text(accessToken).toByteArray();
  }

  @Override
  public String toString() {
    return "OidcToken{Bearer, " + accessToken.length() + " chars}";
  }
}
