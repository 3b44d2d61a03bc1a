package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.IdentityException;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.NamedIdentity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ockam credential ...}: issue credentials with a local identity and verify credentials.
 */
@Command(name = "credential", description = "Issue, verify, store and list credentials; revoke them at a project's authority (ours).", mixinStandardHelpOptions = true,
  subcommands = {CredentialCommand.Issue.class, CredentialCommand.Verify.class, CredentialStoreCommand.Store.class,
    CredentialStoreCommand.ListCredentials.class, CredentialRevokeCommand.class})
final class CredentialCommand {

  private CredentialCommand() {
  }

  static Identifier identifierArgument(String option, String value) {
    try {
      return Identifier.parse(value);
    } catch (IdentityException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid " + option + " '" + value
        + "': an identifier is 'I' followed by 64 hex digits");
    }
  }

  /** Reads {@code --credential HEX} or {@code --credential-path FILE} (exactly one). */
  static byte[] credentialArgument(String hex, java.nio.file.Path file) {
    if ((hex == null) == (file == null)) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "give either --credential or --credential-path");
    }
    if (file != null) {
      try {
        return LocalState.hexArgument("--credential-path", java.nio.file.Files.readString(file));
      } catch (java.io.IOException e) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot read " + file + ": " + e.getMessage());
      }
    }
    return LocalState.hexArgument("--credential", hex);
  }

  /** An issuer given as an identifier known to the local store, or as a change history in hex. */
  static Identity issuerArgument(String issuer) {
    String v = issuer.strip();
    try {
      if (v.startsWith(Identifier.PREFIX)) {
        Identifier id = identifierArgument("--issuer", v);
        return LocalState.withIdentities(m -> m.store().identities().get(id.toString())).map(r ->
          Identity.importFrom(id, r.changeHistory())).orElseThrow(() -> new ExitCodes.CliException(ExitCodes.FAILURE,
          "the issuer " + id + " is not known locally; import its project ('ockam project import') or give its change history"));
      }
      return Identity.importFrom(LocalState.hexArgument("--issuer", v));
    } catch (IdentityException e) {
      throw new ExitCodes.CliException(ExitCodes.REFUSED, "invalid issuer change history: " + e.getMessage());
    } catch (ExitCodes.CliException e) {
      throw e;
    } catch (Exception e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, ExitCodes.describe(e));
    }
  }

  /** {@code ockam credential issue [VAULT_NAME] --as ISSUER --for IDENTIFIER --attribute k=v ... [--ttl 30m] [--encoding plain|hex]}. */
  @Command(name = "issue", mixinStandardHelpOptions = true,
    description = {"Issue a credential about an identity, signed by a local identity's credential purpose key "
      + "(created and stored on first use).",
      "On a terminal it prints the credential's fields; through a pipe the credential as --encoding says (hex: its CBOR"
        + " in hex, for 'credential verify' and 'credential store'; plain: its long description); --output json its JSON."})
  static final class Issue implements Callable<Integer> {

    @Option(names = "--as", paramLabel = "IDENTITY_NAME", description = "The local identity that issues (default: the default identity).")
    String issuer;

    @Option(names = "--for", required = true, paramLabel = "IDENTIFIER", description = "The identifier of the subject.")
    String subject;

    @Option(names = {"-a", "--attribute"}, paramLabel = "ATTRIBUTE", description = "An attribute to attest, KEY=VALUE; repeatable.")
    List<String> attributes = new ArrayList<>();

    @Parameters(index = "0", arity = "0..1", paramLabel = "VAULT_NAME",
      description = "The vault that holds the issuer's keys (default: the issuer's own vault); it must exist and hold them.")
    String vault;

    @Option(names = "--ttl", defaultValue = "30m", converter = Durations.class, paramLabel = "TTL",
      description = "How long the credential is valid, e.g. 30m, 12h, 30d (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--encoding", defaultValue = "plain", paramLabel = "ENCODE_FORMAT",
      description = "plain or hex (default: ${DEFAULT-VALUE}): the form a pipe gets.")
    String encoding;

    @Override
    public Integer call() throws Exception {
      Identifier subjectId = identifierArgument("--for", subject);
      Attributes.Builder attrs = Attributes.builder();
      for (String a : attributes) {
        int eq = a.indexOf('=');
        if (eq < 0) {
          // as Rust: a missing value is an error (exit 70); only 'project ticket' reads KEY as KEY=true
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "value expected in attribute " + a + " (KEY=VALUE)");
        }
        attrs.put(a.substring(0, eq), a.substring(eq + 1));
      }
      if (!encoding.equals("plain") && !encoding.equals("hex")) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --encoding '" + encoding + "' (plain or hex)");
      }
      if (ttl.getSeconds() <= 0) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--ttl must be at least 1s");
      }
      // as Rust: the issuer is resolved first, then the vault, which must exist and hold the issuer's keys
      CredentialAndPurposeKey credential = LocalState.withIdentities(m -> IdentityCommand.named(m, issuer)
        .compose(who -> checkVault(m, who).compose(v -> m.issueCredential(who.name(), subjectId, attrs.build(), ttl))));
      CredentialOutput out = CredentialOutput.of(credential);
      Terminal.write(Output.of().plain(out.item()).json(out.json())
        .machine(encoding.equals("hex") ? credential.hex() : out.display()));
      return ExitCodes.OK;
    }

    private Future<Void> checkVault(IdentityManager m, NamedIdentity who) {
      if (vault == null) {
        return Future.succeededFuture();
      }
      return m.vaults().get(vault).compose(found -> {
        if (found.isEmpty()) {
          return Future.failedFuture(new ExitCodes.CliException(ExitCodes.FAILURE, "no vault found with name " + vault));
        }
        String own = who.vaultName();
        boolean holds = own == null ? found.get().isDefault() : own.equals(vault);
        return holds ? Future.succeededFuture() : Future.failedFuture(new ExitCodes.CliException(ExitCodes.FAILURE,
          "the vault " + vault + " does not hold the keys of identity " + who.name()
            + (own == null ? "" : " (they are in vault " + own + ")")));
      });
    }
  }

  /**
   * {@code ockam credential verify --issuer IDENTIFIER (--credential HEX | --credential-path FILE) [--for IDENTIFIER]}:
   * as Rust 0.139 it exits 0 and prints whether the credential is valid ({@code true}/{@code false} through a pipe,
   * {@code {"is_valid": ...}} as JSON); only a malformed option value is an error.
   */
  @Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"Verify a credential (hex) against its issuer and print whether it is valid: on a terminal"
      + " '✔ Credential is valid' (with its subject, attributes and expiry, ours) or '✗ Credential is not valid' and why;"
      + " through a pipe true or false; with --output json {\"is_valid\": true|false}.",
      "As Rust, the exit code is 0 whether or not it is valid (scripts test the printed value)."})
  static final class Verify implements Callable<Integer> {

    @Option(names = "--issuer", required = true, paramLabel = "IDENTIFIER",
      description = "The issuer: an identifier known locally (a local identity, or an authority imported with a project"
        + " or ticket), or (ours) its change history, hex-encoded ('identity show --full --encoding hex').")
    String issuer;

    @Option(names = "--credential", paramLabel = "CREDENTIAL_STRING", description = "The credential, hex-encoded.")
    String credential;

    @Option(names = "--credential-path", paramLabel = "CREDENTIAL_FILE", description = "A file holding the credential, hex-encoded.")
    java.nio.file.Path credentialPath;

    @Option(names = "--for", paramLabel = "IDENTIFIER", description = "The identifier the credential must be about (ours).")
    String subject;

    @Override
    public Integer call() {
      // as Rust: a malformed identifier or both credential options are usage errors (clap's); everything else
      // is an answer, valid or not
      String iss = issuer.strip();
      if (iss.startsWith(Identifier.PREFIX)) {
        identifierArgument("--issuer", iss);
      } else if (!iss.matches("[0-9a-fA-F]+")) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "Invalid identity identifier: " + issuer);
      }
      if (credential != null && credentialPath != null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE,
          "the argument '--credential <CREDENTIAL_STRING>' cannot be used with '--credential-path <CREDENTIAL_FILE>'");
      }
      Identifier expected = subject == null ? null : identifierArgument("--for", subject);
      Terminal.notice(Fmt.log("Verifying credential...") + "\n");
      VerifiedCredential verified = null;
      String failure;
      try {
        if (credential == null && credentialPath == null) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "Credential or Credential Path argument must be provided");
        }
        byte[] credentialBytes = credentialArgument(credential, credentialPath);
        Identity issuerIdentity = issuerArgument(issuer);
        verified = CredentialAndPurposeKey.decode(credentialBytes)
          .verify(expected, List.of(issuerIdentity), Instant.now().getEpochSecond());
        failure = null;
      } catch (IdentityException | ExitCodes.CliException e) {
        // Rust's text when neither option is given, else "Credential is not valid" and (ours) why
        failure = credential == null && credentialPath == null ? e.getMessage() : "Credential is not valid: " + e.getMessage();
      } catch (RuntimeException e) {
        failure = "Credential is not valid: " + ExitCodes.describe(e);
      }
      boolean valid = verified != null;
      Terminal.write(Output.of().plain(valid ? validText(verified) : Fmt.err(failure))
        .machine(Boolean.toString(valid)).json(new JsonObject().put("is_valid", valid)));
      return ExitCodes.OK;
    }

    private static String validText(VerifiedCredential verified) {
      StringBuilder b = new StringBuilder(Fmt.ok("Credential is valid"));
      b.append('\n').append(Fmt.log("Subject:    " + verified.subject()));
      b.append('\n').append(Fmt.log("Issuer:     " + verified.issuer()));
      b.append('\n').append(Fmt.log("Created at: " + Instant.ofEpochSecond(verified.createdAt())));
      b.append('\n').append(Fmt.log("Expires at: " + Instant.ofEpochSecond(verified.expiresAt())));
      Map<String, String> attrs = verified.attributes().toStringMap();
      b.append('\n').append(Fmt.log("Attributes: " + (attrs.isEmpty() ? "(none)" : ProjectMemberCommand.keyValues(attrs))));
      return b.toString();
    }
  }
}
