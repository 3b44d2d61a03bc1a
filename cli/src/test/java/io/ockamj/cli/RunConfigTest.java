package io.ockamj.cli;

import io.ockamj.protocol.MultiAddr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The configuration files of {@code ockam run} and {@code ockam node create FILE}: what they mean and how they fail. */
class RunConfigTest {

  private static final String ID = "I" + "ab".repeat(32);

  private static final String GOOD_YAML = String.join("\n",
    "# a relay node, a server behind a relay and a client",
    "identities: [ops, client-id]",
    "nodes:",
    "  relay: { tcp-listener-address: 127.0.0.1:4000 }",
    "  server:",
    "    identity: ops",
    "    relays: [ { name: db, at: /node/relay } ]",
    "    tcp-outlets:",
    "      db: { to: 127.0.0.1:5432 }",
    "      web: { to: 8080 }",
    "  other:",
    "    relays: { files: { at: relay } }",
    "    tcp-outlets: { outlet: { to: 'localhost:2000' } }",
    "  client:",
    "    identity: client-id",
    "    tcp-inlets:",
    "      db: { from: 127.0.0.1:15432, via: db }",
    "      web: { from: 15433, via: db, outlet: web, authorized: [" + ID + "] }",
    "      files: { via: files, outlet: outlet }",
    "      direct: { to: /node/elsewhere/secure/api/service/outlet }",
    "  empty:",
    "");

  private static final String GOOD_JSON = "{\"nodes\": {\"relay\": {},"
    + " \"server\": {\"relays\": {\"db\": {\"at\": \"relay\"}}, \"tcp-outlets\": {\"db\": {\"to\": \"127.0.0.1:5432\"}}},"
    + " \"client\": {\"tcp-inlets\": {\"db\": {\"from\": \"127.0.0.1:15432\", \"via\": \"db\"}}}}}";

  @TempDir
  Path dir;

  private String write(String name, String content) throws Exception {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f.toString();
  }

  @Test
  void aGoodYamlFile() throws Exception {
    RunConfig cfg = RunConfig.load(write("good.yaml", GOOD_YAML));
    assertThat(cfg.identities()).containsExactly("ops", "client-id");
    assertThat(cfg.nodes()).extracting(RunConfig.NodeSpec::name).containsExactly("relay", "server", "other", "client", "empty");

    RunConfig.NodeSpec relay = cfg.nodes().get(0);
    assertThat(relay.tcpListenerAddress()).isEqualTo("127.0.0.1:4000");
    assertThat(relay.identity()).isNull();

    RunConfig.NodeSpec server = cfg.nodes().get(1);
    assertThat(server.identity()).isEqualTo("ops");
    assertThat(server.tcpListenerAddress()).isNull();
    assertThat(server.listener()).isEqualTo("127.0.0.1:0");
    assertThat(server.outlets()).extracting(RunConfig.Outlet::address, RunConfig.Outlet::to, RunConfig.Outlet::path)
      .containsExactly(tuple("db", "127.0.0.1:5432", "nodes.server.tcp-outlets.db"),
        tuple("web", "127.0.0.1:8080", "nodes.server.tcp-outlets.web"));
    assertThat(server.relays()).extracting(RunConfig.Relay::name, r -> r.at().toString(), RunConfig.Relay::path)
      .containsExactly(tuple("db", "/node/relay", "nodes.server.relays[0]"));
    assertThat(cfg.nodes().get(2).relays()).extracting(RunConfig.Relay::name, r -> r.at().toString())
      .containsExactly(tuple("files", "/node/relay"));

    RunConfig.NodeSpec client = cfg.nodes().get(3);
    assertThat(client.identity()).isEqualTo("client-id");
    assertThat(client.inlets()).hasSize(4);
    RunConfig.Inlet db = client.inlets().get(0);
    assertThat(db.from()).isEqualTo("127.0.0.1:15432");
    assertThat(db.to()).isEqualTo(MultiAddr.parse("/node/relay/service/forward_to_db/secure/api/service/db"));
    assertThat(db.via()).isEqualTo("db");
    assertThat(db.relayNode()).isEqualTo("server");
    assertThat(db.authorized()).isNull();
    RunConfig.Inlet web = client.inlets().get(1);
    assertThat(web.from()).isEqualTo("127.0.0.1:15433");
    assertThat(web.to()).hasToString("/node/relay/service/forward_to_db/secure/api/service/web");
    assertThat(web.authorized()).extracting(Object::toString).containsExactly(ID);
    RunConfig.Inlet files = client.inlets().get(2);
    assertThat(files.from()).isEqualTo("127.0.0.1:0");
    assertThat(files.to()).hasToString("/node/relay/service/forward_to_files/secure/api/service/outlet");
    assertThat(files.relayNode()).isEqualTo("other");
    RunConfig.Inlet direct = client.inlets().get(3);
    assertThat(direct.to()).hasToString("/node/elsewhere/secure/api/service/outlet");
    assertThat(direct.via()).isNull();
    assertThat(direct.relayNode()).isNull();

    assertThat(cfg.nodes().get(4).outlets()).isEmpty();
    // the one node the file refers to without describing it is left to the runner
    assertThat(cfg.references()).containsExactly(new RunConfig.NodeReference("elsewhere", "nodes.client.tcp-inlets.direct.to"));
  }

  @Test
  void aGoodJsonFile() throws Exception {
    RunConfig cfg = RunConfig.load(write("good.json", GOOD_JSON));
    assertThat(cfg.nodes()).extracting(RunConfig.NodeSpec::name).containsExactly("relay", "server", "client");
    assertThat(cfg.nodes().get(2).inlets().get(0).to()).hasToString("/node/relay/service/forward_to_db/secure/api/service/db");
    assertThat(cfg.references()).isEmpty();
  }

  @Test
  void configurationFilesAreToldApartFromNodeNames() {
    assertThat(RunConfig.looksLikeFile("portal.yaml")).isTrue();
    assertThat(RunConfig.looksLikeFile("dir/portal.YML")).isTrue();
    assertThat(RunConfig.looksLikeFile("portal.json")).isTrue();
    assertThat(RunConfig.looksLikeFile("n1")).isFalse();
    assertThat(RunConfig.looksLikeFile("yaml")).isFalse();
  }

  /** A bad file, its content, and the message after "FILE: ". */
  record Bad(String name, String content, String message) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Bad> badFiles() {
    return Stream.of(
      new Bad("unknown.yaml", "nodes:\n  server: { tcp-outlet: { db: { to: 127.0.0.1:5432 } } }\n",
        "nodes.server.tcp-outlet: unknown key; did you mean 'tcp-outlets'? (a node takes tcp-listener-address, identity, relays,"
          + " tcp-outlets, tcp-inlets)"),
      new Bad("unknown-top.yaml", "node:\n  n1: {}\n",
        "node: unknown key; did you mean 'nodes'? (the top level takes identities, nodes, variables)"),
      new Bad("unknown-inlet.yaml", "nodes:\n  c: { tcp-inlets: { db: { via: db, port: 1 } } }\n",
        "nodes.c.tcp-inlets.db.port: unknown key; an inlet takes from, to, via, outlet, authorized"),
      new Bad("port.yaml", "nodes:\n  server: { tcp-outlets: { db: { to: 127.0.0.1:99999 } } }\n",
        "nodes.server.tcp-outlets.db.to: invalid address '127.0.0.1:99999'; use HOST:PORT with a port 1..65535, e.g. 127.0.0.1:5432"),
      new Bad("zero.yaml", "nodes:\n  server: { tcp-outlets: { db: { to: 127.0.0.1:0 } } }\n",
        "nodes.server.tcp-outlets.db.to: invalid address '127.0.0.1:0'; use HOST:PORT with a port 1..65535, e.g. 127.0.0.1:5432"),
      new Bad("listener.yaml", "nodes:\n  n1: { tcp-listener-address: 'localhost' }\n",
        "nodes.n1.tcp-listener-address: invalid address 'localhost'; use HOST:PORT with a port 0..65535, e.g. 127.0.0.1:4000"
          + " (port 0 picks a free port)"),
      new Bad("missing-to.yaml", "nodes:\n  server: { tcp-outlets: { db: {} } }\n",
        "nodes.server.tcp-outlets.db.to: missing; name the TCP service the outlet connects to, e.g. 'to: 127.0.0.1:5432'"),
      new Bad("duplicate-key.yaml", "nodes:\n  server:\n    tcp-outlets:\n      db: { to: 1 }\n      db: { to: 2 }\n",
        "nodes.server.tcp-outlets: duplicate key 'db'; give each key once"),
      new Bad("duplicate-node.json", "{\"nodes\": {\"a\": {}, \"a\": {}}}",
        "nodes: duplicate key 'a'; give each key once"),
      new Bad("duplicate-relay.yaml", "nodes:\n  r: {}\n  a: { relays: { db: { at: r } } }\n  b: { relays: [ { name: db, at: r } ] }\n",
        "nodes.b.relays[0]: relay name 'db' is already used at nodes.a.relays.db; give each relay its own name"),
      new Bad("duplicate-port.yaml", "nodes:\n  r: { tcp-listener-address: 127.0.0.1:4000 }\n  c: { tcp-inlets: { x: { from: 4000, to: /node/r } } }\n",
        "nodes.c.tcp-inlets.x.from: port 4000 is already used at nodes.r.tcp-listener-address; give each a different port,"
          + " or 0 for any free port"),
      new Bad("duplicate-identity.yaml", "identities: [a, a]\nnodes: { n: {} }\n",
        "identities[1]: identity 'a' is listed twice; list it once"),
      new Bad("no-relay.yaml", "nodes:\n  c: { tcp-inlets: { db: { via: db } } }\n",
        "nodes.c.tcp-inlets.db.via: there is no relay named 'db' in this file; add one under a node's 'relays', or give the route"
          + " to the outlet with 'to'"),
      new Bad("no-outlet.yaml", "nodes:\n  r: {}\n  s: { relays: { db: { at: r } }, tcp-outlets: { pg: { to: 5432 } } }\n"
        + "  c: { tcp-inlets: { db: { via: db } } }\n",
        "nodes.c.tcp-inlets.db: node 's', which registers relay 'db', has no tcp-outlet 'db' in this file; name one of pg with 'outlet'"),
      new Bad("to-and-via.yaml", "nodes:\n  c: { tcp-inlets: { db: { via: db, to: /node/r } } }\n",
        "nodes.c.tcp-inlets.db: give either 'to' (a route to the outlet) or 'via' (a relay in this file), not both"),
      new Bad("no-route.yaml", "nodes:\n  c: { tcp-inlets: { db: { from: 15432 } } }\n",
        "nodes.c.tcp-inlets.db: missing 'via' or 'to'; give 'via: RELAY' (a relay in this file) or 'to: ROUTE' (a route to the outlet)"),
      new Bad("outlet-with-to.yaml", "nodes:\n  c: { tcp-inlets: { db: { to: /node/r/service/x, outlet: x } } }\n",
        "nodes.c.tcp-inlets.db.outlet: goes with 'via' only; with 'to', end the route with /service/OUTLET"),
      new Bad("bad-route.yaml", "nodes:\n  c: { tcp-inlets: { db: { to: /bogus/x } } }\n",
        "nodes.c.tcp-inlets.db.to: invalid route '/bogus/x': invalid multiaddr '/bogus/x': unknown protocol 'bogus'; write it as a"
          + " multiaddr such as /node/relay/service/forward_to_db/secure/api/service/db"),
      new Bad("node-name.yaml", "nodes:\n  bad/name: {}\n",
        "nodes.bad/name: invalid node name; use letters, digits, '_' and '-' only"),
      new Bad("node-name-dot.yaml", "nodes:\n  a.b: {}\n",
        "nodes.a.b: invalid node name; use letters, digits, '_' and '-' only"),
      new Bad("identifier.yaml", "nodes:\n  c: { tcp-inlets: { db: { to: /node/r, authorized: [Ixyz] } } }\n",
        "nodes.c.tcp-inlets.db.authorized[0]: invalid identifier 'Ixyz'; write it as 'I' followed by 64 hex characters, as"
          + " 'ockam identity show' prints it"),
      new Bad("self-relay.yaml", "nodes:\n  a: { relays: { x: { at: /node/a } } }\n",
        "nodes.a.relays.x.at: node 'a' cannot register a relay at itself; name the relay node"),
      new Bad("wrong-type.yaml", "nodes:\n  a: { tcp-outlets: [ db ] }\n",
        "nodes.a.tcp-outlets: expected a map from outlet addresses to outlets, e.g. 'tcp-outlets: { db: { to: 127.0.0.1:5432 } }',"
          + " found a list"),
      new Bad("no-nodes.yaml", "identities: [a]\n",
        "nodes: missing; describe at least one node, e.g. 'nodes: { n1: {} }'"),
      new Bad("empty-nodes.yaml", "nodes: {}\n",
        "nodes: empty; describe at least one node, e.g. 'nodes: { n1: {} }'"),
      new Bad("list.yaml", "- a\n- b\n",
        "expected a map with 'nodes:' at the top, found a list (see 'ockam run --help')"),
      new Bad("empty.yaml", "# nothing yet\n",
        "the file is empty; describe the nodes under 'nodes:' (see 'ockam run --help')"),
      new Bad("syntax.yaml", "nodes: [1, 2\n",
        "line 1, column 13: not valid YAML: while parsing a flow sequence; expected ',' or ']', but got <stream end>"),
      new Bad("syntax.json", "{\"nodes\": {\"a\": {},}}",
        "line 1, column 20: not valid JSON: Unexpected character ('}' (code 125)): was expecting double-quote to start field name"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void aBadFileIsOneLineWithThePathAndTheUsageExitCode(Bad bad) throws Exception {
    String file = write(bad.name(), bad.content());
    assertThatThrownBy(() -> RunConfig.load(file))
      .isInstanceOf(ExitCodes.CliException.class)
      .hasMessage(file + ": " + bad.message())
      .satisfies(e -> assertThat(((ExitCodes.CliException) e).exitCode).isEqualTo(ExitCodes.USAGE));
  }

  @Test
  void runAndNodeCreateCheckTheFileBeforeTouchingAnything() throws Exception {
    Path home = dir.resolve("home");
    System.setProperty(io.ockamj.store.OckamHome.PROPERTY, home.toString());
    try {
      checkBeforeTouching();
    } finally {
      System.clearProperty(io.ockamj.store.OckamHome.PROPERTY);
    }
    assertThat(home).doesNotExist();
  }

  private void checkBeforeTouching() throws Exception {
    String file = write("bad.yaml", "nodes:\n  server: { tcp-outlets: { db: { to: 127.0.0.1:99999 } } }\n");
    String expected = "error: " + file + ": nodes.server.tcp-outlets.db.to: invalid address '127.0.0.1:99999'; use HOST:PORT with a"
      + " port 1..65535, e.g. 127.0.0.1:5432";
    for (List<String> args : List.of(List.of("run", file), List.of("node", "create", file), List.of("run", file, "--output", "json"))) {
      String[] r = HelpTest.capture(args.toArray(new String[0]));
      assertThat(r[0]).as("%s", args).isEqualTo(String.valueOf(ExitCodes.USAGE));
      assertThat(r[2]).as("%s", args).isEqualTo(expected);
      assertThat(r[1]).isEmpty();
    }
    String missing = dir.resolve("missing.yaml").toString();
    String[] r = HelpTest.capture("node", "create", missing);
    assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
    assertThat(r[2]).isEqualTo("error: there is no configuration file '" + missing + "'");

    String good = write("good.yaml", GOOD_YAML);
    r = HelpTest.capture("node", "create", good, "--tcp-listener-address", "127.0.0.1:0");
    assertThat(r[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
    assertThat(r[2]).isEqualTo("error: --tcp-listener-address cannot be used with a configuration file ('" + good
      + "'); set it in the configuration, or give a node name instead");
  }
}
