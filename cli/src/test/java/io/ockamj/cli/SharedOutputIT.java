package io.ockamj.cli;

import io.ockamj.cli.OckamCli.Run;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The commands that now print through the shared output, as real {@code ockam} processes on 127.0.0.1, in
 * each form: the text a terminal gets ({@code -Dockam.tty=true}), what a pipe gets (the machine form, else
 * the JSON, else the text, without a trailing newline), {@code --output json} and {@code --jq}. One node
 * serves the tests that need one; reset and run use homes of their own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedOutputIT {

  @TempDir
  static Path dir;

  private Path home;
  private String nodeId;

  private Run runIn(Path state, Path cwd, boolean tty, String... args) throws Exception {
    OckamCli cli = OckamCli.home(state).tty(tty);
    return (cwd == null ? cli : cli.cwd(cwd)).run(args);
  }

  /** Through a pipe. */
  private String pipe(String... args) throws Exception {
    return okIn(home, false, args);
  }

  /** On a terminal. */
  private String tty(String... args) throws Exception {
    return okIn(home, true, args);
  }

  private String okIn(Path state, boolean tty, String... args) throws Exception {
    return OckamCli.home(state).tty(tty).ok(args);
  }

  @BeforeAll
  void oneNode() throws Exception {
    home = dir.resolve("home");
    pipe("identity", "create", "first");
    nodeId = new JsonObject(pipe("node", "create", "s1", "--output", "json")).getString("identifier");
  }

  @AfterAll
  void deleteNode() throws Exception {
    if (home != null) {
      runIn(home, null, false, "node", "delete", "--all", "--yes");
    }
  }

  @Test
  void identityCommandsInEachForm() throws Exception {
    String id = pipe("identity", "create", "out1");
    // through a pipe: the machine form, the identifier, without a newline
    assertThat(id).matches("I[0-9a-f]{64}");
    String created = tty("identity", "create", "out2");
    assertThat(created).matches("  ✔ Identity I[0-9a-f]{64} \n    created successfully as out2\n");
    assertThat(new JsonObject(pipe("identity", "create", "out3", "--output", "json")).fieldNames()).containsExactly("identifier");

    // list: Rust has no machine form, so a pipe gets the JSON, with Rust's NamedIdentity fields
    String listed = pipe("identity", "list");
    assertThat(listed).isEqualTo(pipe("identity", "list", "--output", "json"));
    JsonArray all = new JsonArray(listed);
    JsonObject out1 = all.stream().map(JsonObject.class::cast).filter(o -> o.getString("name").equals("out1")).findFirst().orElseThrow();
    assertThat(out1.fieldNames()).containsExactly("identifier", "name", "vault_name", "is_default");
    assertThat(out1.getString("identifier")).isEqualTo(id);
    assertThat(tty("identity", "list")).contains("  │ Identity out1 \n  │ " + id + "\n\n", "  │ Identity first (default)\n");
    assertThat(pipe("identity", "list", "--jq", "[.[] | select(.is_default) | .name]", "--compact-output")).isEqualTo("[\"first\"]");

    // default: text only in Rust, so the same text through a pipe; the JSON is ours
    assertThat(pipe("identity", "default")).isEqualTo("  ✔ The name of the default identity is 'first'");
    assertThat(pipe("identity", "default", "--jq", ".name")).isEqualTo("\"first\"");

    // rotate and verify (ours): the identifier through a pipe, the JSON with --output json
    assertThat(pipe("identity", "rotate", "out1")).isEqualTo(id);
    assertThat(tty("identity", "rotate", "out1")).startsWith("  ✔ The identity named out1 has a new primary key\n");
    assertThat(pipe("identity", "rotate", "out1", "--jq", ".identifier")).isEqualTo("\"" + id + "\"");

    // delete: the name through a pipe, the text on a terminal, {"name"} as JSON
    assertThat(pipe("identity", "delete", "out1", "--yes")).isEqualTo("out1");
    assertThat(tty("identity", "delete", "out2", "--yes")).isEqualTo("  ✔ The identity named out2 has been deleted\n");
    assertThat(pipe("identity", "delete", "out3", "--yes", "--output", "json")).isEqualTo("{\n  \"name\": \"out3\"\n}");
  }

  @Test
  void statusHasRustsFieldsAndText() throws Exception {
    JsonObject status = new JsonObject(pipe("status"));
    assertThat(status.fieldNames()).containsExactly("ockam_version", "orchestrator_version", "spaces", "identities", "nodes", "home");
    assertThat(status.getJsonObject("ockam_version").fieldNames()).containsExactly("version", "hash");
    assertThat(status.getJsonObject("orchestrator_version").getValue("version")).isNull();
    JsonObject node = status.getJsonArray("nodes").stream().map(JsonObject.class::cast)
      .filter(n -> n.getString("name").equals("s1")).findFirst().orElseThrow();
    assertThat(node.getString("status")).isEqualTo("running");
    assertThat(node.getJsonArray("services").stream().map(s -> ((JsonObject) s).getString("addr")).toList()).contains("echo");
    assertThat(pipe("status", "--jq", "[.nodes[].name]", "--compact-output", "--timeout", "5s")).contains("\"s1\"");
    String text = tty("status");
    assertThat(text).startsWith("    Ockam version: ").contains("\n  ! No spaces found\n", "\n    Identities\n",
      "\n    first (default):\n      With Identifier ", "\n    Nodes\n", "\n    s1 (default):\n      The node is running with PID ",
      "      Services:\n        echo service at echo\n");
    Run badTimeout = runIn(home, null, false, "status", "--timeout", "soon");
    assertThat(badTimeout.exitCode()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void nodeResourceListsShareOneShape() throws Exception {
    // tcp-listener: text only in Rust, so the text through a pipe too; JSON and --jq ours
    String lst = tty("tcp-listener", "list", "--at", "s1");
    assertThat(lst).startsWith("  │ TCP, Listening at 127.0.0.1:");
    assertThat(pipe("tcp-listener", "list", "--at", "s1")).isEqualTo(lst.stripTrailing());
    String socket = new JsonArray(pipe("tcp-listener", "list", "--at", "s1", "--output", "json")).getJsonObject(0).getString("socket_addr");
    String port = socket.substring(socket.lastIndexOf(':') + 1);
    assertThat(pipe("tcp-listener", "list", "--at", "s1", "--jq", ".[0].mode")).isEqualTo("\"Listen\"");
    // show: text on a terminal, JSON through a pipe (Rust's forms)
    assertThat(tty("tcp-listener", "show", port, "--at", "s1")).isEqualTo("TCP, Listening at " + socket + "\n");
    assertThat(new JsonObject(pipe("tcp-listener", "show", port, "--at", "s1")).getString("socket_addr")).isEqualTo(socket);

    // tcp-connection
    String worker = pipe("tcp-connection", "create", "--from", "s1", "--to", socket);
    assertThat(worker).matches("/worker/[0-9a-f]+");
    String conns = tty("tcp-connection", "list", "--at", "s1");
    assertThat(conns).contains("  │ TCP, Outgoing at " + socket + "\n");
    String shown = pipe("tcp-connection", "show", socket, "--at", "s1");
    assertThat(shown).startsWith("  ✔ TCP Connection:\n      Type: TCP\n      Mode: Outgoing\n      Socket address: " + socket + "\n");
    assertThat(pipe("tcp-connection", "show", socket, "--at", "s1", "--jq", ".worker_addr")).contains(worker.substring("/worker/".length()));
    assertThat(new JsonObject(pipe("tcp-connection", "delete", socket, "--at", "s1", "--yes")).getString("address")).isEqualTo(socket);

    // secure-channel-listener: the same list shape
    assertThat(pipe("secure-channel-listener", "create", "sl1", "--at", "s1")).isEqualTo("/service/sl1");
    assertThat(tty("secure-channel-listener", "create", "sl2", "--at", "s1"))
      .isEqualTo("  ✔ Secure Channel Listener at /service/sl2 created successfully\n    At node /node/s1\n");
    assertThat(pipe("secure-channel-listener", "list", "--at", "s1")).contains("  │ Listener at /service/sl1\n", "  │ Listener at /service/sl2")
      .doesNotStartWith("[");
    assertThat(pipe("secure-channel-listener", "list", "--at", "s1", "--jq",
      "[.[].address] | map(select(. == \"/service/sl1\" or . == \"/service/sl2\")) | sort", "--compact-output"))
      .isEqualTo("[\"/service/sl1\",\"/service/sl2\"]");
    assertThat(pipe("secure-channel-listener", "delete", "sl2", "--at", "s1")).isEqualTo("sl2");

    // service list (added): Rust has text and JSON, so a pipe gets the JSON
    JsonArray services = new JsonArray(pipe("service", "list", "--at", "s1"));
    assertThat(services.stream().map(JsonObject.class::cast).filter(s -> s.getString("addr").equals("echo")).toList())
      .singleElement().satisfies(s -> assertThat(s.fieldNames()).containsExactly("addr", "type"));
    assertThat(tty("service", "list", "--at", "s1")).contains("  │ echo service at echo\n");
    assertThat(pipe("service", "list", "--at", "s1", "--jq", "map(select(.type == \"uppercase\")) | length")).isEqualTo("1");
    Run hop = runIn(home, null, false, "-q", "service", "start", "hop", "--addr", "hop9", "--at", "s1");
    assertThat(hop.exitCode()).as(hop.err()).isZero();
    assertThat(hop.err()).doesNotContain("Service started");
  }

  @Test
  void resetRunAndCompletionUseTheSharedOutput() throws Exception {
    Path other = dir.resolve("other");
    Path work = Files.createDirectories(dir.resolve("work"));
    // run without a file: ockam.yml in the current directory, as Rust
    Files.writeString(work.resolve("ockam.yml"), "identities: [runner]\nnodes:\n  r1: {}\n");
    Run ran = runIn(other, work, true, "run");
    assertThat(ran.exitCode()).as(ran.err()).isZero();
    // as Rust: what identity create and node create print
    assertThat(ran.out()).matches("  ✔ Identity I[0-9a-f]{64} \n    created successfully as runner\n"
      + "Node r1 created and running\n  address     127\\.0\\.0\\.1:\\d+\n  identifier  I[0-9a-f]{64}\n  pid         \\d+\n");
    // again: nothing to create, nothing printed (ours: a notice per resource kept)
    Run again = runIn(other, work, false, "run");
    assertThat(again.out()).isEmpty();
    assertThat(again.err()).contains("  > The identity runner exists; kept as it is", "  > The node r1 is running");
    Run none = runIn(other, dir, false, "run");
    assertThat(none.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(none.err()).contains("No default configuration file found");

    // node stop --force: deprecated in Rust, a warning and no effect
    Run stop = runIn(other, null, true, "node", "stop", "r1", "--force");
    assertThat(stop.exitCode()).as(stop.err()).isZero();
    assertThat(stop.out()).isEqualTo("  ✔ The node with name r1 was stopped\n");
    assertThat(stop.err()).contains("  ! --force is deprecated. This flag has no effect");

    // reset: Rust's line through a pipe too; the JSON ours
    Run reset = runIn(other, null, false, "reset", "--yes", "--all");
    assertThat(reset.exitCode()).as(reset.err()).isZero();
    assertThat(reset.out()).startsWith("  ✔ Local Ockam configuration deleted\n    Deleted the contents of " + other);
    Run json = runIn(other, null, false, "reset", "--yes", "--output", "json", "--compact-output");
    assertThat(new JsonObject(json.out()).getInteger("stopped_nodes")).isZero();

    // completion -s SHELL, as Rust
    Run completion = runIn(other, null, false, "completion", "-s", "bash");
    assertThat(completion.exitCode()).isZero();
    assertThat(completion.out()).contains("complete -F");
    assertThat(runIn(other, null, false, "completion", "--shell", "fish").exitCode()).isEqualTo(ExitCodes.USAGE);
  }
}
