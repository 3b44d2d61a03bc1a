package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * {@code message send --project/--authority-identity/--authority-route/--credential-scope}, Rust's
 * trust options of the in-memory node: the command fetches the sending identity's member credential
 * from the project's authority and presents it in the secure channel, so the node at the other end
 * learns the identity's attributes (its policies can then allow it). Real authority and node
 * processes on 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageTrustIT {

  @TempDir
  static Path dir;

  private OckamCli cli;
  private String web;
  private String other;

  @BeforeAll
  void authorityMemberAndNode() throws Exception {
    cli = OckamCli.home(dir.resolve("home"));
    String admin = cli.ok("identity", "create", "admin");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    cli.ok("authority", "create", "--tcp-listener-address", "127.0.0.1:" + port, "--project-identifier", "proj1",
      "--trusted-identities", new JsonObject().put(admin, new JsonObject().put("ockam-role", "enroller")).encode(),
      "--project-access-route", "/ip4/127.0.0.1/tcp/" + port + "/service/api");
    String ticket = cli.ok("project", "ticket", "--attribute", "role=web", "--usage-count", "1");
    web = cli.ok("identity", "create", "web");
    other = cli.ok("identity", "create", "other");
    cli.ok("project", "enroll", ticket, "--identity", "web");
    cli.ok("node", "create", "b", "--project", "proj1");
    cli.ok("policy", "create", "--at", "b", "--resource", "echo", "--expression", "(= subject.role \"web\")");
  }

  @AfterAll
  void stopAll() throws IOException, InterruptedException {
    if (cli != null) {
      cli.run("node", "delete", "--all", "--yes");
    }
  }

  private JsonObject explain(String subject) throws Exception {
    return new JsonObject(cli.ok("policy", "explain", "--at", "b", "--resource", "echo", "--subject", subject, "--output", "json"));
  }

  @Test
  void theMemberCredentialIsPresentedOnlyWithTheProject() throws Exception {
    // without --project the channel carries no credential: the node knows nothing of web
    assertThat(cli.ok("message", "send", "hi", "--to", "/node/b/secure/api/service/echo", "--identity", "web")).isEqualTo("hi");
    assertThat(explain(web).getBoolean("allowed")).isFalse();

    assertThat(cli.ok("message", "send", "hi", "--to", "/node/b/secure/api/service/echo", "--identity", "web",
      "--project", "proj1")).isEqualTo("hi");
    JsonObject known = explain(web);
    assertThat(known.getJsonObject("attributes").getString("subject.role")).isEqualTo("web");
    assertThat(known.getBoolean("allowed")).isTrue();
  }

  @Test
  void anIdentityThatIsNoMemberGetsNoCredential() throws Exception {
    cli.run("message", "send", "hi", "--to", "/node/b/secure/api/service/echo", "--identity", "other", "--project", "proj1")
      .assertFails(ExitCodes.FAILURE, "cannot get a credential from the authority");
    assertThat(explain(other).getBoolean("allowed")).isFalse();
  }

  @Test
  void theTrustOptionsAreForTheInMemoryNode() throws Exception {
    cli.run("message", "send", "hi", "--to", "/node/b/secure/api/service/echo", "--from", "b", "--project", "proj1")
      .assertFails(ExitCodes.USAGE, "--from sends with that node's own credential");
    cli.run("message", "send", "hi", "--to", "/node/b/secure/api/service/echo", "--project", "nope")
      .assertFails(ExitCodes.FAILURE, "there is no project named 'nope'");
  }
}
