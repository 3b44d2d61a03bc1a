package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;

import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.store.CredentialRecord;
import io.ockamj.store.IdentityRecord;
import io.vertx.core.json.JsonArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam credential store} and {@code ockam credential list}: credentials kept in the local
 * database by subject, issuer and scope (what {@code node create --credential-scope} presents).
 */
final class CredentialStoreCommand {

  private CredentialStoreCommand() {
  }

  /** {@code ockam credential store --issuer IDENTIFIER --scope SCOPE (--credential HEX | --credential-path FILE)}. */
  @Command(name = "store", mixinStandardHelpOptions = true,
    description = {"Verify a credential against its issuer and store it locally under a scope, for nodes started with"
      + " --credential-scope SCOPE."})
  static final class Store implements Callable<Integer> {
    @Option(names = "--issuer", required = true, paramLabel = "IDENTIFIER",
      description = "The issuer, known locally (or, ours, its change history in hex).")
    String issuer;

    @Option(names = "--scope", required = true, paramLabel = "CREDENTIAL_SCOPE",
      description = "Scope separating credentials of the same issuer and subject.")
    String scope;

    @Option(names = "--credential", paramLabel = "CREDENTIAL_STRING", description = "The credential, hex-encoded.")
    String credential;

    @Option(names = "--credential-path", paramLabel = "CREDENTIAL_FILE", description = "A file holding the credential, hex-encoded.")
    Path credentialPath;

    @Option(names = "--at", paramLabel = "NODE", description = "The node the credential is for (it must exist).")
    String at;

    @Override
    public Integer call() throws Exception {
      byte[] bytes = CredentialCommand.credentialArgument(credential, credentialPath);
      Identity issuerIdentity = CredentialCommand.issuerArgument(issuer);
      VerifiedCredential v;
      try {
        v = CredentialAndPurposeKey.decode(bytes).verify(null, List.of(issuerIdentity), Instant.now().getEpochSecond());
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.REFUSED, "invalid credential: " + e.getMessage());
      }
      try (NodeClient c = NodeClient.open()) {
        if (at != null) {
          c.record(NodeApi.nodeName(at));
        }
        c.await(c.store.identities().store(issuerIdentity.identifier().toString(), issuerIdentity.export()));
        c.await(c.store.credentials().store(new CredentialRecord(v.subject().toString(), v.issuer().toString(), scope, bytes,
          Instant.ofEpochSecond(v.expiresAt()))));
      }
      // as Rust: the credential is the machine form, {issuer, credential} the JSON; the subject and scope are ours
      String hex = java.util.HexFormat.of().formatHex(bytes);
      Terminal.write(Output.of().plain(Fmt.ok("Credential stored") + "\n" + Fmt.log("Subject " + v.subject() + ", issued by "
          + v.issuer() + ", under scope " + scope)).machine(hex)
        .json(new io.vertx.core.json.JsonObject().put("issuer", v.issuer().toString()).put("credential", hex)));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam credential list [--subject IDENTIFIER] [--issuer IDENTIFIER]}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the credentials stored locally (of every local identity, or of one subject).")
  static final class ListCredentials implements Callable<Integer> {
    @Option(names = "--subject", paramLabel = "SUBJECT", description = "Subject Identifier.")
    String subject;

    @Option(names = "--issuer", paramLabel = "ISSUER", description = "Issuer Identifier.")
    String issuer;

    @Option(names = "--at", paramLabel = "NODE", description = "The node whose identity's credentials to list.")
    String at;


    @Override
    public Integer call() throws Exception {
      Identifier issuerId = issuer == null ? null : CredentialCommand.identifierArgument("--issuer", issuer);
      List<CredentialRecord> all = new ArrayList<>();
      try (NodeClient c = NodeClient.open()) {
        List<String> subjects = new ArrayList<>();
        if (subject != null) {
          subjects.add(CredentialCommand.identifierArgument("--subject", subject).toString());
        } else if (at != null) {
          subjects.add(c.record(NodeApi.nodeName(at)).identifier());
        } else {
          for (IdentityRecord r : c.await(c.store.identities().list())) {
            subjects.add(r.identifier());
          }
        }
        for (String s : subjects) {
          for (CredentialRecord r : c.await(c.store.credentials().list(s))) {
            if (issuerId == null || r.issuer().equals(issuerId.toString())) {
              all.add(r);
            }
          }
        }
      }
      // as Rust: a list of {credential, scope, is_verified} (each was verified when it was stored); a pipe gets the JSON
      JsonArray json = new JsonArray();
      List<String> items = new ArrayList<>();
      for (CredentialRecord r : all) {
        CredentialOutput o;
        try {
          o = CredentialOutput.of(r.credential());
        } catch (RuntimeException e) {
          Terminal.notice(Fmt.warn("A stored credential of " + r.subject() + " cannot be read: " + e.getMessage()));
          continue;
        }
        json.add(o.localJson(r.scope(), true));
        items.add(o.localListItem(r.scope(), true));
      }
      String empty = at != null ? "No Credentials found for node: " + NodeApi.nodeName(at) : "No Credentials found";
      Terminal.write(Output.of().plain(Fmt.list(items, empty)).json(json));
      return ExitCodes.OK;
    }
  }
}
