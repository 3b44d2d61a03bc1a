package io.ockamj.cli;

import static io.ockamj.cli.CliFixtures.freePort;
import static io.ockamj.cli.CliFixtures.identifier;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.cli.OckamCli.Run;
import io.ockamj.store.IdentityAttributesRecord;
import io.ockamj.store.Store;
import io.ockamj.verticles.authority.AuthorityMessages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * A self-hosted authority and two nodes as real {@code ockam} processes in a temporary
 * {@code $OCKAM_HOME}, on 127.0.0.1: a ticket enrolls identity {@code web} (role=web), a node of that
 * identity gets its credential from the authority, and a second node learns web's attributes from
 * the secure channel handshake; a second use of a single-use ticket, a ticket without an authority
 * route and a deleted member are refused.
 */
class AuthorityCliIT {

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  private String ok(String... args) throws Exception {
    return run(args).assertOk().text();
  }

  @AfterEach
  void tearDown() {
    spawned.close();
  }

  private void started(String json) {
    spawned.node(new JsonObject(json));
  }

  @Test
  void ticketsEnrollNodesThatPresentTheirCredentials() throws Exception {
    String admin = identifier(ok("identity", "create", "admin"));
    int port = freePort();
    String route = "/ip4/127.0.0.1/tcp/" + port + "/service/api";
    started(ok("authority", "create", "--tcp-listener-address", "127.0.0.1:" + port, "--project-identifier", "proj1",
      "--trusted-identities", new JsonObject().put(admin, new JsonObject().put("ockam-role", "enroller")).encode(),
      "--project-access-route", route, "--output", "json"));
    JsonArray projects = new JsonArray(ok("project", "list", "--output", "json"));
    assertThat(projects).hasSize(1);
    assertThat(projects.getJsonObject(0).getString("authority_access_route")).isEqualTo(route);

    // a single-use ticket for role=web, used by identity 'web'
    String ticket = ok("project", "ticket", "--attribute", "role=web", "--usage-count", "1", "--expires-in", "10m");
    assertThat(ticket).matches("[0-9a-f]+");
    String web = identifier(ok("identity", "create", "web"));
    JsonObject enrolled = new JsonObject(ok("project", "enroll", ticket, "--identity", "web", "--output", "json"));
    JsonObject attributes = enrolled.getJsonObject("credential").getJsonObject("attributes");
    assertThat(attributes.getString("role")).isEqualTo("web");
    assertThat(attributes.getString("trust_context_id")).isEqualTo("proj1");

    // the second use is refused, and nothing is added
    ok("identity", "create", "other");
    Run second = run("project", "enroll", ticket, "--identity", "other");
    assertThat(second.exitCode()).as(second.errText()).isEqualTo(ExitCodes.REFUSED);
    assertThat(second.errText()).startsWith("error: ").contains("already used");
    // a ticket that names no authority route is refused before anything is sent
    String json = new String(HexFormat.of().parseHex(ticket), StandardCharsets.UTF_8)
      .replace("\"authority_access_route\":\"" + route + "\"", "\"authority_access_route\":null");
    Run noRoute = run("project", "enroll", HexFormat.of().formatHex(json.getBytes(StandardCharsets.UTF_8)), "--identity", "other");
    assertThat(noRoute.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noRoute.errText()).contains("no authority route");
    assertThat(new JsonArray(ok("project-member", "list-ids", "--output", "json")).stream()
      .map(o -> ((JsonObject) o).getString("identifier"))).containsExactlyInAnyOrder(admin, web);

    // credentials kept locally: the member credential, and one stored by hand under a scope
    JsonArray creds = new JsonArray(ok("credential", "list", "--subject", web, "--output", "json"));
    assertThat(creds).hasSize(1);
    assertThat(creds.getJsonObject(0).getString("scope")).isEqualTo("project-member-proj1");
    String issued = ok("credential", "issue", "--as", "admin", "--for", web, "--attribute", "team=blue", "--encoding", "hex");
    Path file = home.resolve("credential.hex");
    java.nio.file.Files.writeString(file, issued);
    assertThat(ok("credential", "verify", "--issuer", admin, "--credential-path", file.toString())).isEqualTo("true");
    ok("credential", "store", "--issuer", admin, "--scope", "manual", "--credential", issued);
    assertThat(new JsonArray(ok("credential", "list", "--subject", web, "--output", "json"))).hasSize(2);

    // node a (identity web) fetches its credential; node b verifies it in the handshake
    started(ok("node", "create", "a", "--identity", "web", "--project", "proj1", "--output", "json"));
    started(ok("node", "create", "b", "--project", "proj1", "--output", "json"));
    ok("secure-channel", "create", "--from", "a", "--to", "/node/b/secure/api");
    Vertx vertx = Vertx.vertx();
    try {
      Store store = await(Store.open(vertx, home.resolve(io.ockamj.store.OckamHome.DATABASE_FILE)));
      try {
        Optional<IdentityAttributesRecord> seen = await(store.identityAttributes().get(web));
        assertThat(seen).isPresent();
        Map<String, String> attrs = AuthorityMessages.decodeStoredAttributes(seen.get().attributes());
        assertThat(attrs).containsEntry("role", "web");
        assertThat(await(store.credentials().list(web))).hasSize(2);  // the member credential (the node reused the scope enroll stored it under) and the manual one
      } finally {
        await(store.close());
      }
    } finally {
      vertx.close();
    }

    // a deleted member is refused a new credential (a new enrollment as the same identity fails too)
    ok("project-member", "delete", web);
    Run show = run("project-member", "show", web);
    assertThat(show.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(show.errText()).contains("not found");
    Run again = run("project", "enroll", ticket, "--identity", "web");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.REFUSED);
  }
}
