package io.ockamj.console;

import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Who may use the console. A one-time login token (signed by the {@link ConsoleKey}, short-lived, minted
 * by {@code ockam node console}) is exchanged once for a session cookie ({@code HttpOnly},
 * {@code SameSite=Strict}, signed by the same key, so it survives a restart of the node); every API call
 * needs the session, and every POST also the session's CSRF token in the {@value #CSRF_HEADER} header.
 * <p>
 * Tokens issued before this console started are refused, so a token cannot be used again after a restart
 * (the used-token set lives in memory).
 */
final class ConsoleAuth {

  /**
   * The prefix of the session cookie's name. Cookies do not tell ports apart, so each node's console has its
   * own name (the prefix and a tag derived from its key): two consoles on 127.0.0.1 do not overwrite each
   * other's session.
   */
  static final String COOKIE = "ockam_console_";
  /** The request header that carries the CSRF token. */
  static final String CSRF_HEADER = "X-CSRF-Token";
  /** How long a session lasts. */
  static final Duration SESSION_TTL = Duration.ofHours(12);
  static final String SESSION_KEY = "console.session";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final ConsoleKey key;
  private final Clock clock;
  private final long startedAt;
  /** Nonces of tokens exchanged, until they expire. Only touched on the console's event loop. */
  private final Map<String, Long> used = new HashMap<>();
  private final String cookieName;

  ConsoleAuth(ConsoleKey key, Clock clock) {
    this.key = key;
    this.clock = clock;
    this.startedAt = clock.millis();
    this.cookieName = COOKIE + java.util.HexFormat.of().formatHex(key.mac("cookie-name", new byte[0]), 0, 6);
  }

  /** @return the name of this console's session cookie */
  String cookieName() {
    return cookieName;
  }

  /** {@code POST /api/login} with {@code {"token": ...}}: sets the session cookie and answers the CSRF token. */
  void login(RoutingContext rc) {
    JsonObject body;
    try {
      body = rc.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    String token = body == null ? null : body.getValue("token") instanceof String s ? s : null;
    ConsoleKey.Token t = key.verify(token);
    long now = clock.millis();
    used.values().removeIf(expiry -> expiry < now);
    if (t == null) {
      refuse(rc, 401, "invalid_token", "this login token is not valid for this node");
      return;
    }
    if (t.expiresAt() < now) {
      refuse(rc, 401, "expired_token", "this login token expired; get a new one with 'ockam node console'");
      return;
    }
    if (t.issuedAt() < startedAt || t.expiresAt() - t.issuedAt() > ConsoleKey.MAX_TOKEN_TTL.toMillis()) {
      refuse(rc, 401, "invalid_token", "this login token was issued before the node's console started");
      return;
    }
    if (used.putIfAbsent(t.nonce(), t.expiresAt()) != null) {
      refuse(rc, 401, "used_token", "this login token was already used; get a new one with 'ockam node console'");
      return;
    }
    byte[] id = new byte[16];
    RANDOM.nextBytes(id);
    long expires = now + SESSION_TTL.toMillis();
    byte[] body2 = ByteBuffer.allocate(24).put(id).putLong(expires).array();
    String cookie = B64.encodeToString(body2) + "." + B64.encodeToString(key.mac("session", body2));
    rc.response().addCookie(Cookie.cookie(cookieName, cookie).setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
      .setPath("/").setMaxAge(SESSION_TTL.toSeconds()));
    json(rc, 200, new JsonObject().put("csrf", csrf(id)));
  }

  /** Lets a request through only with a valid session; puts the session id in the context. */
  Handler<RoutingContext> requireSession() {
    return rc -> {
      byte[] id = session(rc);
      if (id == null) {
        refuse(rc, 401, "no_session", "log in with the URL that 'ockam node console' prints");
        return;
      }
      rc.put(SESSION_KEY, id);
      if (rc.request().method() != HttpMethod.GET && rc.request().method() != HttpMethod.HEAD) {
        String given = rc.request().getHeader(CSRF_HEADER);
        if (given == null || !MessageDigest.isEqual(given.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
          csrf(id).getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
          refuse(rc, 403, "csrf", "missing or wrong " + CSRF_HEADER + " header");
          return;
        }
      }
      rc.next();
    };
  }

  /** @return the CSRF token of the request's session (after {@link #requireSession}) */
  String csrf(RoutingContext rc) {
    return csrf((byte[]) rc.get(SESSION_KEY));
  }

  private String csrf(byte[] sessionId) {
    return B64.encodeToString(key.mac("csrf", sessionId));
  }

  /** @return the session id of a valid, unexpired session cookie, or {@code null} */
  private byte[] session(RoutingContext rc) {
    Cookie c = rc.request().getCookie(cookieName);
    return c == null ? null : parseSession(key, c.getValue(), clock.millis());
  }

  /**
   * Checks a session cookie's value: bounded before it is decoded, signed by the key, unexpired.
   *
   * @param key the console's key
   * @param value the cookie's value (untrusted)
   * @param now the current time, in epoch milliseconds
   * @return the session id, or {@code null} if the value is not a valid session
   */
  static byte[] parseSession(ConsoleKey key, String value, long now) {
    if (value == null || value.length() > 128) {
      return null;
    }
    int dot = value.indexOf('.');
    if (dot < 0) {
      return null;
    }
    byte[] body;
    byte[] sig;
    try {
      body = Base64.getUrlDecoder().decode(value.substring(0, dot));
      sig = Base64.getUrlDecoder().decode(value.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (body.length != 24 || !MessageDigest.isEqual(sig, key.mac("session", body))) {
      return null;
    }
    ByteBuffer b = ByteBuffer.wrap(body);
    byte[] id = new byte[16];
    b.get(id);
    return b.getLong() < now ? null : id;
  }

  static void refuse(RoutingContext rc, int status, String error, String message) {
    json(rc, status, new JsonObject().put("error", error).put("message", message));
  }

  static void json(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("content-type", "application/json")
      .putHeader("cache-control", "no-store").end(body.encode());
  }
}
