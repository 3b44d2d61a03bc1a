package io.ockamj.cli;

import io.ockamj.cli.OckamCli.Run;
import io.ockamj.store.IdentityAttributesRecord;
import io.ockamj.store.Store;
import io.ockamj.testing.Await;
import io.ockamj.verticles.authority.AuthorityMessages;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static io.ockamj.cli.CliFixtures.freePort;
import static io.ockamj.cli.CliFixtures.identifier;
import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ockam node create --enrollment-ticket}, as Rust 0.139: the node's identity is enrolled with
 * the ticket's project first, then the node starts with that project and presents its member
 * credential. A self-hosted authority on 127.0.0.1 makes the tickets.
 */
class NodeEnrollIT {

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  private OckamCli cli() {
    return OckamCli.home(home);
  }

  @AfterEach
  void tearDown() {
    spawned.close();
  }

  private void authority() throws Exception {
    String admin = identifier(cli().ok("identity", "create", "admin"));
    int port = freePort();
    spawned.node(cli().json("authority", "create", "--tcp-listener-address", "127.0.0.1:" + port, "--project-identifier", "proj1",
      "--trusted-identities", new JsonObject().put(admin, new JsonObject().put("ockam-role", "enroller")).encode(),
      "--project-access-route", "/ip4/127.0.0.1/tcp/" + port + "/service/api", "--output", "json"));
  }

  private String ticket(String... more) throws Exception {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("project", "ticket"));
    args.addAll(java.util.List.of(more));
    return cli().ok(args.toArray(String[]::new)).trim();
  }

  @Test
  void aNodeCreatedWithATicketPresentsItsMemberCredential() throws Exception {
    authority();
    String web = identifier(cli().ok("identity", "create", "web"));
    String ticket = ticket("--attribute", "role=web", "--usage-count", "1");

    JsonObject a = spawned.node(cli().json("node", "create", "a", "--identity", "web", "--enrollment-ticket", ticket,
      "--output", "json"));
    assertThat(a.getString("identifier")).isEqualTo(web);
    JsonArray creds = cli().jsonArray("credential", "list", "--subject", web, "--output", "json");
    assertThat(creds).hasSize(1);
    assertThat(creds.getJsonObject(0).getString("scope")).isEqualTo("project-member-proj1");

    // node b verifies a's credential in the secure channel handshake: it learns a's attributes
    spawned.node(cli().json("node", "create", "b", "--project", "proj1", "--output", "json"));
    cli().ok("secure-channel", "create", "--from", "a", "--to", "/node/b/secure/api");
    Vertx vertx = Vertx.vertx();
    try {
      Store store = await(Store.open(vertx, home.resolve(io.ockamj.store.OckamHome.DATABASE_FILE)));
      try {
        Optional<IdentityAttributesRecord> seen = await(store.identityAttributes().get(web));
        assertThat(seen).isPresent();
        assertThat(AuthorityMessages.decodeStoredAttributes(seen.get().attributes())).containsEntry("role", "web");
      } finally {
        await(store.close());
      }
    } finally {
      await(vertx.close());
    }

    // the ticket was for one use: a second node is refused in Rust's words, and is not created
    cli().ok("identity", "create", "other");
    Run again = cli().run("node", "create", "c", "--identity", "other", "--enrollment-ticket", ticket);
    assertThat(again.exitCode()).as(again.errText()).isEqualTo(ExitCodes.REFUSED);
    assertThat(again.errText()).startsWith("error: ").contains("Failed to enroll identity with project.").contains("already used");
    assertThat(cli().ok("node", "list", "--output", "json")).doesNotContain("\"c\"");
  }

  @Test
  void aTicketFileOnAPipeKeepsTheNodesMachineOutput() throws Exception {
    authority();
    cli().ok("identity", "create", "web");
    Path file = home.resolve("ticket.hex");
    Files.writeString(file, ticket("--attribute", "role=web") + "\n");
    Run created = cli().run("node", "create", "n", "--identity", "web", "--enrollment-ticket", file.toString());
    assertThat(created.exitCode()).as(created.errText()).isZero();
    // stdout is the node's (no enrollment report there); the report went to stderr
    assertThat(created.text().lines()).hasSize(1);
    assertThat(created.text()).doesNotContain("enrolled");
    assertThat(created.err()).contains("enrolled with project proj1");
    spawned.node(cli().json("node", "show", "n", "--output", "json"));
    assertThat(cli().jsonArray("credential", "list", "--output", "json").encode()).contains("project-member-proj1");

    // Rust's ENROLLMENT_TICKET variable, a one-use ticket: only node create enrolls, not the node process it starts
    cli().ok("identity", "create", "env");
    String once = ticket("--attribute", "role=env", "--usage-count", "1");
    JsonObject m = spawned.node(cli().env(java.util.Map.of("ENROLLMENT_TICKET", once))
      .json("node", "create", "m", "--identity", "env", "--output", "json"));
    assertThat(m.getString("node_name", m.getString("name"))).isEqualTo("m");
  }

  @Test
  void expiredUrlAndMalformedTicketsAreRefused() throws Exception {
    authority();
    String expiring = ticket("--expires-in", "1s");
    Instant made = Instant.now();

    Run url = cli().run("node", "create", "u", "--enrollment-ticket", "https://tickets.invalid/t");
    assertThat(url.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(url.errText()).contains("URLs");
    Run garbage = cli().run("node", "create", "g", "--enrollment-ticket", "zz-not-a-ticket");
    assertThat(garbage.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(garbage.errText()).contains("invalid enrollment ticket");

    Await.until("the ticket expired", () -> Instant.now().isAfter(made.plusSeconds(2)), Duration.ofSeconds(10));
    cli().ok("identity", "create", "late");
    Run expired = cli().run("node", "create", "e", "--identity", "late", "--enrollment-ticket", expiring);
    assertThat(expired.exitCode()).as(expired.errText()).isEqualTo(ExitCodes.REFUSED);
    assertThat(expired.errText()).contains("Failed to enroll identity with project.").contains("expired");
    assertThat(cli().ok("node", "list", "--output", "json")).doesNotContain("\"e\"").doesNotContain("\"u\"").doesNotContain("\"g\"");
  }
}
