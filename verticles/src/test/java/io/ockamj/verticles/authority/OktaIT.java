package io.ockamj.verticles.authority;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.Response;
import io.ockamj.protocol.api.Status;
import io.ockamj.store.AuthorityMemberRecord;
import io.ockamj.store.Store;
import io.ockamj.testing.Keytool;
import io.ockamj.verticles.BlockedThreadGuard;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.credentials.CredentialRetriever;
import io.ockamj.verticles.credentials.CredentialRetrieverOptions;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.LocalIdentity;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The authority's {@code okta} service against a stand-in Okta tenant: an HTTPS server of this test
 * on 127.0.0.1 whose self-signed certificate (made by keytool, SAN ip:127.0.0.1) is the one the
 * authority is configured with. A client identity enrolls through a secure channel with an access
 * token and gets a credential with exactly the configured claims; a wrong token, a tenant with
 * another certificate, a certificate for another host name and unusable answers are refused.
 */
@ExtendWith({VertxExtension.class, BlockedThreadGuard.class})
class OktaIT {

  private static final String GOOD_TOKEN = "eyJhbGciOiJSUzI1NiJ9.good.token";
  private static final List<String> ATTRIBUTES = List.of("email", "name", "groups", "missing");

  @TempDir
  static Path certs;
  /** The tenant's key store and its certificate as PEM. */
  private static Path tenantKeys;
  private static String tenantPem;
  /** A key store of another server, SAN ip:127.0.0.1 too. */
  private static Path otherKeys;
  /** A key store whose certificate names only okta.example. */
  private static Path namedKeys;
  private static String namedPem;

  @TempDir
  Path dir;

  private Vertx vertx;
  private final List<Node> nodes = new ArrayList<>();
  private final List<HttpServer> servers = new ArrayList<>();
  private final List<CredentialRetriever> retrievers = new ArrayList<>();
  private final AtomicInteger userinfoRequests = new AtomicInteger();
  private Store store;
  private IdentityManager identities;
  private Identity authorityIdentity;
  private Authority authority;
  private MultiAddr authorityRoute;

  @BeforeAll
  static void certificates() throws Exception {
    tenantKeys = Keytool.keyPair(certs, "tenant", "SAN=ip:127.0.0.1");
    tenantPem = pem(tenantKeys, "tenant");
    otherKeys = Keytool.keyPair(certs, "other", "SAN=ip:127.0.0.1");
    namedKeys = Keytool.keyPair(certs, "named", "SAN=dns:okta.example");
    namedPem = pem(namedKeys, "named");
  }

  private static String pem(Path keys, String alias) throws Exception {
    // keytool writes the certificate as PEM (DIR/ALIAS.pem) on its way into a trust store
    Keytool.trust(certs, keys, alias, certs.resolve(alias + "-trust.p12"));
    return Files.readString(certs.resolve(alias + ".pem"));
  }

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
  }

  @AfterEach
  void tearDown() {
    retrievers.forEach(CredentialRetriever::close);
    for (Node n : nodes) {
      await(n.close());
    }
    for (HttpServer s : servers) {
      await(s.close());
    }
    if (identities != null) {
      await(identities.close());
    }
    if (store != null) {
      await(store.close());
    }
  }

  /** @return the base URL of a stand-in tenant serving {@code keys} on 127.0.0.1 */
  private String tenant(Path keys) {
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
      .setKeyCertOptions(new PfxOptions().setPath(keys.toString()).setPassword(Keytool.PASSWORD)));
    server.requestHandler(req -> {
      userinfoRequests.incrementAndGet();
      String auth = req.getHeader("Authorization");
      if (!req.path().equals("/oauth2/default/v1/userinfo")) {
        req.response().setStatusCode(404).end();
      } else if (("Bearer " + GOOD_TOKEN).equals(auth)) {
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("sub", "00u1")
          .put("email", "ann@example.com").put("name", "Ann").put("groups", new JsonArray().add("admins"))
          .put("locale", "en").encode());
      } else if ("Bearer not-json".equals(auth)) {
        req.response().end("<html>hello</html>");
      } else if ("Bearer huge".equals(auth)) {
        req.response().setChunked(true);
        req.response().end("{\"email\":\"" + "a".repeat(OktaUserInfo.MAX_BODY) + "\"}");
      } else {
        req.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"").end();
      }
    });
    server = await(server.listen(0, "127.0.0.1"));
    servers.add(server);
    return "https://127.0.0.1:" + server.actualPort() + "/oauth2/default";
  }

  private Node node(String name) {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    return n;
  }

  private void startAuthority(OktaOptions okta) {
    store = await(Store.open(vertx, dir.resolve("authority.sqlite3")));
    identities = await(IdentityManager.open(vertx, store));
    await(identities.create("authority"));
    LocalIdentity li = await(identities.loadSecureChannelKey("authority"));
    authorityIdentity = li.identity();
    Node n = node("authority");
    SecureChannels channels = SecureChannels.create(n, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of()));
    authority = await(Authority.start(n, channels, identities, "authority", store,
      new AuthorityOptions().setProjectIdentifier("project-1").setOkta(okta)));
    authorityRoute = MultiAddr.parse("/ip4/127.0.0.1/tcp/" + n.tcpListenerAddress().split(":")[1] + "/service/api");
  }

  /** A new identity on a node of its own, enrolling with {@code token}; returns null or why it failed. */
  private record Outcome(Node node, SecureChannels channels, Throwable failure) {
    Identifier id() {
      return channels.identity().identity().identifier();
    }
  }

  private Outcome enroll(String token) {
    Node n = node("client-" + nodes.size());
    SecureChannels ch = SecureChannels.create(n, await(vertx.executeBlocking(ChannelIdentity::generate)));
    AuthorityClient c = await(AuthorityClient.connect(n, ch, authorityRoute, authorityIdentity.identifier(), Duration.ofSeconds(40)));
    try {
      var f = c.enrollWithOkta(new OidcToken(token));
      await(f.otherwiseEmpty());
      return new Outcome(n, ch, f.failed() ? f.cause() : null);
    } finally {
      await(c.close());
    }
  }

  private static void refused(Outcome o, Status status, String reason) {
    assertThat(o.failure()).isInstanceOf(AuthorityException.class).hasMessageContaining(reason);
    assertThat(((AuthorityException) o.failure()).status()).isEqualTo(status);
  }

  @Test
  void aTokenOktaVouchesForMakesAMemberWithExactlyTheConfiguredStringClaimsAndAWrongOneIsRefused() {
    startAuthority(new OktaOptions(tenant(tenantKeys), tenantPem, ATTRIBUTES));

    Outcome ann = enroll(GOOD_TOKEN);
    assertThat(ann.failure()).isNull();
    AuthorityMemberRecord member = await(store.authorityMembers().get(ann.id().toString())).orElseThrow();
    // groups is an array and missing is absent: only string claims are kept, as in Rust
    assertThat(AuthorityMessages.decodeStoredAttributes(member.attributes()))
      .containsExactlyInAnyOrderEntriesOf(Map.of("email", "ann@example.com", "name", "Ann"));
    assertThat(member.addedBy()).isEqualTo(ann.id().toString());
    assertThat(member.preTrusted()).isFalse();
    CredentialRetriever r = await(CredentialRetriever.start(ann.node(), ann.channels(), null,
      new CredentialRetrieverOptions(authorityIdentity, authorityRoute), Clock.systemUTC()));
    retrievers.add(r);
    VerifiedCredential credential = await(r.firstCredential());
    assertThat(credential.attributes().toStringMap()).containsExactlyInAnyOrderEntriesOf(
      Map.of("email", "ann@example.com", "name", "Ann", "trust_context_id", "project-1"));

    Outcome mallory = enroll("eyJhbGciOiJSUzI1NiJ9.forged.token");
    refused(mallory, Status.FORBIDDEN, "Okta answered 401");
    assertThat(await(store.authorityMembers().get(mallory.id().toString()))).isEmpty();
    assertThat(authority.oktaRefusals()).isEqualTo(1);
    assertThat(userinfoRequests).hasValue(2);
  }

  @Test
  void unusableAnswersAreErrorsAndNothingIsRecorded() {
    startAuthority(new OktaOptions(tenant(tenantKeys), tenantPem, ATTRIBUTES));
    refused(enroll("not-json"), Status.INTERNAL_SERVER_ERROR, "not a JSON object");
    refused(enroll("huge"), Status.INTERNAL_SERVER_ERROR, "over " + OktaUserInfo.MAX_BODY + " bytes");
    // a token that cannot go into an HTTP header never leaves the authority
    refused(enroll("two\r\nlines"), Status.FORBIDDEN, "characters a bearer token cannot have");
    assertThat(userinfoRequests).hasValue(2);
    assertThat(await(store.authorityMembers().list())).isEmpty();
    assertThat(authority.oktaRefusals()).isEqualTo(3);
  }

  @Test
  void tlsTrustsOnlyTheConfiguredCertificateAndChecksItsHostName() {
    // the tenant's URL answers with another certificate than the configured one
    String impostor = tenant(otherKeys);
    startAuthority(new OktaOptions(impostor, tenantPem, ATTRIBUTES));
    Outcome o = enroll(GOOD_TOKEN);
    refused(o, Status.FORBIDDEN, "did not prove itself with the configured certificate");
    assertThat(userinfoRequests).as("no request reaches a server that failed the TLS check").hasValue(0);
    assertThat(await(store.authorityMembers().get(o.id().toString()))).isEmpty();
  }

  @Test
  void aTrustedCertificateForAnotherHostNameIsRefused() {
    startAuthority(new OktaOptions(tenant(namedKeys), namedPem, ATTRIBUTES));
    refused(enroll(GOOD_TOKEN), Status.FORBIDDEN, "did not prove itself");
    assertThat(userinfoRequests).hasValue(0);
  }

  @Test
  void anUnreachableTenantIsRefusedAndRequestsOutsideASecureChannelAreForbidden() throws Exception {
    int closedPort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = s.getLocalPort();
    }
    startAuthority(new OktaOptions("https://127.0.0.1:" + closedPort, tenantPem, ATTRIBUTES));
    refused(enroll(GOOD_TOKEN), Status.FORBIDDEN, "could not be reached");

    // straight to the service, from the authority node itself: no secure channel, 403 as Rust
    Node n = nodes.get(0);
    Request req = Request.of(Method.POST, "v0/enroll", new OidcToken(GOOD_TOKEN).encode());
    Response res = Response.fromPayload(await(n.context().sendAndReceive(Route.of(Address.local(OktaOptions.ADDRESS)),
      req.toPayload(), Duration.ofSeconds(10))).payload());
    assertThat(res.status()).isEqualTo(Status.FORBIDDEN);
    assertThat(res.error().message()).isEqualTo("secure channel required");
  }
}
