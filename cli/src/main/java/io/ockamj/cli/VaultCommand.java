package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.store.VaultRecord;
import io.ockamj.verticles.identity.IdentityManager;
import io.ockamj.verticles.identity.VaultManager;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code ockam vault ...}: the named vaults that hold identities' keys, as Rust Ockam 0.139's
 * {@code ockam vault create|show|list|delete}, plus PKCS#11 vaults ({@code --pkcs11-config}, ours).
 */
@Command(name = "vault", mixinStandardHelpOptions = true,
  description = {"Manage vaults: where identities' secret keys live.",
    "A software vault keeps them in the local database (the first vault) or in a file of its own; a PKCS#11 vault "
      + "(--pkcs11-config, not in Rust Ockam) keeps identity and credential keys (P-256) on a hardware token."},
  subcommands = {VaultCommand.Create.class, VaultCommand.Show.class, VaultCommand.ListVaults.class,
    VaultCommand.Move.class, VaultCommand.Delete.class})
final class VaultCommand {

  private VaultCommand() {
  }

  /** {@code ockam vault create [NAME] [--path PATH] [--aws-kms] [--pkcs11-config FILE [--pin-file FILE]]}. */
  @Command(name = "create", mixinStandardHelpOptions = true,
    description = {"Create a vault. Without --path the first vault keeps its secrets in the local database and "
      + "later ones in $OCKAM_HOME/vault-NAME; the first vault becomes the default.",
      "With --pkcs11-config (ours), identity and credential keys are P-256 keys generated and used on the PKCS#11 "
        + "token that the SunPKCS11 configuration file names; the token's PIN comes from the environment variable "
        + VaultManager.PIN_ENV + ", or else from --pin-file, and is never given on the command line.",
      "A token operation that takes longer than 10 s fails; the configuration file may set another limit with "
        + "the line 'ockamTimeout = 30s' (ours: 500ms, 30s, 2m or seconds, at most 1h), which SunPKCS11 does not see."},
    footerHeading = "%nExamples:%n",
    footer = {"  ockam vault create                       # a vault with a random name (or 'default' for the first one)",
      "  ockam vault create v",
      "  OCKAM_PKCS11_PIN=... ockam vault create hsm --pkcs11-config softhsm.cfg",
      "  ockam identity create alice --vault hsm"})
  static final class Create implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The vault's name.")
    String name;

    @Option(names = "--path", paramLabel = "PATH", description = "The SQLite file for the vault's secrets (must not exist).")
    Path path;

    @Option(names = "--aws-kms", description = "Use AWS KMS (Rust Ockam; not supported here).")
    boolean awsKms;

    @Option(names = "--pkcs11-config", paramLabel = "FILE",
      description = "A SunPKCS11 configuration file (name, library, slot or slotListIndex) naming the token, "
        + "optionally with ockamTimeout = DURATION (ours).")
    Path pkcs11Config;

    @Option(names = "--pin-file", paramLabel = "FILE",
      description = "A file holding the token's PIN, read whenever the vault is opened and "
        + VaultManager.PIN_ENV + " is not set (ours).")
    Path pinFile;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      if (awsKms) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--aws-kms is not supported by Ockam for the JVM; "
          + "use --pkcs11-config FILE for keys on a hardware token");
      }
      if (pkcs11Config != null && path != null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--path and --pkcs11-config cannot be used together");
      }
      if (pinFile != null && pkcs11Config == null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--pin-file needs --pkcs11-config");
      }
      VaultRecord created = LocalState.withIdentities(m -> m.vaults().list().compose(all -> {
        if (all.isEmpty() && !json) {
          System.err.println("This is the first vault to be created in this environment. It will be set as the default vault");
        }
        return pkcs11Config != null ? m.vaults().createPkcs11(name, pkcs11Config, pinFile)
          : m.vaults().create(name, path);
      }));
      Terminal.write(Output.of().plain("Vault created with name '" + created.name() + "'!").machine(created.name())
        .json(new JsonObject().put("name", created.name())));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam vault show [NAME]}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show the details of a vault (the default one if NAME is omitted).")
  static final class Show implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The vault's name.")
    String name;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      // as Rust: with no vault at all, a success that says so (JSON []); a name not found fails (70)
      if (ShowFlow.nothingToShow("vaults", null, LocalState.withIdentities(m -> m.vaults().list()))) {
        return ExitCodes.OK;
      }
      VaultRecord v = LocalState.withIdentities(m -> named(m, name));
      Terminal.write(Output.of().plain("Vault:\n" + indent(describe(v))).json(toJson(v)));
      return ExitCodes.OK;
    }
  }

  /** {@code ockam vault list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the vaults.")
  static final class ListVaults implements Callable<Integer> {


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      List<VaultRecord> all = LocalState.withIdentities(m -> m.vaults().list());
      if (json) {
        JsonArray out = new JsonArray();
        all.forEach(v -> out.add(toJson(v)));
        Terminal.write(Output.of().json(out));
      } else if (all.isEmpty()) {
        System.err.println("No Vaults found");
      } else {
        StringBuilder b = new StringBuilder();
        for (VaultRecord v : all) {
          if (b.length() > 0) {
            b.append('\n');
          }
          b.append(describe(v)).append('\n');
        }
        System.out.print(b);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code ockam vault move NAME --path PATH}. */
  @Command(name = "move", mixinStandardHelpOptions = true,
    description = "Move a vault's file to a different path (a software vault with a file of its own; not the database vault).")
  static final class Move implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The vault's name.")
    String name;

    @Option(names = "--path", required = true, paramLabel = "PATH", description = "The new path of its file.")
    Path path;

    @Override
    public Integer call() throws Exception {
      try {
        LocalState.withIdentities(m -> m.vaults().move(name, path));
      } catch (ExitCodes.CliException e) {
        System.err.println("Could not move the vault " + name + " to \"" + path + "\": " + e.getMessage());
        throw e;
      }
      System.err.println("Moved the vault " + name + " to \"" + path + "\"");
      return ExitCodes.OK;
    }
  }

  /** {@code ockam vault delete [NAME] [--yes] [--all]}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
    description = {"Delete a vault and its secrets (the database vault's secrets, or the vault's file). "
      + "A vault that identities use cannot be deleted. Keys on a PKCS#11 token stay on the token."})
  static final class Delete implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The vault's name.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Confirm the deletion without prompting.")
    boolean yes;

    @Option(names = "--all", description = "Delete every vault.")
    boolean all;


    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      if (all && name != null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "the argument NAME cannot be used with '--all'");
      }
      List<String> names = LocalState.withIdentities(m -> m.vaults().list()).stream().map(VaultRecord::name).toList();
      return Confirmation.delete("vault", "vaults", name, all, yes, names, json, n -> {
        if (!LocalState.withIdentities(m -> m.vaults().delete(n))) {
          throw new ExitCodes.CliException(ExitCodes.FAILURE, "no vault found with name " + n);
        }
        // as Rust: the text, the name through a pipe, {name} as JSON
        Terminal.write(Output.of().plain(Fmt.ok("Vault with name " + n + " has been deleted")).machine(n)
          .json(new JsonObject().put("name", n)));
      });
    }
  }

  /** The vault with a name, or the default vault. */
  private static Future<VaultRecord> named(IdentityManager m, String name) {
    Future<Optional<VaultRecord>> found = name == null ? m.vaults().list().map(all -> all.stream()
      .filter(VaultRecord::isDefault).findFirst()) : m.vaults().get(name);
    return found.compose(v -> v.isPresent() ? Future.succeededFuture(v.get())
      : Future.failedFuture(new ExitCodes.CliException(ExitCodes.FAILURE, name == null
        ? "there is no vault; create one with 'ockam vault create'" : "no vault found with name " + name)));
  }

  /** Rust's {@code VaultOutput::as_list_item}, with a PKCS#11 form of ours. */
  static String describe(VaultRecord v) {
    switch (v.kind()) {
      case DATABASE:
        return "Name: " + v.name() + "\nType: Internal";
      case FILE:
        return "Name: " + v.name() + "\nType: External\nPath: " + v.path();
      case PKCS11:
      default:
        return "Name: " + v.name() + "\nType: PKCS#11\nConfiguration: " + v.pkcs11Config() + "\nPath: " + v.path()
          + (v.pinFile() != null ? "\nPIN file: " + v.pinFile() : "");
    }
  }

  private static String indent(String s) {
    return "   " + s.replace("\n", "\n   ");
  }

  /** Rust's {@code VaultOutput} JSON ({@code {"vault": NamedVault}}), with a PKCS#11 variant of ours. */
  static JsonObject toJson(VaultRecord v) {
    JsonObject type;
    switch (v.kind()) {
      case DATABASE:
        type = new JsonObject().put("DatabaseVault", new JsonObject().put("use_aws_kms", "No"));
        break;
      case FILE:
        type = new JsonObject().put("LocalFileVault", new JsonObject().put("path", v.path()).put("use_aws_kms", "No"));
        break;
      case PKCS11:
      default:
        type = new JsonObject().put("Pkcs11Vault", new JsonObject().put("config", v.pkcs11Config()).put("path", v.path())
          .put("pin_file", v.pinFile()));
        break;
    }
    return new JsonObject().put("vault", new JsonObject().put("name", v.name()).put("vault_type", type)
      .put("is_default", v.isDefault()));
  }
}
