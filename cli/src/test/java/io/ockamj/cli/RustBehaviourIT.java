package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a script notices the difference, {@code ockam} behaves as Rust Ockam 0.139: {@code node logs}
 * prints the log file's path, {@code credential verify} exits 0 and prints whether the credential is
 * valid, {@code project ticket --attribute KEY} means {@code KEY=true}, and the shows and deletes of
 * something that is not there exit as Rust's (0 with {@code []} when there is nothing of the kind at all,
 * 70 when other items exist). Each in its plain (terminal), pipe and JSON forms. One home, run in order:
 * first with nothing in it, then with one node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RustBehaviourIT {

  @TempDir
  static Path dir;

  private OckamCli pipe;
  private OckamCli tty;

  @BeforeAll
  void home() {
    pipe = OckamCli.home(dir.resolve("home"));
    tty = pipe.tty(true);
  }

  @AfterAll
  void stopAll() throws IOException, InterruptedException {
    if (pipe != null) {
      pipe.run("node", "delete", "--all", "--yes");
    }
  }

  @Test
  @Order(1)
  void showsAndDeletesOfNothingSucceedAsRust() throws Exception {
    // nothing of the kind at all: exit 0, a notice on a terminal, [] through a pipe and as JSON
    for (String[] cmd : new String[][] {{"node", "show", "nope"}, {"node", "delete", "nope", "-y"},
      {"vault", "show", "nope"}, {"identity", "delete", "nope", "-y"}, {"vault", "delete", "nope", "-y"}}) {
      assertThat(pipe.ok(cmd).trim()).as(String.join(" ", cmd)).isEqualTo("[]");
      assertThat(new JsonArray(pipe.ok(concat(cmd, "--output", "json")))).as(String.join(" ", cmd)).isEmpty();
    }
    assertThat(tty.ok("node", "show", "nope")).contains("> There are no nodes to show");
    assertThat(tty.ok("node", "delete", "nope", "-y")).contains("> There are no nodes to delete");
    assertThat(tty.ok("vault", "show")).contains("> There are no vaults to show");
  }

  @Test
  @Order(2)
  void credentialVerifyExitsZeroAndPrintsWhetherItIsValid() throws Exception {
    String alice = pipe.ok("identity", "create", "alice").trim();
    String bob = pipe.ok("identity", "create", "bob").trim();
    String credential = pipe.ok("credential", "issue", "--as", "alice", "--for", bob, "-a", "role=web", "--encoding", "hex").trim();

    // valid: true / {"is_valid": true} / "✔ Credential is valid"
    assertThat(pipe.ok("credential", "verify", "--issuer", alice, "--credential", credential).trim()).isEqualTo("true");
    assertThat(new JsonObject(pipe.ok("credential", "verify", "--issuer", alice, "--credential", credential, "--output", "json")))
      .isEqualTo(new JsonObject().put("is_valid", true));
    assertThat(tty.ok("credential", "verify", "--issuer", alice, "--credential", credential)).contains("✔ Credential is valid");

    // not valid (another issuer, a file that is not a credential, no credential at all): still exit 0
    assertThat(pipe.ok("credential", "verify", "--issuer", bob, "--credential", credential).trim()).isEqualTo("false");
    assertThat(new JsonObject(pipe.ok("credential", "verify", "--issuer", bob, "--credential", credential, "--output", "json")))
      .isEqualTo(new JsonObject().put("is_valid", false));
    assertThat(tty.ok("credential", "verify", "--issuer", bob, "--credential", credential)).contains("✗ Credential is not valid");
    Path garbage = Files.writeString(dir.resolve("garbage.hex"), "00ff");
    assertThat(pipe.ok("credential", "verify", "--issuer", alice, "--credential-path", garbage.toString()).trim()).isEqualTo("false");
    assertThat(pipe.ok("credential", "verify", "--issuer", alice, "--credential-path", dir.resolve("missing").toString()).trim())
      .isEqualTo("false");
    assertThat(tty.ok("credential", "verify", "--issuer", alice))
      .contains("✗ Credential or Credential Path argument must be provided");

    // what clap refuses stays a usage error
    pipe.run("credential", "verify", "--issuer", "nope", "--credential", credential).assertFails(ExitCodes.USAGE, "Invalid identity identifier");
    pipe.run("credential", "verify", "--issuer", alice, "--credential", credential, "--credential-path", garbage.toString())
      .assertFails(ExitCodes.USAGE, "cannot be used with");
    // credential issue: an attribute without a value is Rust's "value expected" (70)
    pipe.run("credential", "issue", "--as", "alice", "--for", bob, "-a", "role").assertFails(ExitCodes.SOFTWARE, "value expected");
  }

  @Test
  @Order(3)
  void nodeLogsPrintsTheLogFilesPath() throws Exception {
    pipe.ok("node", "create", "n1");
    Path log = dir.resolve("home").resolve("nodes").resolve("n1").resolve("stderr.log");
    String path = pipe.ok("node", "logs", "n1").trim();
    assertThat(Path.of(path)).isEqualTo(log);
    assertThat(Files.readString(Path.of(path))).contains("node n1 ready");
    assertThat(new JsonObject(pipe.ok("node", "logs", "n1", "--output", "json")))
      .isEqualTo(new JsonObject().put("path", log.toString()));
    assertThat(tty.ok("node", "logs", "n1").trim()).isEqualTo("✔ The path for the log file is: " + log);
    // ours, opt-in: the last lines, the stdout file, the directory
    String last = pipe.ok("node", "logs", "n1", "-n", "1").trim();
    assertThat(last).doesNotContain("\n").contains("node n1");
    assertThat(pipe.ok("node", "logs", "n1", "--stdout").trim()).isEqualTo(log.resolveSibling("stdout.log").toString());
    assertThat(pipe.ok("node", "logs", "n1", "--path").trim()).isEqualTo(log.getParent().toString());
  }

  @Test
  @Order(4)
  void notFoundAmongOthersExitsSeventyAsRust() throws Exception {
    pipe.run("node", "show", "nope").assertFails(ExitCodes.SOFTWARE, "nope");
    pipe.run("node", "delete", "nope", "-y").assertFails(ExitCodes.SOFTWARE, "The node nope was not found");
    pipe.run("identity", "show", "nope").assertFails(ExitCodes.SOFTWARE, "nope");
    pipe.run("identity", "delete", "nope", "-y").assertFails(ExitCodes.SOFTWARE, "The identity nope was not found");
    pipe.run("vault", "delete", "nope", "-y").assertFails(ExitCodes.SOFTWARE, "The vault nope was not found");
    // no name, no terminal to ask on: Rust deletes nothing and succeeds
    pipe.ok("node", "delete");
    assertThat(new JsonArray(pipe.ok("node", "list", "--output", "json"))).hasSize(1);
  }

  @Test
  @Order(5)
  void nodeResourcesShowAndDeleteAsRust() throws Exception {
    // nothing of the kind on the node: exit 0 and []
    for (String kind : new String[] {"tcp-outlet", "tcp-inlet", "relay", "policy"}) {
      assertThat(pipe.ok(kind, "show", "nope", "--at", "n1").trim()).as(kind + " show").isEqualTo("[]");
      assertThat(pipe.ok(kind, "delete", "nope", "--at", "n1", "-y").trim()).as(kind + " delete").isEqualTo("[]");
    }
    assertThat(tty.ok("tcp-outlet", "show", "nope", "--at", "n1")).contains("> There are no tcp outlets to show on node n1");
    // without a name too (Rust's NAME/ALIAS is optional)
    assertThat(pipe.ok("relay", "show", "--at", "n1").trim()).isEqualTo("[]");
    assertThat(pipe.ok("tcp-inlet", "show", "--at", "n1").trim()).isEqualTo("[]");
    assertThat(tty.ok("policy", "delete", "nope", "--at", "n1")).contains("> There are no policies to delete");

    // with one: another name is not found (70); deleting it prints Rust's forms
    pipe.ok("tcp-outlet", "create", "--at", "n1", "--to", "127.0.0.1:9");
    pipe.run("tcp-outlet", "show", "nope", "--at", "n1").assertFails(ExitCodes.SOFTWARE, "nope");
    pipe.run("tcp-outlet", "delete", "nope", "--at", "n1", "-y").assertFails(ExitCodes.SOFTWARE, "was not found");
    assertThat(pipe.ok("tcp-outlet", "delete", "outlet", "--at", "n1", "-y").trim()).isEqualTo("outlet");

    pipe.ok("policy", "create", "--at", "n1", "--resource-type", "tcp-outlet", "--expression", "(= subject.role \"web\")");
    pipe.run("policy", "delete", "tcp-outlet", "--at", "n1").assertFails(ExitCodes.SOFTWARE, "Use --yes to confirm");
    assertThat(tty.ok("policy", "delete", "tcp-outlet", "--at", "n1", "-y"))
      .contains("✔ Policy for resource type tcp-outlet has been deleted");
    assertThat(pipe.ok("policy", "show", "tcp-outlet", "--at", "n1").trim()).isEqualTo("[]");
  }

  @Test
  @Order(6)
  void ticketAttributeWithoutValueIsTrue() throws Exception {
    String admin = pipe.ok("identity", "create", "admin").trim();
    pipe.ok("identity", "default", "admin");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    pipe.ok("authority", "create", "--tcp-listener-address", "127.0.0.1:" + port, "--project-identifier", "proj1",
      "--trusted-identities", new JsonObject().put(admin, new JsonObject().put("ockam-role", "enroller")).encode(),
      "--project-access-route", "/ip4/127.0.0.1/tcp/" + port + "/service/api");
    String ticket = pipe.ok("project", "ticket", "--attribute", "beta", "--attribute", "role=web").trim();
    pipe.ok("identity", "create", "web");
    JsonObject enrolled = new JsonObject(pipe.ok("project", "enroll", ticket, "--identity", "web", "--output", "json"));
    JsonObject attributes = enrolled.getJsonObject("credential").getJsonObject("attributes");
    assertThat(attributes.getString("beta")).isEqualTo("true");
    assertThat(attributes.getString("role")).isEqualTo("web");
    // project-member add, as Rust, wants the value
    String bob = pipe.ok("identity", "show", "bob").trim();
    pipe.run("project-member", "add", bob, "--attribute", "beta").assertFails(ExitCodes.SOFTWARE, "value expected in attribute beta");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
