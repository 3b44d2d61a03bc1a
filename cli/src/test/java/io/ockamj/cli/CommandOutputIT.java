package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The last commands moved onto the shared output, as real {@code ockam} processes on 127.0.0.1, each
 * in its forms: the text a terminal gets, what a pipe gets (the machine form, else the JSON), the
 * fields of {@code --output json} and one {@code --jq}. One self-hosted authority (its project is
 * the default project; identity {@code admin} is an enroller) and one node serve the whole class;
 * independent commands run side by side.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommandOutputIT {

  private static final String ID = "I[0-9a-f]{64}";

  @TempDir
  static Path dir;

  private OckamCli pipe;
  private OckamCli tty;
  private String admin;
  private String nodeId;
  private String route;
  private final OckamCli.Spawned pids = new OckamCli.Spawned();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  @BeforeAll
  void authorityAndNode() throws Exception {
    pipe = OckamCli.home(dir.resolve("home"));
    tty = pipe.tty(true);
    admin = pipe.ok("identity", "create", "admin");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    route = "/ip4/127.0.0.1/tcp/" + port + "/service/api";
    JsonObject authority = new JsonObject(pipe.ok("authority", "create", "--tcp-listener-address", "127.0.0.1:" + port,
      "--project-identifier", "proj1", "--trusted-identities",
      new JsonObject().put(admin, new JsonObject().put("ockam-role", "enroller")).encode(),
      "--project-access-route", route, "--output", "json"));
    pids.pid(authority.getLong("pid"));
    JsonObject node = new JsonObject(pipe.ok("node", "create", "n1", "--output", "json"));
    pids.pid(node.getLong("pid"));
    nodeId = node.getString("identifier");
  }

  @AfterAll
  void stop() throws Exception {
    try {
      if (pipe != null) {
        pipe.run("node", "delete", "--all", "--yes");
      }
    } finally {
      pids.close();
      pool.shutdownNow();
    }
  }

  /** Runs the calls side by side and returns their results in order. */
  @SafeVarargs
  private List<String> parallel(Callable<String>... calls) {
    List<CompletableFuture<String>> fs = new ArrayList<>();
    for (Callable<String> c : calls) {
      fs.add(CompletableFuture.supplyAsync(() -> {
        try {
          return c.call();
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      }, pool));
    }
    try {
      return fs.stream().map(CompletableFuture::join).toList();
    } catch (CompletionException e) {
      if (e.getCause() instanceof AssertionError a) {
        throw a;
      }
      throw e;
    }
  }

  private String newIdentifier(String name) throws Exception {
    return pipe.ok("identity", "create", name);
  }

  @Test
  void credentialIssueInEachForm() throws Exception {
    String subject = newIdentifier("subject1");
    String vault = new JsonArray(pipe.ok("vault", "list", "--output", "json")).getJsonObject(0)
      .getJsonObject("vault").getString("name");
    String[] issue = {"credential", "issue", "--as", "admin", "--for", subject, "-a", "role=web", "--attribute", "env=prod"};
    List<String> outs = parallel(
      () -> tty.ok(issue),
      () -> pipe.ok(issue),
      () -> pipe.ok(concat(issue, "--encoding", "hex")),
      () -> pipe.ok(concat(issue, "--output", "json")),
      () -> pipe.ok(concat(issue, "--jq", ".attributes.role")),
      () -> pipe.ok(concat(issue, vault, "--encoding", "hex")),
      () -> {
        pipe.run(concat(issue, "nope")).assertFails(ExitCodes.FAILURE, "no vault found with name nope");
        return "";
      },
      () -> {
        // a vault that exists but does not hold the issuer's keys (another home: a second vault
        // makes 'identity create' ask which vault)
        OckamCli other = OckamCli.home(dir.resolve("home-vaults"));
        other.ok("identity", "create", "issuer");
        other.ok("vault", "create", "elsewhere");
        other.run("credential", "issue", "--as", "issuer", "--for", subject, "elsewhere").assertFails(ExitCodes.FAILURE,
          "the vault elsewhere does not hold the keys of identity issuer");
        return "";
      });
    // terminal: Rust's CredentialOutput text
    assertThat(outs.get(0)).matches("(?s)    Credential:\n      subject: " + subject + "\n      issuer: " + admin
      + "\n      created at: \\d+\n      expires at: \\d+\n      attributes: \\{\"env\":\"prod\",\"role\":\"web\"}\n"
      + "      credential: [0-9a-f]+\n");
    // pipe, --encoding plain (the default): the long description, without a trailing newline
    assertThat(outs.get(1)).startsWith("    Credential:\n    Version:                    1\n    Subject:                    "
      + subject + "\n").contains("    Attributes: \n      Schema: 1; {\"env\": \"prod\", \"role\": \"web\"}\n",
      "    Purpose key:\n", "    Public Key -> Credentials Key -> Ed25519: ").doesNotEndWith("\n");
    // pipe, --encoding hex: the credential alone, which verifies
    assertThat(outs.get(2)).matches("[0-9a-f]+");
    assertThat(pipe.ok("credential", "verify", "--issuer", admin, "--credential", outs.get(2), "--for", subject).trim())
      .isEqualTo("true");
    JsonObject json = new JsonObject(outs.get(3));
    assertThat(json.fieldNames()).containsExactly("credential", "subject", "issuer", "created_at", "expires_at", "attributes");
    assertThat(json.getString("subject")).isEqualTo(subject);
    assertThat(json.getString("issuer")).isEqualTo(admin);
    assertThat(json.getLong("expires_at") - json.getLong("created_at")).isEqualTo(30 * 60);
    assertThat(json.getJsonObject("attributes").getMap()).containsEntry("role", "web").containsEntry("env", "prod");
    assertThat(outs.get(4)).isEqualTo("\"web\"");
    assertThat(outs.get(5)).matches("[0-9a-f]+");
  }

  @Test
  void credentialListInEachForm() throws Exception {
    String subject = newIdentifier("subject2");
    String hex = pipe.ok("credential", "issue", "--as", "admin", "--for", subject, "-a", "team=blue", "--encoding", "hex");
    pipe.ok("credential", "store", "--issuer", admin, "--scope", "manual", "--credential", hex);
    String nobody = newIdentifier("nobody");
    String[] list = {"credential", "list", "--subject", subject};
    List<String> outs = parallel(
      () -> tty.ok(list),
      () -> pipe.ok(list),
      () -> pipe.ok(concat(list, "--output", "json")),
      () -> pipe.ok(concat(list, "--jq", ".[0].credential.attributes.team")),
      () -> tty.ok("credential", "list", "--subject", nobody));
    assertThat(outs.get(0)).startsWith("  │ Credential:\n  │   subject: " + subject + "\n  │   issuer: " + admin + "\n");
    assertThat(outs.get(0)).contains("  │   attributes: {\"team\":\"blue\"}\n", "  │   credential: " + hex + "\n",
      "  │   is verified: ✔︎\n", "  │   scope: manual\n");
    // no machine form: a pipe gets the JSON
    assertThat(outs.get(1)).isEqualTo(outs.get(2));
    JsonObject item = new JsonArray(outs.get(2)).getJsonObject(0);
    assertThat(item.fieldNames()).containsExactly("credential", "scope", "is_verified");
    assertThat(item.getJsonObject("credential").getString("credential")).isEqualTo(hex);
    assertThat(item.getString("scope")).isEqualTo("manual");
    assertThat(item.getBoolean("is_verified")).isTrue();
    assertThat(outs.get(3)).isEqualTo("\"blue\"");
    assertThat(outs.get(4)).isEqualTo("  > No Credentials found\n");
  }

  @Test
  void policyExplainInEachForm() throws Exception {
    try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      pipe.ok("tcp-outlet", "create", "--at", "n1", "--from", "explained", "--to", "127.0.0.1:" + target.getLocalPort(),
        "--allow", "(= subject.role \"db\")");
    }
    String[] explain = {"policy", "explain", "--at", "n1", "--resource", "explained", "--subject", nodeId};
    List<String> outs = parallel(
      () -> tty.ok(explain),
      () -> pipe.ok(explain),
      () -> pipe.ok(concat(explain, "--output", "json")),
      () -> pipe.ok(concat(explain, "--jq", ".allowed")));
    assertThat(outs.get(0)).startsWith("  ! DENIED: " + nodeId + " on tcp-outlet 'explained'\n"
      + "    Policy (resource): (= subject.role \"db\")\n"
      + "    Decided by: (= subject.role \"db\") (unbound identifier: subject.role)\n"
      + "    Attributes:\n").contains("      subject.identifier = " + nodeId + "\n");
    assertThat(outs.get(1)).isEqualTo(outs.get(2));
    assertThat(new JsonObject(outs.get(2)).getString("decided_by")).isEqualTo("(= subject.role \"db\")");
    assertThat(outs.get(3)).isEqualTo("false");
  }

  @Test
  void nodeLogsInEachForm() throws Exception {
    List<String> outs = parallel(
      () -> tty.ok("node", "logs", "n1", "--path"),
      () -> pipe.ok("node", "logs", "n1", "--path"),
      () -> pipe.ok("node", "logs", "n1", "--path", "--output", "json"),
      () -> pipe.ok("node", "logs", "n1", "-n", "3"),
      () -> pipe.ok("node", "logs", "n1", "-n", "3", "--jq", ".lines | length"));
    Path logs = Path.of(outs.get(1));
    assertThat(logs).isDirectory();
    assertThat(outs.get(0)).isEqualTo("  ✔ The path for the log directory is: " + logs + "\n");
    assertThat(new JsonObject(outs.get(2)).getString("path")).isEqualTo(logs.toString());
    // the lines are the end of the log file that --output json names (it only grows)
    Path file = Path.of(new JsonObject(pipe.ok("node", "logs", "n1", "--output", "json")).getString("path"));
    List<String> last = Files.readAllLines(file);
    assertThat(outs.get(3).split("\n")).hasSizeLessThanOrEqualTo(3);
    assertThat(last).containsSubsequence(List.of(outs.get(3).split("\n")));
    assertThat(outs.get(4)).isEqualTo(String.valueOf(outs.get(3).split("\n").length));
  }

  @Test
  void projectTicketEnrollShowListImport() throws Exception {
    // ticket: the hex form through a pipe and on a terminal (the notice goes to stderr); never JSON
    List<String> tickets = parallel(
      () -> pipe.ok("project", "ticket", "--attribute", "role=web"),
      () -> {
        OckamCli.Run r = tty.run("project", "ticket", "--attribute", "role=db");
        r.assertOk();
        assertThat(r.err()).contains("  ✔ Created enrollment ticket\n",
          "    You can use it to enroll another machine using: ockam project enroll");
        return r.out();
      },
      () -> pipe.ok("project", "ticket", "--attribute", "role=api"),
      () -> {
        pipe.run("project", "ticket", "--output", "json").assertFails(ExitCodes.USAGE,
          "This command only outputs a hex encoded string for 'ockam project enroll' to use.");
        return "";
      });
    assertThat(tickets.get(0)).matches("[0-9a-f]+");
    assertThat(tickets.get(1)).matches("[0-9a-f]+\n");
    String web = newIdentifier("web");
    String db = newIdentifier("db");
    newIdentifier("api");

    // enroll: Rust's text; {identity, project_name, credential} through a pipe and as JSON
    List<String> enrolled = parallel(
      () -> tty.ok("project", "enroll", tickets.get(0), "--identity", "web"),
      () -> pipe.ok("project", "enroll", tickets.get(1).trim(), "--identity", "db"),
      () -> pipe.ok("project", "enroll", tickets.get(2), "--identity", "api", "--jq", ".credential.attributes.role"));
    assertThat(enrolled.get(0)).startsWith("  ✔ Successfully enrolled identity web to the proj1 project.\n\n"
        + "    The identity has a credential in this project\n    created at ")
      .contains("    The following attributes are attested by the project's membership authority:\n",
        "      \"role=web\"\n");
    JsonObject db1 = new JsonObject(enrolled.get(1));
    assertThat(db1.fieldNames()).containsExactly("identity", "project_name", "credential");
    assertThat(db1.getJsonObject("identity").getString("identifier")).isEqualTo(db);
    assertThat(db1.getJsonObject("identity").getString("name")).isEqualTo("db");
    assertThat(db1.getString("project_name")).isEqualTo("proj1");
    assertThat(db1.getJsonObject("credential").getJsonObject("attributes").getString("role")).isEqualTo("db");
    assertThat(enrolled.get(2)).isEqualTo("\"api\"");

    // show and list: Rust's Project text, the project's JSON through a pipe
    Path file = dir.resolve("other.json");
    JsonObject model = new JsonObject(pipe.ok("project", "show")).copy();
    model.put("id", "proj2").put("name", "other").remove("is_default");
    Files.writeString(file, model.encode());
    List<String> outs = parallel(
      () -> tty.ok("project", "show"),
      () -> pipe.ok("project", "show"),
      () -> pipe.ok("project", "show", "--jq", ".access_address"),
      () -> tty.ok("project", "import", "--project-file", file.toString()));
    int port = Integer.parseInt(route.split("/")[4]);
    assertThat(outs.get(0)).isEqualTo("    proj1:\n      Id: proj1\n      Name: proj1\n      Space: \n      Route: " + route
      + "\n      Address: 127.0.0.1:" + port + "\n      Identifier: " + authorityId(outs.get(1))
      + "\n      Version: N/A\n      Is running: false\n      Authority route: " + route
      + "\n      Authority address: 127.0.0.1:" + port + "\n      Authority identifier: " + authorityId(outs.get(1))
      + "\n      Egress allow list: 127.0.0.1:" + port + "\n");
    JsonObject shown = new JsonObject(outs.get(1));
    assertThat(shown.fieldNames()).contains("id", "name", "access_route", "authority_access_route", "authority_identity",
      "access_address", "authority_access_address", "egress_allow_list", "is_default");
    assertThat(outs.get(2)).isEqualTo("\"127.0.0.1:" + port + "\"");
    assertThat(outs.get(3)).isEqualTo("  ✔ Successfully imported project other\n");

    List<String> lists = parallel(
      () -> tty.ok("project", "list"),
      () -> pipe.ok("project", "list"),
      () -> pipe.ok("project", "list", "--jq", "[.[].name]", "--compact-output"),
      () -> pipe.ok("project", "import", "--project-file", file.toString()));
    assertThat(lists.get(0)).contains("  │ Id: proj1\n  │ Name: proj1\n  │ Space: \n  │ Route: " + route + "\n",
      "  │ Id: proj2\n  │ Name: other\n");
    assertThat(new JsonArray(lists.get(1))).hasSize(2);
    assertThat(lists.get(2)).isEqualTo("[\"other\",\"proj1\"]");
    // import prints only text in Rust, so a pipe gets the text
    assertThat(lists.get(3)).isEqualTo("  ✔ Successfully imported project other");
  }

  private static String authorityId(String projectJson) throws Exception {
    String history = new JsonObject(projectJson).getString("authority_identity");
    return io.ockamj.crypto.identity.Identity.importHex(history).identifier().toString();
  }

  @Test
  void projectMembersInEachForm() throws Exception {
    String m1 = newIdentifier("m1");
    String m2 = newIdentifier("m2");
    String m3 = newIdentifier("m3");
    String m4 = newIdentifier("m4");
    List<String> added = parallel(
      () -> tty.ok("project-member", "add", m1, "--attribute", "role=web", "--relay", "r1"),
      () -> pipe.ok("project-member", "add", m2),
      () -> pipe.ok("project-member", "add", m3, "-a", "k=v", "--jq", ".attributes.k"),
      () -> pipe.ok("project-member", "add", m4));
    assertThat(added.get(0)).isEqualTo("  ✔ Identifier " + m1 + " is now a member of the Project proj1\n"
      + "    With attributes: ockam-relay=r1, role=web\n"
      + "    It can get a credential and access Project resources, like portals of other members\n");
    JsonObject m2json = new JsonObject(added.get(1));
    assertThat(m2json.fieldNames()).containsExactly("project", "identifier", "attributes");
    assertThat(m2json.getString("identifier")).isEqualTo(m2);
    assertThat(added.get(2)).isEqualTo("\"v\"");

    List<String> outs = parallel(
      () -> tty.ok("project-member", "show", m1),
      () -> tty.ok("project-member", "show", m2),
      () -> pipe.ok("project-member", "show", m1),
      () -> tty.ok("project-member", "list"),
      () -> pipe.ok("project-member", "list", "--jq", "[.[].identifier]", "--compact-output"),
      () -> pipe.ok("project-member", "list-ids"));
    assertThat(outs.get(0)).matches("    " + m1 + "\n    With attributes: ockam-relay=r1, role=web\n"
      + "      Added at: \\d+\n      Attested by: " + admin + "\n");
    assertThat(outs.get(1)).isEqualTo("    " + m2 + "\n    Has no attributes\n");
    JsonObject shown = new JsonObject(outs.get(2));
    assertThat(shown.fieldNames()).containsExactly("identifier", "attributes");
    assertThat(shown.getJsonObject("attributes").fieldNames())
      .containsExactly("attributes", "added_at", "expires_at", "attested_by");
    assertThat(shown.getJsonObject("attributes").getJsonObject("attributes").getString("role")).isEqualTo("web");
    assertThat(outs.get(3)).contains("  │ " + m1 + "\n  │ With attributes: ockam-relay=r1, role=web\n",
      "  │ " + m2 + "\n  │ Has no attributes\n");
    assertThat(new JsonArray(outs.get(4)).getList()).contains(m1, m2, m3, admin);
    assertThat(new JsonArray(outs.get(5)).getJsonObject(0).fieldNames()).containsExactly("identifier");

    List<String> deleted = parallel(
      () -> tty.ok("project-member", "delete", m1),
      () -> pipe.ok("project-member", "delete", m2, "--jq", ".identifiers[0]"),
      () -> tty.ok("credential", "revoke", "--for", m3));
    assertThat(deleted.get(0)).isEqualTo("  ✔ Identifier " + m1 + " is no longer a member of the Project. It won't be able"
      + " to get a credential and access Project resources, like portals of other members\n");
    assertThat(deleted.get(1)).isEqualTo("\"" + m2 + "\"");
    assertThat(deleted.get(2)).isEqualTo("  ✔ Revoked the credentials of " + m3 + " at the authority of the Project proj1\n");
    // --all: every member but the identity used, one by one, as Rust
    OckamCli.Run all = pipe.run("project-member", "delete", "--all", "--output", "json").assertOk();
    assertThat(all.err()).contains("  > Found ");
    JsonObject gone = new JsonObject(all.out());
    assertThat(gone.getString("project")).isEqualTo("proj1");
    assertThat(gone.getJsonArray("identifiers").getList()).contains(m4).doesNotContain(admin, m1, m2);
    assertThat(new JsonArray(pipe.ok("project-member", "list-ids")).stream().map(o -> ((JsonObject) o).getString("identifier")))
      .containsExactly(admin);
    pipe.ok("project-member", "add", m4);
    assertThat(pipe.ok("credential", "revoke", "--for", m4, "--output", "json"))
      .isEqualTo("{\n  \"project\": \"proj1\",\n  \"identifier\": \"" + m4 + "\"\n}");
  }

  private static String[] concat(String[] a, String... more) {
    String[] out = new String[a.length + more.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(more, 0, out, a.length, more.length);
    return out;
  }
}
