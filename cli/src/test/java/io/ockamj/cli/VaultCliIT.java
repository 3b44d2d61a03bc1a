package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ockamj.cli.OckamCli.Run;
import io.ockamj.crypto.pkcs11.SoftHsm;
import io.ockamj.crypto.pkcs11.SoftHsm.Token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ockam vault ...} and identities on a real SoftHSM2 token, as separate JVM processes: a
 * PKCS#11 vault, an identity whose P-256 key is on the token, a node proving that identity in a
 * secure channel (verified by the peer) across a restart and a rotation, and one-line errors for a
 * wrong PIN, a missing PIN and a missing module. The PIN travels in {@code OCKAM_PKCS11_PIN} only.
 */
class VaultCliIT {

  @TempDir
  Path home;

  @TempDir
  Path hsm;

  private Token token;
  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  @BeforeEach
  void token() {
    token = SoftHsm.create(hsm, "cli");
  }

  @AfterEach
  void kill() {
    spawned.close();
  }

  private Map<String, String> env(String pin) {
    Map<String, String> env = new HashMap<>(token.environment());
    if (pin != null) {
      env.put("OCKAM_PKCS11_PIN", pin);
    }
    return env;
  }

  /** The commands, with these environment variables (the PIN in {@code OCKAM_PKCS11_PIN} only when the test gives it). */
  private OckamCli cli(Map<String, String> env) {
    return OckamCli.home(home).env(env);
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    return cli(env).run(args);
  }

  private String ok(Map<String, String> env, String... args) throws Exception {
    return run(env, args).assertOk().text();
  }

  /** Starts a foreground node proving {@code identity}, once it said it is ready. */
  private OckamCli.Foreground startNode(Map<String, String> env, String name, String identity) throws IOException {
    return cli(env).foreground(spawned, name, "--identity", identity);
  }

  /** Sends a message as {@code bob} through a secure channel to a node's listener; returns the peer it proved. */
  private String secureEcho(int port) throws Exception {
    Run r = run(Map.of(), "message", "send", "hello", "--identity", "bob", "-v", "--to",
      "/ip4/127.0.0.1/tcp/" + port + "/secure/api/service/echo");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.text()).isEqualTo("hello");
    Matcher m = Pattern.compile("secure channel to (I[0-9a-f]{64})").matcher(r.err());
    assertThat(m.find()).as(r.err()).isTrue();
    return m.group(1);
  }

  @Test
  void aNodeProvesAnIdentityWhoseKeyIsOnTheToken() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String config = token.pkcs11Config().toString();

    // a software vault first (Rust's forms), then the token
    Run first = run(Map.of(), "vault", "create", "soft");
    assertThat(first.text()).isEqualTo("soft"); // not a terminal: the machine form
    assertThat(first.errText()).contains("This is the first vault to be created in this environment");
    assertThat(ok(env(SoftHsm.PIN), "vault", "create", "hsm", "--pkcs11-config", config)).isEqualTo("hsm"); // machine form
    assertThat(ok(Map.of("OCKAM_TTY", "true"), "vault", "show", "hsm")).isEqualTo("Vault:\n   Name: hsm\n   Type: PKCS#11\n"
      + "   Configuration: " + config + "\n   Path: " + home.resolve("vault-hsm"));
    JsonNode list = json.readTree(ok(Map.of(), "vault", "list", "--output", "json"));
    assertThat(list).hasSize(2);
    assertThat(list.get(0).at("/vault/vault_type/DatabaseVault/use_aws_kms").asText()).isEqualTo("No");
    assertThat(list.get(0).at("/vault/is_default").asBoolean()).isTrue();
    assertThat(list.get(1).at("/vault/vault_type/Pkcs11Vault/config").asText()).isEqualTo(config);

    String alice = ok(env(SoftHsm.PIN), "identity", "create", "alice", "--vault", "hsm");
    String bob = ok(Map.of(), "identity", "create", "bob", "--vault", "soft");
    assertThat(ok(Map.of(), "identity", "show", "alice", "--full")).contains("primary_public_key:      ECDSASHA256CurveP256: 04");
    assertThat(ok(Map.of(), "identity", "show", "bob", "--full")).contains("primary_public_key:      EdDSACurve25519: ");
    // the key is on the token, seen by another tool
    String objects = SoftHsm.run(token.environment(), SoftHsm.tool("pkcs11-tool", "opensc"), "--module",
      SoftHsm.library().toString(), "--slot", Long.toString(token.slot()), "--login", "--pin", SoftHsm.PIN, "--list-objects",
      "--type", "privkey");
    assertThat(objects).contains("Private Key Object; EC").contains("sensitive").contains("never extractable");

    // the node signs its secure-channel key's attestation on the token; the peer verifies it
    OckamCli.Foreground node = startNode(env(SoftHsm.PIN), "n1", "alice");
    assertThat(node.identifier()).isEqualTo(alice);
    assertThat(secureEcho(node.port())).isEqualTo(alice);
    node.stop();

    // a wrong PIN stops the node from starting, with one line; the token's keys are unharmed
    Process wrong = spawned.process(cli(env("000000")).builder("node", "create", "n2", "--foreground", "--identity", "alice",
      "--tcp-listener-address", "127.0.0.1:0").start());
    String wrongErr = new String(wrong.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(wrong.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong.exitValue()).isNotZero();
    assertThat(wrongErr.lines().reduce((a, b) -> b).orElse(""))
      .isEqualTo("error: vault 'hsm': wrong PIN for the PKCS#11 token of " + config);
    assertThat(wrongErr).doesNotContain("000000").doesNotContain("Exception");

    // restart: same identity, same key on the token
    node = startNode(env(SoftHsm.PIN), "n1", "alice");
    assertThat(secureEcho(node.port())).isEqualTo(alice);
    node.stop();

    // rotation makes a new key on the token (and removes the old one); the identifier stays
    List<String> before = tokenKeyLabels();
    String keyBefore = primaryKey("alice");
    assertThat(before).as("private keys on the token").hasSize(1);
    assertThat(ok(env(SoftHsm.PIN), "identity", "rotate", "alice")).isEqualTo(alice);
    List<String> after = tokenKeyLabels();
    assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
    assertThat(primaryKey("alice")).startsWith("ECDSASHA256CurveP256: 04").isNotEqualTo(keyBefore);
    node = startNode(env(SoftHsm.PIN), "n1", "alice");
    assertThat(secureEcho(node.port())).isEqualTo(alice);
    node.stop();

    // bob's software identity needs no PIN at all
    assertThat(bob).startsWith("I");
    Run inUse = run(Map.of(), "vault", "delete", "hsm", "--yes");
    assertThat(inUse.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(inUse.error()).isEqualTo("error: the vault hsm cannot be deleted. It is used by the following identities: alice");
  }

  /** The private keys on the test token as another tool lists them: one description (label, id...) each. */
  private List<String> tokenKeyLabels() {
    String objects = SoftHsm.run(token.environment(), SoftHsm.tool("pkcs11-tool", "opensc"), "--module",
      SoftHsm.library().toString(), "--slot", Long.toString(token.slot()), "--login", "--pin", SoftHsm.PIN,
      "--list-objects", "--type", "privkey");
    List<String> keys = new ArrayList<>();
    for (String block : objects.split("Private Key Object")) {
      String described = block.lines().filter(l -> l.strip().startsWith("label:") || l.strip().startsWith("ID:"))
        .map(String::strip).reduce("", (a, b) -> a + b + ";");
      if (!described.isEmpty()) {
        keys.add(described);
      }
    }
    return keys;
  }

  /** The primary key of the latest change of an identity's history. */
  private String primaryKey(String identity) throws Exception {
    Matcher m = Pattern.compile("primary_public_key:\\s+(.+)").matcher(ok(Map.of(), "identity", "show", identity, "--full"));
    String last = null;
    while (m.find()) {
      last = m.group(1).strip();
    }
    assertThat(last).isNotNull();
    return last;
  }

  /** Starts a background node with {@code node create} or {@code node start}; returns its JSON. */
  private JsonNode background(Map<String, String> env, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--output", "json"));
    JsonNode node = new ObjectMapper().readTree(ok(env, all.toArray(new String[0])));
    spawned.pid(node.get("pid").asLong());
    return node;
  }

  private static int port(JsonNode node) {
    String address = node.get("address").asText();
    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
  }

  /** The PIN appears in no argument of the node's process and in no file under OCKAM_HOME. */
  private void assertPinNowhere(JsonNode node) throws IOException {
    ProcessHandle p = ProcessHandle.of(node.get("pid").asLong()).orElseThrow();
    assertThat(p.info().arguments().orElse(new String[0])).noneMatch(a -> a.contains(SoftHsm.PIN));
    try (var files = Files.walk(home)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as("%s", f).doesNotContain(SoftHsm.PIN);
      }
    }
  }

  @Test
  void aBackgroundNodeOnTheTokenRestartsWithThePinOfTheStartingCommandOrItsPinFile() throws Exception {
    String config = token.pkcs11Config().toString();
    ok(Map.of(), "vault", "create", "soft");
    ok(Map.of(), "identity", "create", "bob", "--vault", "soft");
    ok(env(SoftHsm.PIN), "vault", "create", "hsm", "--pkcs11-config", config);
    String alice = ok(env(SoftHsm.PIN), "identity", "create", "alice", "--vault", "hsm");

    // the PIN in the environment of 'node create' reaches the background node
    JsonNode n1 = background(env(SoftHsm.PIN), "node", "create", "n1", "--identity", "alice",
      "--tcp-listener-address", "127.0.0.1:0");
    assertThat(n1.get("identifier").asText()).isEqualTo(alice);
    assertThat(secureEcho(port(n1))).isEqualTo(alice);
    assertPinNowhere(n1);
    ok(Map.of(), "node", "stop", "n1");

    // 'node start' without a PIN: one line saying where the PIN comes from
    Run noPin = run(env(null), "node", "start", "n1");
    assertThat(noPin.exitCode()).isNotZero();
    assertThat(noPin.error()).contains("vault 'hsm' needs the PIN of its PKCS#11 token: set OCKAM_PKCS11_PIN");

    // with the PIN in the environment of 'node start': the same identity on the token again
    JsonNode again = background(env(SoftHsm.PIN), "node", "start", "n1");
    assertThat(again.get("identifier").asText()).isEqualTo(alice);
    assertThat(secureEcho(port(again))).isEqualTo(alice);
    assertPinNowhere(again);
    ok(Map.of(), "node", "stop", "n1");

    // a vault with a PIN file: the path is remembered, the node reads the file whenever it starts
    Path pinFile = Files.writeString(hsm.resolve("pin"), SoftHsm.PIN + "\n");
    ok(env(null), "vault", "create", "hsm2", "--pkcs11-config", config, "--pin-file", pinFile.toString());
    String carol = ok(env(null), "identity", "create", "carol", "--vault", "hsm2");
    JsonNode n2 = background(env(null), "node", "create", "n2", "--identity", "carol",
      "--tcp-listener-address", "127.0.0.1:0");
    assertThat(secureEcho(port(n2))).isEqualTo(carol);
    assertPinNowhere(n2);
    ok(Map.of(), "node", "stop", "n2");
    JsonNode n2again = background(env(null), "node", "start", "n2");
    assertThat(n2again.get("identifier").asText()).isEqualTo(carol);
    assertThat(secureEcho(port(n2again))).isEqualTo(carol);
    assertPinNowhere(n2again);
    ok(Map.of(), "node", "stop", "n2");
  }

  @Test
  void badPinsModulesAndOptionsAreOneLineErrors() throws Exception {
    String config = token.pkcs11Config().toString();
    Run wrongPin = run(env("111111"), "vault", "create", "hsm", "--pkcs11-config", config);
    assertThat(wrongPin.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(wrongPin.error()).isEqualTo("error: vault 'hsm': wrong PIN for the PKCS#11 token of " + config);
    assertThat(wrongPin.errText()).doesNotContain("111111").doesNotContain("Exception");

    Run noPin = run(env(null), "vault", "create", "hsm", "--pkcs11-config", config);
    assertThat(noPin.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(noPin.error()).isEqualTo("error: vault 'hsm' needs the PIN of its PKCS#11 token: set OCKAM_PKCS11_PIN "
      + "or create the vault with --pin-file FILE");

    Path noModule = Files.writeString(hsm.resolve("nomodule.cfg"), "name = X\nlibrary = /nonexistent/libnope.so\n");
    Run missing = run(env(SoftHsm.PIN), "vault", "create", "hsm", "--pkcs11-config", noModule.toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missing.error()).startsWith("error: vault 'hsm': PKCS#11 module not found: /nonexistent/libnope.so");
    assertThat(ok(Map.of(), "vault", "list", "--output", "json")).isEqualTo("[]");

    // our time-out key in the configuration file is checked when the vault is created
    Path badTimeout = Files.writeString(hsm.resolve("timeout.cfg"), Files.readString(token.pkcs11Config())
      + "\nockamTimeout = soon\n");
    Run timeout = run(env(SoftHsm.PIN), "vault", "create", "hsm", "--pkcs11-config", badTimeout.toString());
    assertThat(timeout.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(timeout.error()).startsWith("error: vault 'hsm': invalid PKCS#11 configuration " + badTimeout
      + ": ockamTimeout must be a duration such as 500ms, 30s or 2m");
    assertThat(ok(Map.of(), "vault", "list", "--output", "json")).isEqualTo("[]");

    Run kms = run(Map.of(), "vault", "create", "k", "--aws-kms");
    assertThat(kms.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(kms.error()).startsWith("error: --aws-kms is not supported");

    // a PIN file instead of the environment: used whenever the vault is opened
    Path pinFile = Files.writeString(hsm.resolve("pin"), SoftHsm.PIN + "\n");
    ok(env(null), "vault", "create", "hsm", "--pkcs11-config", config, "--pin-file", pinFile.toString());
    String carol = ok(env(null), "identity", "create", "carol");
    assertThat(ok(Map.of(), "identity", "show", "carol", "--full")).contains("ECDSASHA256CurveP256");
    assertThat(carol).startsWith("I");
    assertThat(ok(Map.of("OCKAM_TTY", "true"), "vault", "show")).contains("Name: hsm").contains("PIN file: " + pinFile);
    Files.writeString(pinFile, "222222\n");
    Run rotate = run(env(null), "identity", "rotate", "carol");
    assertThat(rotate.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(rotate.error()).isEqualTo("error: vault 'hsm': wrong PIN for the PKCS#11 token of " + config);
    // the environment wins over the file
    assertThat(ok(env(SoftHsm.PIN), "identity", "rotate", "carol")).isEqualTo(carol);
    // not a terminal: the machine form, the name
    assertThat(ok(Map.of(), "identity", "delete", "carol", "--yes")).isEqualTo("carol");
    assertThat(ok(Map.of(), "vault", "delete", "hsm", "--yes")).isEqualTo("hsm"); // the machine form, as Rust
    assertThat(home.resolve("vault-hsm")).doesNotExist();
  }
}
