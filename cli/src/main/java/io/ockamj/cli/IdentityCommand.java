package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Change;
import io.ockamj.crypto.identity.ChangeData;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.IdentityException;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.NamedIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ockam identity ...}: manage the local identities kept under the state directory.
 */
@Command(name = "identity", description = "Create, show, rotate and delete local identities; verify change histories.",
  mixinStandardHelpOptions = true,
  subcommands = {IdentityCommand.Create.class, IdentityCommand.ListIdentities.class, IdentityCommand.Show.class,
    IdentityCommand.Rotate.class, IdentityCommand.Delete.class, IdentityCommand.Default.class,
    IdentityCommand.Verify.class})
final class IdentityCommand {

  private IdentityCommand() {
  }

  /** The identity with a name, or the default identity if {@code name} is {@code null}. */
  static Future<NamedIdentity> named(IdentityManager manager, String name) {
    if (name == null) {
      return manager.getDefault().compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
        : Future.failedFuture(new ExitCodes.CliException(ExitCodes.FAILURE,
          "there is no default identity; create one with 'ockam identity create NAME'")));
    }
    return manager.get(name).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
      : Future.failedFuture(new ExitCodes.CliException(ExitCodes.NOT_FOUND, "Unable to find identity named " + name)));
  }

  /** {@code ockam identity create [NAME] [--vault VAULT_NAME] [--identity HEX]}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Create an identity with a new key and print its identifier. The first identity becomes the default.",
      "The key is Ed25519 in a software vault and P-256 on the token of a PKCS#11 vault ('ockam vault create --pkcs11-config').",
      "With --identity HEX, import an identity instead: its change history (as 'identity show --full --encoding hex' prints"
        + " it) is verified and stored under NAME, without secret keys."})
  static final class Create implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "A unique name for the identity (default: a random name).")
    String name;

    @Option(names = "--vault", paramLabel = "VAULT_NAME",
      description = "The vault where the identity's keys are stored (made, as a software vault, if there is none of "
        + "that name; default: the only vault, or a new 'default' one).")
    String vault;

    @Option(names = {"-k", "--key-id"}, paramLabel = "KEY_ID", description = "Key ID to use for the identity creation: a"
      + " signing key already in the vault (e.g. made on a PKCS#11 token beforehand), as ECDSASHA256CurveP256:<hex>, <hex>"
      + " or, on a token, its label ockam-<hex>. (ours: Rust takes AWS KMS key ids only, here a PKCS#11 or software"
        + " vault's keys.)")
    String keyId;

    @Option(names = "--identity", paramLabel = "IDENTITY", description = "Identity to import in hex format.")
    String identity;


    @Override
    public Integer call() throws Exception {
      String n = name != null ? name : RandomNames.next();
      if (identity != null && keyId != null) {
        // as clap's conflicts_with
        throw new ExitCodes.CliException(ExitCodes.USAGE, "the argument '--identity <IDENTITY>' cannot be used with"
          + " '--key-id <KEY_ID>'");
      }
      if (identity != null) {
        byte[] history = LocalState.hexArgument("--identity", identity);
        NamedIdentity imported;
        try {
          imported = LocalState.withIdentities(m -> m.importIdentity(n, history, vault));
        } catch (ExitCodes.CliException e) {
          throw e.exitCode == ExitCodes.REFUSED ? new ExitCodes.CliException(ExitCodes.REFUSED, "invalid change history: " + e.getMessage()) : e;
        }
        // Rust prints only the text (also through a pipe); the JSON is ours
        String text = Fmt.ok("Identity imported successfully with name " + n);
        Terminal.write(Output.of().plain(text).machine(text)
          .json(new JsonObject().put("name", n).put("identifier", imported.identifier().toString())));
        return ExitCodes.OK;
      }
      NamedIdentity created = LocalState.withIdentities(m -> m.create(n, vault, keyId));
      Terminal.write(createdOutput(created));
      return ExitCodes.OK;
    }

    /**
     * What {@code identity create} prints for a new identity ({@code ockam run} prints the same).
     *
     * @param created the identity
     * @return its text, machine form (the identifier) and JSON
     */
    static Output createdOutput(NamedIdentity created) {
      String id = created.identifier().toString();
      return Output.of().plain(Fmt.ok("Identity " + id + " \n") + Fmt.log("created successfully as " + created.name()))
        .machine(id).json(new JsonObject().put("identifier", id));
    }
  }

  /** {@code ockam identity list}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the local identities: name, identifier, and which one is the default.")
  static final class ListIdentities implements Callable<Integer> {


    @Override
    public Integer call() throws Exception {
      List<NamedIdentity> all = LocalState.withIdentities(IdentityManager::list);
      Terminal.write(Output.of().plain(listPlain(all)).json(listJson(all)));
      return ExitCodes.OK;
    }
  }

  /** Rust's list of identities: {@code Identity NAME (default)} and the identifier under it. */
  static String listPlain(List<NamedIdentity> all) {
    return Fmt.list(all.stream().map(n -> "Identity " + n.name() + " " + (n.isDefault() ? "(default)" : "") + "\n" + n.identifier())
      .toList(), "No identities found on this system.");
  }

  /** Rust's {@code NamedIdentity} JSON: identifier, name, vault_name, is_default. */
  static JsonArray listJson(List<NamedIdentity> all) {
    JsonArray out = new JsonArray();
    for (NamedIdentity n : all) {
      out.add(new JsonObject().put("identifier", n.identifier().toString()).put("name", n.name())
        .put("vault_name", n.vaultName()).put("is_default", n.isDefault()));
    }
    return out;
  }

  /** {@code ockam identity show [NAME] [--full] [--encoding hex]}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Show an identity (the default one if NAME is omitted).",
      "Without --full: its identifier. With --full: its change history, described change by change, or with "
        + "--encoding hex as the hex of its CBOR encoding (what 'identity verify --history' and Rust Ockam accept)."})
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The identity's name.")
    String name;

    @Option(names = {"-f", "--full"}, description = "Show the full change history, not just the identifier.")
    boolean full;

    @Option(names = "--encoding", paramLabel = "ENCODING",
      description = "With --full: plain (a description) or hex (the encoded change history).")
    String encoding;


    @Override
    public Integer call() throws Exception {
      boolean hex = false;
      if (encoding != null) {
        if (!full) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "--encoding requires --full");
        }
        if (!encoding.equals("hex") && !encoding.equals("plain")) {
          throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid --encoding '" + encoding + "' (plain or hex)");
        }
        hex = encoding.equals("hex");
      }
      Identity identity = LocalState.withIdentities(m -> named(m, name)).identity();
      if (!full) {
        String id = identity.identifier().toString();
        Terminal.write(Output.of().plain(id).machine(id).json(new JsonObject().put("identifier", id)));
      } else if (hex) {
        Terminal.write(Output.of().plain(identity.exportHex()).machine(identity.exportHex())
          .json(new JsonObject().put("encoded", identity.exportHex())));
      } else {
        // as Rust: the text is also the machine form
        Terminal.write(Output.of().plain(describe(identity)).machine(describe(identity)).json(toJson(identity)));
      }
      return ExitCodes.OK;
    }
  }

  /** The readable form of a change history, after Rust's {@code ockam identity show --full}. */
  static String describe(Identity identity) {
    StringBuilder b = new StringBuilder();
    b.append("Identifier: ").append(identity.identifier()).append('\n');
    List<Change> changes = identity.changeHistory().changes();
    for (int i = 0; i < changes.size(); i++) {
      Change c = changes.get(i);
      ChangeData d = c.changeData();
      b.append("  Change[").append(i).append("]:\n");
      b.append("    identifier:              ").append(c.hash().hex()).append('\n');
      b.append("    primary_public_key:      ").append(d.primaryPublicKey().type().ockamName()).append(": ")
        .append(d.primaryPublicKey().hex()).append('\n');
      b.append("    revoke_all_purpose_keys: ").append(d.revokeAllPurposeKeys()).append('\n');
      b.append("    attestations_valid_from: ").append(Instant.ofEpochSecond(d.attestationsValidFrom())).append('\n');
      b.append("    attestations_valid_until:").append(' ').append(Instant.ofEpochSecond(d.attestationsValidUntil()))
        .append('\n');
    }
    return b.toString();
  }

  static JsonObject toJson(Identity identity) {
    JsonArray changes = new JsonArray();
    for (Change c : identity.changeHistory().changes()) {
      ChangeData d = c.changeData();
      changes.add(new JsonObject()
        .put("identifier", c.hash().hex())
        .put("primary_public_key", d.primaryPublicKey().type().ockamName() + ": " + d.primaryPublicKey().hex())
        .put("revoke_all_purpose_keys", d.revokeAllPurposeKeys())
        .put("attestations_valid_from", d.attestationsValidFrom())
        .put("attestations_valid_until", d.attestationsValidUntil()));
    }
    return new JsonObject().put("identifier", identity.identifier().toString()).put("changes", changes);
  }

  /** {@code ockam identity rotate NAME}. */
  @Command(name = "rotate", mixinStandardHelpOptions = true,
    description = {"(ours) Replace an identity's primary key: append a change signed by a new key and by the current one.",
      "The identifier stays the same; the identity's purpose keys are replaced. Prints the identifier.",
      "Running nodes that prove the identity are told, and prove the new key in their later handshakes."})
  static final class Rotate implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The identity's name.")
    String name;

    @Option(names = "--reconnect", description = "(ours) Also make the running nodes that prove the identity close "
      + "their secure channels, so that the channels are re-established under the new key.")
    boolean reconnect;

    @Override
    public Integer call() throws Exception {
      NamedIdentity rotated = LocalState.withIdentities(m -> m.rotate(name));
      String id = rotated.identifier().toString();
      Terminal.write(Output.of().plain(Fmt.ok("The identity named " + name + " has a new primary key") + "\n" + Fmt.log("Its identifier stays " + id))
        .machine(id).json(new JsonObject().put("name", name).put("identifier", id)));
      RotationNotices.tell(rotated.name(), reconnect);
      return ExitCodes.OK;
    }
  }

  /** {@code ockam identity delete [NAME] [--all] [--yes]}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete an identity and its secret keys (or every identity, with --all). If it was the default, the oldest remaining identity becomes the default.")
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Name of the identity to be deleted.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;

    @Option(names = "--all", description = "Delete every identity.")
    boolean all;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      List<String> names = LocalState.withIdentities(IdentityManager::list).stream().map(NamedIdentity::name).toList();
      return Confirmation.delete("identity", "identities", name, all, yes, names, json, n -> {
        LocalState.withIdentities(m -> m.delete(n));
        Terminal.write(Output.of().plain(Fmt.ok("The identity named " + n + " has been deleted")).machine(n)
          .json(new JsonObject().put("name", n)));
      });
    }
  }

  /** {@code ockam identity default [NAME]}. */
  @Command(name = "default", mixinStandardHelpOptions = true,
    description = "Without NAME: print the name of the default identity (created if there is none). With NAME: make that identity the default.")
  static final class Default implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Name of the identity to be set as default.")
    String name;

    @Override
    public Integer call() throws Exception {
      if (name == null) {
        String dflt = LocalState.withIdentities(IdentityManager::getOrCreateDefault).name();
        // Rust prints only the text; the JSON is ours
        String text = Fmt.ok("The name of the default identity is '" + dflt + "'");
        Terminal.write(Output.of().plain(text).machine(text).json(new JsonObject().put("name", dflt)));
        return ExitCodes.OK;
      }
      NamedIdentity n = LocalState.withIdentities(m -> named(m, name));
      if (n.isDefault()) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "The identity named '" + name + "' is already the default");
      }
      LocalState.withIdentities(m -> m.setDefault(name));
      Terminal.write(Output.of().plain(Fmt.ok("The identity named '" + name + "' is now the default")).machine(name)
        .json(new JsonObject().put("name", name)));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam identity verify --history HEX}. */
  @Command(name = "verify", mixinStandardHelpOptions = true,
    description = {"(ours) Verify a change history (hex, as printed by 'identity show --full --encoding hex') and print its identifier.",
      "Exit code 5 and the failed rule if the history is not valid; 2 if the text is not hex."})
  static final class Verify implements Callable<Integer> {

    @Option(names = "--history", required = true, paramLabel = "HEX", description = "The change history, hex-encoded.")
    String history;

    @Override
    public Integer call() {
      byte[] bytes = LocalState.hexArgument("--history", history);
      Identity identity;
      try {
        identity = Identity.importFrom(bytes);
      } catch (IdentityException e) {
        throw new ExitCodes.CliException(ExitCodes.REFUSED, "invalid change history: " + e.getMessage());
      }
      String id = identity.identifier().toString();
      Terminal.write(Output.of().plain(id).machine(id).json(new JsonObject().put("identifier", id)));
      return ExitCodes.OK;
    }
  }
}
