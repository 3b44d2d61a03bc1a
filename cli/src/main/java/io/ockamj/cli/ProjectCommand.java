package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identity;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.store.ProjectRecord;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityException;
import io.ockamj.verticles.authority.AuthorityMessages;
import io.ockamj.verticles.authority.EnrollmentTicket;
import io.ockamj.verticles.authority.OneTimeCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ockam project ...} for projects whose authority is reachable on an explicit route (a
 * self-hosted authority, see {@code ockam authority create}): tickets, enrollment, import, show, list.
 */
@Command(name = "project", mixinStandardHelpOptions = true,
  description = "Manage projects: enrollment tickets, enrollment, import, show and list (self-hosted authorities).",
  subcommands = {ProjectCommand.Ticket.class, ProjectCommand.Enroll.class, ProjectCommand.Import.class,
    ProjectCommand.Show.class, ProjectCommand.ListProjects.class})
final class ProjectCommand {

  private ProjectCommand() {
  }

  /**
   * Parses repeated {@code --attribute} values as Rust 0.139 does: split at the first {@code =}. Without a
   * {@code =}, {@code project ticket} takes the attribute as {@code KEY=true}
   * ({@code bareKeyIsTrue}); {@code project-member add} refuses it (exit 70, as Rust).
   */
  static Map<String, String> attributes(List<String> values, String relay, boolean enroller, boolean tls, boolean bareKeyIsTrue) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String a : values) {
      int eq = a.indexOf('=');
      if (eq < 0 && !bareKeyIsTrue) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "value expected in attribute " + a + " (KEY=VALUE)");
      }
      out.put(eq < 0 ? a : a.substring(0, eq), eq < 0 ? "true" : a.substring(eq + 1));
    }
    if (relay != null) {
      out.put("ockam-relay", relay);
    }
    if (enroller) {
      out.put("ockam-role", "enroller");
    }
    if (tls) {
      out.put("ockam-tls-certificate", "true");
    }
    return out;
  }

  /** {@code ockam project ticket}. */
  @Command(name = "ticket", mixinStandardHelpOptions = true,
    description = {"Create an enrollment ticket: a one-time code from the project's authority, with what an enrollee needs to"
      + " reach and trust that authority. Prints it hex-encoded (Rust's format) for 'ockam project enroll'."})
  static final class Ticket implements Callable<Integer> {
    @Option(names = "--identity", paramLabel = "IDENTITY_NAME", description = "Run the command as the given Identity.")
    String identity;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Option(names = {"-a", "--attribute"}, paramLabel = "ATTRIBUTE",
      description = "Attributes in key=value format to be attached to the member; a KEY alone means KEY=true. Repeatable.")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--expires-in", paramLabel = "DURATION", converter = Durations.class,
      description = "How long the ticket is valid (default 10 minutes), e.g. 600s, 10m, 1h, 1d; a bare number is seconds.")
    Duration expiresIn;

    @Option(names = "--usage-count", paramLabel = "USAGE_COUNT", description = "How many times the ticket can be used (default 1).")
    Long usageCount;

    @Option(names = "--relay", paramLabel = "ENROLLEE_ALLOWED_RELAY_NAME",
      description = "Name of the relay the enrollee may create (shorthand for --attribute ockam-relay=NAME).")
    String relay;

    @Option(names = "--enroller", description = "Add the enroller role (shorthand for --attribute ockam-role=enroller).")
    boolean enroller;

    @Option(names = "--tls", hidden = true, description = "Shorthand for --attribute ockam-tls-certificate=true.")
    boolean tls;


    @Override
    public Integer call() throws Exception {
      if (Terminal.json()) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "This command only outputs a hex encoded string for"
          + " 'ockam project enroll' to use. Please try running it again without '--output json'.");
      }
      if (usageCount != null && usageCount < 1) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--usage-count must be at least 1");
      }
      if (expiresIn != null && expiresIn.getSeconds() < 1) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "--expires-in must be at least 1s");
      }
      Map<String, String> attrs = attributes(attributes, relay, enroller, tls, true);
      try (NodeClient c = NodeClient.open(); ProjectAccess p = ProjectAccess.resolve(c, trust, null)) {
        AuthorityClient client = p.connect(identity, AuthorityClient.DEFAULT_TIMEOUT);
        OneTimeCode code = p.call(client.createToken(new AuthorityMessages.CreateToken(attrs,
          expiresIn == null ? null : expiresIn.getSeconds(), usageCount)));
        JsonObject model = p.project != null ? p.project.model() : new JsonObject()
          .put("id", p.authority.identifier().toString()).put("name", "default");
        model.put("authority_identity", p.authority.exportHex()).put("authority_access_route", p.route.toString());
        if (model.getString("access_route") == null) {
          model.put("access_route", p.route.toString());
        }
        EnrollmentTicket ticket = EnrollmentTicket.of(code, model);
        // as Rust: the notice on stderr, the ticket (its hex form, for 'project enroll') as the only result
        Terminal.notice(Fmt.ok("Created enrollment ticket") + "\n");
        Terminal.notice(Fmt.log("You can use it to enroll another machine using: ockam project enroll"));
        Terminal.write(Output.of().machine(ticket.encodeLegacy()));
        return ExitCodes.OK;
      } catch (DecodeException e) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "the project cannot make a ticket: " + e.getMessage());
      }
    }
  }

  /** {@code ockam project enroll TICKET|FILE}. */
  @Command(name = "enroll", mixinStandardHelpOptions = true,
    description = {"Use an enrollment ticket: become a member of the project through its authority, get a member credential,"
      + " and keep the project (and the authority's identity) locally. Prints the credential's attributes."})
  static final class Enroll implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "ENROLLMENT TICKET", description = "Path or inlined hex-encoded enrollment ticket.")
    String ticket;

    @Option(names = "--identity", paramLabel = "IDENTITY_NAME", description = "Run the command as the given Identity.")
    String identity;

    @Mixin
    TrustOptions trust = new TrustOptions();

    @Option(names = "--timeout", defaultValue = "240s", converter = Durations.class, paramLabel = "TIMEOUT",
      description = "How long enrollment may take (default: ${DEFAULT-VALUE}).")
    Duration timeout;


    @Override
    public Integer call() throws Exception {
      EnrollmentTicket t = TicketEnrollment.read(ticket);
      try (NodeClient c = NodeClient.open()) {
        TicketEnrollment.Enrolled e;
        try {
          e = TicketEnrollment.enroll(c, t, identity, timeout);
        } catch (AuthorityException refused) {
          throw ProjectAccess.refused(refused);
        }
        // as Rust: the text and {identity, project_name, credential} (a pipe gets the JSON)
        CredentialOutput out = CredentialOutput.of(e.credential());
        Terminal.write(Output.of().plain(ProjectOutput.enrollText(e.who(), e.projectName(), out))
          .json(ProjectOutput.enrollJson(e.who(), e.projectName(), out)));
        return ExitCodes.OK;
      }
    }
  }

  /** {@code ockam project import --project-file FILE}. */
  @Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import a project from a file: Rust's project JSON (id, name, access_route, authority_access_route, authority_identity, ...).")
  static final class Import implements Callable<Integer> {
    @Option(names = "--project-file", required = true, paramLabel = "PATH", description = "Project file.")
    Path projectFile;

    @Override
    public Integer call() throws Exception {
      JsonObject model;
      try {
        model = new JsonObject(Files.readString(projectFile));
      } catch (java.io.IOException e) {
        throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot read " + projectFile + ": " + e.getMessage());
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, projectFile + " is not a project JSON object: " + e.getMessage());
      }
      String id = model.getString("id");
      String name = model.getString("name");
      String authority = model.getString("authority_identity");
      if (id == null || name == null || authority == null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "the project file needs id, name and authority_identity");
      }
      if (model.getString("authority_access_route") == null) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "the project file has no authority_access_route; this ockam never"
          + " guesses an authority's address");
      }
      Identity a;
      try {
        a = Identity.importHex(authority.trim());
        NodeApi.multiAddr("authority_access_route", model.getString("authority_access_route"));
      } catch (ExitCodes.CliException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid authority_identity: " + e.getMessage());
      }
      try (NodeClient c = NodeClient.open()) {
        c.await(c.store.identities().store(a.identifier().toString(), a.export()));
        ProjectRecord r = c.await(c.store.projects().store(new ProjectRecord(name, id, false, model, null)));
        // as Rust: only text (so a pipe gets it too); the project's JSON with --output json is ours
        String text = Fmt.ok("Successfully imported project " + r.name());
        Terminal.write(Output.of().plain(text).machine(text).json(ProjectOutput.json(r)));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code ockam project show [NAME]}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a project (default: the default project).")
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "The project.")
    String name;


    @Override
    public Integer call() throws Exception {
      try (NodeClient c = NodeClient.open()) {
        ProjectRecord r = c.await(name == null ? c.store.projects().getDefault() : c.store.projects().get(name))
          .orElseThrow(() -> new ExitCodes.CliException(ExitCodes.FAILURE, name == null ? "there is no default project"
            : "there is no project named '" + name + "'"));
        // as Rust: the text and the project's JSON (a pipe gets the JSON)
        Terminal.write(Output.of().plain(ProjectOutput.item(r)).json(ProjectOutput.json(r)));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code ockam project list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the projects known locally.")
  static final class ListProjects implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
      try (NodeClient c = NodeClient.open()) {
        List<ProjectRecord> all = c.await(c.store.projects().list());
        // as Rust: a list and the projects' JSON (a pipe gets the JSON)
        Terminal.write(Output.of().plain(Fmt.list(all.stream().map(ProjectOutput::listItem).toList(), "No projects found"))
          .json(new JsonArray(all.stream().map(ProjectOutput::json).toList())));
      }
      return ExitCodes.OK;
    }
  }
}
