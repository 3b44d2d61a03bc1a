package io.ockamj.cli;

import io.ockamj.cli.OckamCli.Run;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.protocol.testing.Vectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ockam identity ...} and {@code ockam credential ...} as separate JVM processes on a private state directory. */
class IdentityCliIT {

  private static final String IDENTIFIER = "I[0-9a-f]{64}";

  @TempDir
  Path home;

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  /** Runs a command that must succeed and returns its output. */
  private String ok(String... args) throws Exception {
    return run(args).assertOk().text();
  }

  private static String flipByte(String hex, int indexFromEnd) {
    byte[] b = HexFormat.of().parseHex(hex);
    b[b.length - indexFromEnd] ^= 0x01;
    return HexFormat.of().formatHex(b);
  }

  @Test
  void createListShowAndVerifyTheExportedHistory() throws Exception {
    String alice = ok("identity", "create", "alice");
    String bob = ok("identity", "create", "bob");
    assertThat(alice).matches(IDENTIFIER);
    assertThat(bob).matches(IDENTIFIER).isNotEqualTo(alice);

    // not a terminal: Rust's 'identity list' has no machine form, so its JSON
    String listed = ok("identity", "list");
    assertThat(ok("identity", "list", "--output", "json")).isEqualTo(listed);
    assertThat(listed).startsWith("[\n  {\n    \"identifier\": \"" + alice + "\",\n    \"name\": \"alice\",\n    \"vault_name\": ");
    JsonNode json = new ObjectMapper().readTree(listed);
    assertThat(json).hasSize(2);
    assertThat(json.get(0).get("name").asText()).isEqualTo("alice");
    assertThat(json.get(0).get("identifier").asText()).isEqualTo(alice);
    assertThat(json.get(0).get("is_default").asBoolean()).isTrue();
    assertThat(json.get(1).get("is_default").asBoolean()).isFalse();
    assertThat(json.get(0).get("vault_name").asText()).isEqualTo("default");

    assertThat(ok("identity", "show", "alice")).isEqualTo(alice);
    assertThat(ok("identity", "show")).isEqualTo(alice);
    assertThat(ok("identity", "show", "bob", "--output", "json")).contains("\"identifier\": \"" + bob + "\"");

    String hex = ok("identity", "show", "alice", "--full", "--encoding", "hex");
    assertThat(hex).matches("81[0-9a-f]+");
    assertThat(ok("identity", "verify", "--history", hex)).isEqualTo(alice);
    assertThat(ok("identity", "verify", "--history", " " + hex.toUpperCase() + "\n")).isEqualTo(alice);

    String full = ok("identity", "show", "alice", "--full");
    assertThat(full).startsWith("Identifier: " + alice + "\n  Change[0]:\n    identifier:              " + alice.substring(1))
      .contains("    primary_public_key:      EdDSACurve25519: ", "    revoke_all_purpose_keys: false",
        "    attestations_valid_from: ", "    attestations_valid_until: ");

    Run noFull = run("identity", "show", "alice", "--encoding", "hex");
    assertThat(noFull.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noFull.error()).isEqualTo("error: --encoding requires --full");

    Run missing = run("identity", "show", "carol");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missing.errText()).isEqualTo("error: Unable to find identity named carol");

    Run again = run("identity", "create", "alice");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(again.errText()).isEqualTo("error: an identity named 'alice' already exists");

    assertThat(Files.exists(home.resolve("database.sqlite3"))).isTrue();
  }

  @Test
  void verifyGivesTheIdentifiersOfTheVectorHistories() throws Exception {
    List<JsonNode> vectors = Vectors.vectors("identities.json", null);
    assertThat(vectors).hasSizeGreaterThanOrEqualTo(10);
    for (JsonNode v : vectors) {
      Run r = run("identity", "verify", "--history", v.get("change_history_hex").asText());
      assertThat(r.exitCode()).as("%s: %s", v.get("id").asText(), r.err()).isZero();
      assertThat(r.text()).as(v.get("id").asText()).isEqualTo(v.get("computed").get("identifier").asText());
    }
  }

  @Test
  void tamperedOrMalformedHistoriesAreRefused() throws Exception {
    String hex = Vectors.vectors("identities.json", null).get(0).get("change_history_hex").asText();

    Run badSignature = run("identity", "verify", "--history", flipByte(hex, 1));
    assertThat(badSignature.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(badSignature.errText()).startsWith("error: invalid change history: [5.6.3 SIGNATURE_INVALID]").doesNotContain("\n");
    assertThat(badSignature.text()).isEmpty();

    // the last byte of the public key (the key is followed by the flag and two 5-byte timestamps, then the signature)
    Run badKey = run("identity", "verify", "--history", flipByte(hex, 64 + 4 + 1 + 5 + 5 + 1 + 1));
    assertThat(badKey.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(badKey.errText()).contains("SIGNATURE_INVALID").doesNotContain("\n");

    Run truncated = run("identity", "verify", "--history", hex.substring(0, hex.length() - 20));
    assertThat(truncated.exitCode()).isEqualTo(ExitCodes.REFUSED);
    assertThat(truncated.errText()).startsWith("error: invalid change history: [0.3 MALFORMED]").doesNotContain("\n");

    Run notHex = run("identity", "verify", "--history", "zz" + hex);
    assertThat(notHex.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(notHex.errText()).isEqualTo("error: --history must be hex");

    Run odd = run("identity", "verify", "--history", hex.substring(1));
    assertThat(odd.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(odd.errText()).isEqualTo("error: --history must be hex (odd number of digits)");
  }

  @Test
  void rotateChangesTheHistoryButKeepsTheIdentifier() throws Exception {
    String alice = ok("identity", "create", "alice");
    String before = ok("identity", "show", "alice", "--full", "--encoding", "hex");

    assertThat(ok("identity", "rotate", "alice")).isEqualTo(alice);

    String after = ok("identity", "show", "alice", "--full", "--encoding", "hex");
    assertThat(after).isNotEqualTo(before).startsWith("82");
    assertThat(ok("identity", "verify", "--history", after)).isEqualTo(alice);
    assertThat(ok("identity", "verify", "--history", before)).isEqualTo(alice);
    assertThat(ok("identity", "show", "alice")).isEqualTo(alice);
    assertThat(ok("identity", "show", "alice", "--full")).contains("  Change[1]:");

    Run missing = run("identity", "rotate", "nobody");
    assertThat(missing.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(missing.errText()).isEqualTo("error: no identity named 'nobody'");
  }

  @Test
  void defaultAndDelete() throws Exception {
    String a = ok("identity", "create", "a");
    String b = ok("identity", "create", "b");
    assertThat(ok("identity", "default")).isEqualTo("✔ The name of the default identity is 'a'");
    // not a terminal: the machine form, the name
    assertThat(ok("identity", "default", "b")).isEqualTo("b");
    Run again = run("identity", "default", "b");
    assertThat(again.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(again.error()).isEqualTo("error: The identity named 'b' is already the default");
    assertThat(ok("identity", "default")).isEqualTo("✔ The name of the default identity is 'b'");
    assertThat(ok("identity", "show")).isEqualTo(b);

    Run unconfirmed = run("identity", "delete", "b");
    assertThat(unconfirmed.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(unconfirmed.errText()).isEqualTo("error: Use --yes to confirm");
    assertThat(ok("identity", "show", "b")).isEqualTo(b);

    // not a terminal: the machine form, the name
    assertThat(ok("identity", "delete", "b", "--yes")).isEqualTo("b");
    assertThat(ok("identity", "default")).isEqualTo("✔ The name of the default identity is 'a'");
    assertThat(ok("identity", "list", "--jq", "[.[] | [.name, .identifier, .is_default]]", "--compact-output"))
      .isEqualTo("[[\"a\",\"" + a + "\",true]]");
    assertThat(run("identity", "show", "b").exitCode()).isEqualTo(ExitCodes.FAILURE);
    Run twice = run("identity", "delete", "b", "--yes");
    assertThat(twice.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(twice.errText()).isEqualTo("error: The identity b was not found");
  }

  @Test
  void stateFollowsOckamHomeFromTheEnvironment() throws Exception {
    Path other = home.resolve("other");
    String x = OckamCli.homeInEnvironment(other).run("identity", "create", "x").text();
    assertThat(x).matches(IDENTIFIER);
    assertThat(Files.exists(other.resolve("database.sqlite3"))).isTrue();
    assertThat(OckamCli.homeInEnvironment(other).run("identity", "show", "x").text()).isEqualTo(x);
    // the system property wins over the environment
    Run viaProperty = OckamCli.home(home).env(Map.of("OCKAM_HOME", other.toString())).run("identity", "show", "x");
    assertThat(viaProperty.exitCode()).isEqualTo(ExitCodes.FAILURE);
  }

  @Test
  void credentialIssueThenVerify() throws Exception {
    ok("identity", "create", "issuer");
    String subject = ok("identity", "create", "subject");
    String issuerHistory = ok("identity", "show", "issuer", "--full", "--encoding", "hex");

    String credential = ok("credential", "issue", "--as", "issuer", "--for", subject,
      "--attribute", "role=member", "--attribute", "project=p1", "--ttl", "30m", "--encoding", "hex");
    assertThat(credential).matches("[0-9a-f]+");

    // as Rust: through a pipe 'true', the JSON {"is_valid"}; on a terminal the details (ours)
    assertThat(ok("credential", "verify", "--issuer", issuerHistory, "--credential", credential, "--for", subject)).isEqualTo("true");
    String verified = terminal("credential", "verify", "--issuer", issuerHistory, "--credential", credential, "--for", subject);
    assertThat(verified).contains("✔ Credential is valid", subject, ok("identity", "show", "issuer"), "role=member", "project=p1");
    assertThat(new ObjectMapper().readTree(ok("credential", "verify", "--issuer", issuerHistory,
      "--credential", credential, "--output", "json")).get("is_valid").asBoolean()).isTrue();
    JsonNode issued = new ObjectMapper().readTree(ok("credential", "issue", "--as", "issuer", "--for", subject,
      "--attribute", "role=member", "--ttl", "30m", "--output", "json"));
    assertThat(issued.get("expires_at").asLong() - issued.get("created_at").asLong()).isEqualTo(1800);
    assertThat(issued.get("attributes").get("role").asText()).isEqualTo("member");

    // the issuer's credential purpose key is persisted and reused; the default identity issues without --as
    String second = ok("credential", "issue", "--for", subject, "--attribute", "role=admin", "--encoding", "hex");
    assertThat(CredentialAndPurposeKey.fromHex(second).purposeKeyAttestation())
      .isEqualTo(CredentialAndPurposeKey.fromHex(credential).purposeKeyAttestation());

    // a changed attribute value breaks the issuer's signature
    String tampered = credential.replace(hex("member"), hex("admin!"));
    assertThat(tampered).isNotEqualTo(credential);
    assertInvalid("[6.3.4 CREDENTIAL_SIGNATURE_INVALID]", "--issuer", issuerHistory, "--credential", tampered);
    assertInvalid("CREDENTIAL_SUBJECT_MISMATCH", "--issuer", issuerHistory, "--credential", credential,
      "--for", ok("identity", "show", "issuer"));
    String otherHistory = ok("identity", "show", "subject", "--full", "--encoding", "hex");
    assertInvalid("UNKNOWN_AUTHORITY", "--issuer", otherHistory, "--credential", credential);

    // rotating the issuer invalidates its old credential purpose key (§5.8)
    ok("identity", "rotate", "issuer");
    String rotatedHistory = ok("identity", "show", "issuer", "--full", "--encoding", "hex");
    assertInvalid("ATTESTATION_NOT_LATEST_CHANGE", "--issuer", rotatedHistory, "--credential", credential);
    String fresh = ok("credential", "issue", "--as", "issuer", "--for", subject, "--attribute", "role=member", "--encoding", "hex");
    assertThat(ok("credential", "verify", "--issuer", rotatedHistory, "--credential", fresh)).isEqualTo("true");

    // as Rust: an attribute without a value is refused by credential issue (project ticket reads it as true)
    Run badAttribute = run("credential", "issue", "--as", "issuer", "--for", subject, "--attribute", "novalue");
    assertThat(badAttribute.exitCode()).isEqualTo(ExitCodes.FAILURE);
    assertThat(badAttribute.errText()).isEqualTo("error: value expected in attribute novalue (KEY=VALUE)");
    Run badSubject = run("credential", "issue", "--as", "issuer", "--for", "alice");
    assertThat(badSubject.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertInvalid("must be hex", "--issuer", issuerHistory, "--credential", "xyz");
    assertInvalid("MALFORMED", "--issuer", issuerHistory, "--credential", "00ff");
  }

  /** On a terminal: its output, exit 0 asserted. */
  private String terminal(String... args) throws Exception {
    return OckamCli.home(home).tty(true).run(args).assertOk().text();
  }

  /** As Rust's credential verify: exit 0 and 'false' through a pipe; the reason on a terminal. */
  private void assertInvalid(String reason, String... verifyArgs) throws Exception {
    String[] args = new String[verifyArgs.length + 2];
    args[0] = "credential";
    args[1] = "verify";
    System.arraycopy(verifyArgs, 0, args, 2, verifyArgs.length);
    assertThat(ok(args)).isEqualTo("false");
    assertThat(terminal(args)).startsWith("✗ Credential is not valid: ").contains(reason);
  }

  private static String hex(String text) {
    return HexFormat.of().formatHex(text.getBytes(StandardCharsets.UTF_8));
  }
}
