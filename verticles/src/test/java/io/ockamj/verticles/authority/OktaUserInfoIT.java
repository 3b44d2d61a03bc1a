package io.ockamj.verticles.authority;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static io.ockamj.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.testing.Keytool;
import io.ockamj.verticles.BlockedThreadGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.PfxOptions;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The userinfo client's limits against an HTTPS server of this test on 127.0.0.1: a tenant that never
 * answers times out, a redirect is not followed, and calls beyond the connections fail at once as busy.
 */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
class OktaUserInfoIT {

  @TempDir
  static Path certs;
  private static Path keys;
  private static String pem;

  private Vertx vertx;
  private HttpServer server;
  private OktaUserInfo client;
  private final AtomicInteger requests = new AtomicInteger();
  private final Set<HttpServerRequest> held = ConcurrentHashMap.newKeySet();

  @BeforeAll
  static void certificate() throws Exception {
    keys = Keytool.keyPair(certs, "tenant", "SAN=ip:127.0.0.1");
    Keytool.trust(certs, keys, "tenant", certs.resolve("trust.p12"));
    pem = Files.readString(certs.resolve("tenant.pem"));
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
      .setKeyCertOptions(new PfxOptions().setPath(keys.toString()).setPassword(Keytool.PASSWORD)));
    server.requestHandler(req -> {
      requests.incrementAndGet();
      if ("Bearer redirect".equals(req.getHeader("Authorization"))) {
        req.response().setStatusCode(302).putHeader("Location", "/v1/userinfo").end();
      } else {
        held.add(req); // never answered
      }
    });
    server = await(server.listen(0, "127.0.0.1"));
  }

  @AfterEach
  void tearDown() {
    if (client != null) {
      await(client.close());
    }
    await(server.close());
  }

  private OktaUserInfo client(Duration timeout, int connections, int waiting) {
    client = new OktaUserInfo(vertx, new OktaOptions("https://127.0.0.1:" + server.actualPort(), pem, List.of("email")),
      timeout, connections, waiting);
    return client;
  }

  private static OktaException.Kind kind(Throwable t) {
    assertThat(t).isInstanceOf(OktaException.class);
    return ((OktaException) t).kind();
  }

  @Test
  void aTenantThatNeverAnswersTimesOut() {
    Future<?> call = client(Duration.ofSeconds(3), 4, 4).attributes(new OidcToken("silent"));
    until("the tenant holds the request", () -> held.size() == 1, Duration.ofSeconds(20));
    Throwable t = failure(call);
    assertThat(kind(t)).isEqualTo(OktaException.Kind.UNREACHABLE);
    assertThat(t).hasMessageContaining("within 3000 ms");
    // the client gave up on it: the tenant sees the connection closed
    until("the held request is closed", () -> held.stream().allMatch(r -> r.response().closed()), Duration.ofSeconds(20));
  }

  @Test
  void aRedirectIsNotFollowed() {
    Throwable t = failure(client(Duration.ofSeconds(20), 4, 4).attributes(new OidcToken("redirect")));
    assertThat(kind(t)).isEqualTo(OktaException.Kind.REFUSED);
    assertThat(t).hasMessageContaining("Okta answered 302");
    assertThat(requests).hasValue(1);
  }

  @Test
  void callsBeyondTheConnectionsAreBusy() {
    OktaUserInfo c = client(Duration.ofSeconds(3), 1, OktaUserInfo.MAX_WAITING);
    List<Future<?>> calls = new ArrayList<>();
    calls.add(c.attributes(new OidcToken("silent-0")));
    until("the first call holds the only connection", () -> held.size() == 1, Duration.ofSeconds(20));
    for (int i = 1; i < 4; i++) {
      calls.add(c.attributes(new OidcToken("silent-" + i)));
    }
    List<OktaException.Kind> kinds = new ArrayList<>();
    for (Future<?> f : calls) {
      kinds.add(kind(failure(f)));
    }
    // one call holds the connection until its timeout; the others are turned away at once, none waits
    assertThat(kinds).containsExactly(OktaException.Kind.UNREACHABLE, OktaException.Kind.BUSY, OktaException.Kind.BUSY,
      OktaException.Kind.BUSY);
    assertThat(requests).hasValue(1);
  }

}
