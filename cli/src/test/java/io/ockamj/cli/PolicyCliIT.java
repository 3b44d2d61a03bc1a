package io.ockamj.cli;

import io.ockamj.cli.OckamCli.Run;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ockam policy create|show|list|delete|explain} and {@code tcp-outlet create --allow} against a
 * real background node in a temporary {@code $OCKAM_HOME}, with Rust's JSON (stdout is not a terminal).
 */
class PolicyCliIT {

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  private String ok(String... args) throws Exception {
    return OckamCli.home(home).run(args).assertOk().text();
  }

  @AfterEach
  void tearDown() {
    spawned.close();
  }

  @Test
  void policiesThroughTheCli() throws Exception {
    JsonObject node = spawned.node(new JsonObject(ok("node", "create", "n1", "--output", "json")));
    String me = node.getString("identifier");
    try (ServerSocket target = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      String to = "127.0.0.1:" + target.getLocalPort();
      JsonObject outlet = new JsonObject(ok("tcp-outlet", "create", "--at", "n1", "--to", to,
        "--allow", "(= subject.role \"db-client\")", "--output", "json"));
      assertThat(outlet.getString("worker_addr")).isEqualTo("/service/outlet");
      assertThat(outlet.getString("to")).isEqualTo(to);
    }

    assertThat(new JsonObject(ok("policy", "show", "outlet", "--at", "n1"))).isEqualTo(new JsonObject()
      .put("resource", "outlet").put("action", "handle_message").put("expression", "(= subject.role \"db-client\")"));

    assertThat(ok("policy", "create", "--at", "n1", "--resource-type", "tcp-inlet", "--allow", "web and prod"))
      .isEqualTo("✔ Policy created at node n1");
    JsonArray all = new JsonArray(ok("policy", "list", "--at", "n1"));
    assertThat(all).containsExactly(
      new JsonObject().put("resource", "outlet").put("action", "handle_message").put("expression", "(= subject.role \"db-client\")"),
      new JsonObject().put("resource", "tcp-inlet").put("action", "handle_message")
        .put("expression", "(and (= subject.web \"true\") (= subject.prod \"true\"))"));
    assertThat(new JsonArray(ok("policy", "list", "tcp-inlet", "--at", "n1"))).hasSize(1);

    // why the node's own identity is refused by the outlet: it has no role
    JsonObject why = new JsonObject(ok("policy", "explain", "--at", "n1", "--resource", "outlet", "--subject", me));
    assertThat(why.getBoolean("allowed")).isFalse();
    assertThat(why.getString("decided_by")).isEqualTo("(= subject.role \"db-client\")");
    assertThat(why.getString("error")).isEqualTo("unbound identifier: subject.role");
    assertThat(why.getJsonObject("attributes").getString("subject.identifier")).isEqualTo(me);

    Run bad = run("policy", "create", "--at", "n1", "--resource", "x", "--allow", "a and");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(bad.errText()).contains("Cannot parse the expression as either a simple boolean expression or a full policy expression")
      .contains("successfully parsed: `a`, but ` and` cannot be parsed");
    Run badType = run("policy", "create", "--at", "n1", "--resource-type", "nope", "--allow", "a");
    assertThat(badType.exitCode()).isEqualTo(ExitCodes.USAGE);

    Run unconfirmed = run("policy", "delete", "outlet", "--at", "n1");
    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(unconfirmed.errText()).contains("Use --yes to confirm");
    assertThat(ok("policy", "delete", "outlet", "--at", "n1", "--yes"))
      .isEqualTo("✔ Policy for resource outlet has been deleted");
    assertThat(new JsonArray(ok("policy", "list", "--at", "n1"))).hasSize(1);
    // as Rust's show flow: the policies listed are those of that resource; none, so nothing to show (exit 0)
    assertThat(run("policy", "show", "outlet", "--at", "n1").assertOk().text()).isEqualTo("[]");
    JsonObject open = new JsonObject(ok("policy", "explain", "--at", "n1", "--resource", "outlet", "--subject", me));
    assertThat(open.getBoolean("allowed")).isTrue();
    assertThat(open.getString("source")).isEqualTo("none");
  }
}
