package io.ockamj.cli;

import io.ockamj.cli.OckamCli.Run;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line's global behaviour as scripts see it, with real processes on 127.0.0.1 (stdout
 * is a pipe here, so not a terminal): JSON as Rust's serde_json writes it with Rust's field names,
 * the machine form and the '-/' pipe idiom, --jq, exit codes and one-line usage errors. Two nodes,
 * created in parallel, serve all the tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliOutputIT {

  private Path home;

  /** The fat jar when the package phase made it, else the test class path. */
  private OckamCli cli() {
    return OckamCli.home(home).packaged();
  }

  private Run runWithInput(String stdin, String... args) throws Exception {
    return cli().stdin(stdin).run(args);
  }

  private Run run(String... args) throws Exception {
    return runWithInput(null, args);
  }

  @BeforeAll
  void twoNodes() throws Exception {
    home = Files.createTempDirectory("ockam-cli-output");
    CompletableFuture<Run> n1 = CompletableFuture.supplyAsync(() -> CliFixtures.uncheck(() -> run("node", "create", "n1")));
    CompletableFuture<Run> n2 = CompletableFuture.supplyAsync(() -> CliFixtures.uncheck(() -> run("node", "create", "n2", "--output", "json")));
    Run r1 = n1.get(180, TimeUnit.SECONDS);
    Run r2 = n2.get(180, TimeUnit.SECONDS);
    assertThat(r1.exitCode()).as(r1.err()).isZero();
    assertThat(r2.exitCode()).as(r2.err()).isZero();
    // not a terminal: the machine form of 'node create' is the node's name, without a newline
    assertThat(r1.out()).isEqualTo("n1");
    created2 = r2.out();
    // the two creates raced for the default; make it n1 (a /service/... route starts at the default node)
    Run dflt = run("node", "default", "n1");
    assertThat(dflt.exitCode()).as(dflt.err()).isZero();
    assertThat(dflt.out()).isEqualTo("n1");
  }

  private String created2;

  @AfterAll
  void deleteAll() throws Exception {
    if (home != null) {
      run("node", "delete", "--all", "--yes");
      try (var s = Files.walk(home)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  @Test
  void jsonIsWrittenAsRustWritesItWithRustsFieldNames() throws Exception {
    assertThat(created2).startsWith("{\n  \"name\": \"n2\",\n  \"identity_name\": \"default\",\n  \"is_default\": ")
      .contains(",\n  \"status\": \"running\",\n  \"pid\": ");
    assertThat(created2).contains("\"route\": {\n    \"short\": \"/node/n2\",\n    \"verbose\": \"/dnsaddr/localhost/tcp/",
      "\"http_server_address\": null", "\"inlets\": []", "\"services\": [\n    {\n      \"addr\": \"echo\",\n      \"type\": \"echo\"\n    },")
      .doesNotContain("\" : ").doesNotContain("0#");
    Run list = run("node", "list", "--output", "json");
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).startsWith("[\n  {\n    \"node_name\": \"n")
      .contains("\",\n    \"status\": {\n      \"status\": \"running\",\n      \"pid\": ")
      .contains("\"is_default\": true", "\"node_name\": \"n2\"", "\"is_default\": false").endsWith("}\n]");
    // no machine form: when stdout is not a terminal, 'node list' prints its JSON
    assertThat(run("node", "list").out()).isEqualTo(list.out());
    Run show = run("node", "show", "n1", "--output", "json", "--compact-output");
    assertThat(show.out()).startsWith("{\"name\":\"n1\",\"identity_name\":\"default\",\"is_default\":true,\"status\":\"running\",\"pid\":");
  }

  @Test
  void jqFiltersTheJson() throws Exception {
    // the nodes were created in parallel, so in either order
    Run names = run("node", "list", "--jq", ".[].node_name");
    assertThat(names.exitCode()).as(names.err()).isZero();
    assertThat(names.out()).isIn("\"n1\"\n\"n2\"", "\"n2\"\n\"n1\"");
    assertThat(run("node", "list", "--jq", "[.[].node_name] | sort", "--compact-output").out()).isEqualTo("[\"n1\",\"n2\"]");
    Run services = run("--jq", "[.services[].addr] | length > 3", "node", "show", "n1");
    assertThat(services.out()).isEqualTo("true");
    Run bad = run("node", "list", "--jq", ".[");
    assertThat(bad.exitCode()).isEqualTo(ExitCodes.SOFTWARE);
    assertThat(bad.err()).startsWith("error: invalid --jq filter '.['");
  }

  @Test
  void theMachineFormOfASecureChannelPipesIntoMessageSend() throws Exception {
    // Rust's help example names the listener as /service/api (ours also takes /secure/api, below)
    Run sc = run("secure-channel", "create", "--from", "n1", "--to", "/node/n2/service/api");
    assertThat(sc.exitCode()).as(sc.err()).isZero();
    assertThat(sc.out()).matches("/service/[0-9a-f]+");
    Run reply = runWithInput(sc.out() + "\n", "message", "send", "hi", "--to", "-/service/uppercase");
    assertThat(reply.exitCode()).as(reply.err()).isZero();
    assertThat(reply.out()).isEqualTo("HI");
    Run from = runWithInput(sc.out() + "\n", "message", "send", "hi", "--from", "n1", "--to", "-/service/echo");
    assertThat(from.out()).as(from.err()).isEqualTo("hi");
    Run wrongNode = runWithInput(sc.out() + "\n", "message", "send", "hi", "--from", "n2", "--to", "-/service/echo");
    assertThat(wrongNode.exitCode()).isEqualTo(70);
    assertThat(wrongNode.err()).startsWith("error: ").contains(sc.out()).doesNotContain("0#");
    Run json = run("secure-channel", "create", "--from", "n1", "--to", "/node/n2/secure/api", "--output", "json");
    assertThat(json.out()).startsWith("[\n  {\n    \"address\": \"/service/");
  }

  @Test
  void exitCodesAreRustsSysexitsValues() throws Exception {
    Run missing = run("node", "show", "nope");
    assertThat(missing.exitCode()).isEqualTo(70);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err().strip()).isEqualTo("error: Unable to find node named nope");

    Run noStdin = runWithInput("", "message", "send", "hi", "--to", "-/service/echo");
    assertThat(noStdin.exitCode()).isEqualTo(66);
    assertThat(noStdin.err()).contains("standard input");

    Run badValue = run("node", "list", "--output", "yaml");
    assertThat(badValue.exitCode()).isEqualTo(64);
    assertThat(badValue.err().strip().lines()).hasSize(2);
  }

  @Test
  void anUnknownOptionIsTwoLinesWithTheClosestSpelling() throws Exception {
    Run r = run("node", "list", "--outptu", "json");
    assertThat(r.exitCode()).isEqualTo(64);
    assertThat(r.out()).isEmpty();
    assertThat(r.err().strip().lines().toList()).containsExactly(
      "error: unknown option '--outptu'; did you mean '--output'?",
      "For more information, try 'ockam node list --help'.");
    Run cmd = run("nod", "list");
    assertThat(cmd.exitCode()).isEqualTo(64);
    assertThat(cmd.err()).startsWith("error: unexpected argument 'nod'; did you mean 'node'?");
  }

  @Test
  void versionAndQuiet() throws Exception {
    Run v = run("node", "list", "--version");
    assertThat(v.exitCode()).isZero();
    assertThat(v.out()).startsWith("ockam (JVM)");
    Run q = run("-q", "node", "list", "-vv", "--no-color", "--no-input");
    assertThat(q.exitCode()).as(q.err()).isZero();
  }
}
