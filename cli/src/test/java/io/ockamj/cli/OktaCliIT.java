package io.ockamj.cli;

import static io.ockamj.cli.CliFixtures.freePort;
import static io.ockamj.cli.CliFixtures.identifier;
import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.cli.OckamCli.Run;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.api.Status;
import io.ockamj.testing.Keytool;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityException;
import io.ockamj.verticles.authority.OidcToken;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code ockam authority create} with Okta's flags, as a real background process: a stand-in Okta
 * tenant of this test serves HTTPS on 127.0.0.1 with a keytool certificate given as
 * {@code --certificate}; an identity of this test enrolls through a secure channel to the authority's
 * {@code okta} service and {@code project-member show} lists it with exactly the claims named by
 * {@code --attributes}. The flags are in {@code --help}; Okta flags without the others start no Okta
 * service (as Rust), with a warning; an unusable certificate is refused at once.
 */
class OktaCliIT {

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void tearDown() {
    spawned.close();
    await(vertx.close());
  }

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  private String ok(String... args) throws Exception {
    return run(args).assertOk().text();
  }

  @Test
  void anAuthorityWithOktaEnrollsAnIdentityWithTheConfiguredClaims() throws Exception {
    Path keys = Keytool.keyPair(home, "tenant", "SAN=ip:127.0.0.1");
    Keytool.trust(home, keys, "tenant", home.resolve("trust.p12"));
    String pem = Files.readString(home.resolve("tenant.pem"));
    HttpServer tenant = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
      .setKeyCertOptions(new PfxOptions().setPath(keys.toString()).setPassword(Keytool.PASSWORD)));
    tenant.requestHandler(req -> {
      if (req.path().equals("/v1/userinfo") && "Bearer good-token".equals(req.getHeader("Authorization"))) {
        req.response().end(new JsonObject().put("sub", "00u1").put("email", "ann@example.com").put("name", "Ann")
          .put("locale", "en").encode());
      } else {
        req.response().setStatusCode(401).end();
      }
    });
    tenant = await(tenant.listen(0, "127.0.0.1"));

    String help = ok("authority", "create", "--help");
    assertThat(help).contains("--tenant-base-url", "--certificate", "--attributes", "(ours) or separate them with commas");

    String admin = identifier(ok("identity", "create", "admin"));
    int port = freePort();
    String route = "/ip4/127.0.0.1/tcp/" + port + "/service/api";
    spawned.node(new JsonObject(ok("authority", "create", "--tcp-listener-address", "127.0.0.1:" + port,
      "--project-identifier", "proj1", "--trusted-identities", new JsonObject().put(admin, new JsonObject()
        .put("ockam-role", "enroller")).encode(), "--project-access-route", route,
      "--tenant-base-url", "https://127.0.0.1:" + tenant.actualPort(), "--certificate", pem, "--attributes", "email,name",
      "--attributes", "groups", "--output", "json")));
    Identifier authority = Identifier.parse(identifier(ok("identity", "show", "authority")));

    Node node = await(Node.create(vertx, new NodeOptions().setName("okta-client").setTcpListenerAddress("127.0.0.1:0")));
    try {
      SecureChannels channels = SecureChannels.create(node, await(vertx.executeBlocking(ChannelIdentity::generate)));
      String ann = channels.identity().identity().identifier().toString();
      AuthorityClient client = await(AuthorityClient.connect(node, channels, MultiAddr.parse(route), authority, Duration.ofSeconds(60)));
      Throwable refused = failure(client.enrollWithOkta(new OidcToken("wrong-token")));
      assertThat(refused).isInstanceOf(AuthorityException.class).hasMessageContaining("Okta answered 401");
      assertThat(((AuthorityException) refused).status()).isEqualTo(Status.FORBIDDEN);
      assertThat(run("project-member", "show", ann).exitCode()).isEqualTo(ExitCodes.REFUSED);

      await(client.enrollWithOkta(new OidcToken("good-token")));
      JsonObject shown = new JsonObject(ok("project-member", "show", ann, "--output", "json"));
      assertThat(shown.getJsonObject("attributes").getJsonObject("attributes").getMap())
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("email", "ann@example.com", "name", "Ann"));
      assertThat(shown.getJsonObject("attributes").getString("attested_by")).isEqualTo(ann);
      await(client.close());
    } finally {
      await(node.close());
    }
  }

  @Test
  void oktaFlagsWithoutTheOthersStartNoOktaServiceAndABadCertificateIsRefused() throws Exception {
    String admin = identifier(ok("identity", "create", "admin"));
    String trusted = new JsonObject().put(admin, new JsonObject()).encode();
    Run bad = run("authority", "create", "bad", "--tcp-listener-address", "127.0.0.1:" + freePort(), "--project-identifier", "p",
      "--trusted-identities", trusted, "--tenant-base-url", "https://127.0.0.1:1", "--certificate", "/etc/okta.pem",
      "--attributes", "email");
    assertThat(bad.exitCode()).as(bad.errText()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.errText()).contains("--certificate").contains("not a path");

    Run partial = run("authority", "create", "partial", "--tcp-listener-address", "127.0.0.1:" + freePort(),
      "--project-identifier", "p", "--trusted-identities", trusted, "--tenant-base-url", "https://127.0.0.1:1",
      "--output", "json");
    assertThat(partial.exitCode()).as(partial.errText()).isZero();
    spawned.node(new JsonObject(partial.text()));
    assertThat(partial.errText()).contains("the Okta service needs --tenant-base-url, --certificate and --attributes together");
  }
}
