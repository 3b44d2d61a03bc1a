package io.ockamj.verticles.authority;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asks an Okta tenant who holds an access token: {@code GET <tenant>/v1/userinfo} with
 * {@code Authorization: Bearer <token>}, over TLS that trusts only the configured PEM certificate(s)
 * (no system roots) and checks the host name against it, as Rust's reqwest client does. Only a
 * {@code 200} with a JSON object counts; the configured claims whose values are strings become the
 * attributes, others are ignored (as in Rust). Non-blocking; the answer is read up to
 * {@link #MAX_BODY} bytes, the whole call lasts at most {@link #TIMEOUT}, redirects are not followed,
 * and a call beyond {@link #MAX_CONNECTIONS} at once is refused as busy rather than queued (a queued call
 * that the pool handed a connection while the client closed kept Vert.x's close from completing, once in
 * a CI run). Failures are {@link OktaException}s.
 */
final class OktaUserInfo {

  /** The largest userinfo answer read. */
  static final int MAX_BODY = 64 * 1024;
  /** How long one userinfo call may take, connection included. */
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  /** Connections to the tenant at once. */
  static final int MAX_CONNECTIONS = 8;
  /** Calls waiting for one of them. */
  static final int MAX_WAITING = 0;

  private final Vertx vertx;
  private final OktaOptions options;
  private final Duration timeout;
  private final HttpClientAgent client;

  OktaUserInfo(Vertx vertx, OktaOptions options) {
    this(vertx, options, TIMEOUT, MAX_CONNECTIONS, MAX_WAITING);
  }

  OktaUserInfo(Vertx vertx, OktaOptions options, Duration timeout, int maxConnections, int maxWaiting) {
    this.vertx = vertx;
    this.options = options;
    this.timeout = timeout;
    HttpClientOptions http = new HttpClientOptions()
      .setSsl(options.tls())
      .setTrustAll(false)
      .setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(options.certificatePem())))
      .setVerifyHost(true)
      .setConnectTimeout((int) timeout.toMillis())
      .setMaxRedirects(0);
    client = vertx.createHttpClient(http, new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(maxWaiting));
  }

  /**
   * @param token the access token
   * @return a future with the attributes the tenant vouches for, or failed with an {@link OktaException}
   */
  Future<Map<String, String>> attributes(OidcToken token) {
    if (!token.isHeaderSafe()) {
      return Future.failedFuture(new OktaException(OktaException.Kind.BAD_TOKEN,
        "the access token has characters a bearer token cannot have"));
    }
    Promise<Buffer> answer = Promise.promise();
    RequestOptions req = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(options.userInfoUrl())
      .setFollowRedirects(false).setConnectTimeout(timeout.toMillis()).setIdleTimeout(timeout.toMillis())
      .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + token.accessToken())
      .putHeader(HttpHeaders.ACCEPT, "application/json");
    long timer = vertx.setTimer(timeout.toMillis(), id -> answer.tryFail(new OktaException(OktaException.Kind.UNREACHABLE,
      "no answer from " + options.userInfoUrl() + " within " + timeout.toMillis() + " ms")));
    client.request(req)
      .compose(r -> {
        answer.future().onFailure(err -> r.reset());
        return r.send();
      })
      .onFailure(err -> answer.tryFail(unreachable(err)))
      .onSuccess(res -> read(res, answer));
    return answer.future()
      .eventually(() -> {
        vertx.cancelTimer(timer);
        return Future.succeededFuture();
      })
      .map(body -> claims(body, options.attributes()));
  }

  private void read(HttpClientResponse res, Promise<Buffer> answer) {
    // also where the reset of a refused or oversized answer ends up
    res.exceptionHandler(err -> answer.tryFail(unreachable(err)));
    if (res.statusCode() != 200) {
      answer.tryFail(new OktaException(OktaException.Kind.REFUSED, "Okta answered " + res.statusCode()
        + (res.statusMessage() == null ? "" : " " + res.statusMessage())));
      res.request().reset();
      return;
    }
    String length = res.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parse(length) > MAX_BODY) {
      answer.tryFail(tooLarge());
      res.request().reset();
      return;
    }
    Buffer body = Buffer.buffer();
    res.handler(chunk -> {
      if (answer.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > MAX_BODY) {
        answer.tryFail(tooLarge());
        res.request().reset();
        return;
      }
      body.appendBuffer(chunk);
    });
    res.endHandler(v -> answer.tryComplete(body));
  }

  private static long parse(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static OktaException tooLarge() {
    return new OktaException(OktaException.Kind.BAD_BODY, "the userinfo answer is over " + MAX_BODY + " bytes");
  }

  private OktaException unreachable(Throwable err) {
    if (err instanceof OktaException o) {
      return o;
    }
    if (err instanceof ConnectionPoolTooBusyException) {
      return new OktaException(OktaException.Kind.BUSY, "too many userinfo requests in progress");
    }
    String m = err.getMessage() == null ? err.getClass().getSimpleName() : err.getMessage();
    return new OktaException(OktaException.Kind.UNREACHABLE, "cannot reach " + options.userInfoUrl() + ": " + m);
  }

  /**
   * Picks the attributes out of a userinfo answer: the named claims whose values are strings.
   *
   * @param body the answer, at most {@link #MAX_BODY} bytes
   * @param names the claim names to keep
   * @return the attributes, in the order of {@code names}
   * @throws OktaException of kind {@link OktaException.Kind#BAD_BODY} if the body is not a JSON object
   *   or a kept value is longer than {@link AuthorityMessages#MAX_VALUE_LENGTH}
   */
  static Map<String, String> claims(Buffer body, List<String> names) {
    if (body.length() > MAX_BODY) {
      throw tooLarge();
    }
    Object parsed;
    try {
      parsed = Json.decodeValue(body);
    } catch (RuntimeException e) {
      parsed = null;
    }
    if (!(parsed instanceof JsonObject doc)) {
      throw new OktaException(OktaException.Kind.BAD_BODY, "the userinfo answer is not a JSON object");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String name : names) {
      if (doc.getValue(name) instanceof String v) {
        if (v.getBytes(StandardCharsets.UTF_8).length > AuthorityMessages.MAX_VALUE_LENGTH) {
          throw new OktaException(OktaException.Kind.BAD_BODY, "the userinfo claim " + name + " is over "
            + AuthorityMessages.MAX_VALUE_LENGTH + " bytes");
        }
        out.put(name, v);
      }
    }
    return out;
  }

  /** @return a future completed when the client's connections are closed */
  Future<Void> close() {
    return client.close();
  }
}
