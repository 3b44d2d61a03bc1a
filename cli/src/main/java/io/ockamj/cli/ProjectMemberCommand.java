package io.ockamj.cli;

import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityMessages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code ockam project-member ...}: manage the members of a project through its authority's
 * {@code direct_authenticator} (the caller must be an enroller).
 */
@Command(name = "project-member", mixinStandardHelpOptions = true,
  description = "Manage the members of a project (through its authority; the identity used must be an enroller).",
  subcommands = {ProjectMemberCommand.Add.class, ProjectMemberCommand.ListMembers.class, ProjectMemberCommand.ListIds.class,
    ProjectMemberCommand.Show.class, ProjectMemberCommand.Delete.class})
final class ProjectMemberCommand {

  private ProjectMemberCommand() {
  }

  /** Options every subcommand has. */
  abstract static class Base implements Callable<Integer> {
    @Option(names = "--identity", paramLabel = "IDENTITY_NAME", description = "Run the command as the given Identity.")
    String identity;

    @Option(names = {"-p", "--project-name"}, paramLabel = "PROJECT_NAME", description = "The Project (default: the default project).")
    String projectName;


    <T> T withAuthority(Function<AuthorityClient, io.vertx.core.Future<T>> work) throws Exception {
      try (NodeClient c = NodeClient.open(); ProjectAccess p = ProjectAccess.resolve(c, null, projectName)) {
        AuthorityClient client = p.connect(identity, AuthorityClient.DEFAULT_TIMEOUT);
        return p.call(work.apply(client));
      }
    }

    static Identifier identifier(String value) {
      return CredentialCommand.identifierArgument("IDENTIFIER", value);
    }
  }

  static JsonObject toJson(Identifier id, AuthorityMessages.MemberEntry e) {
    JsonObject a = new JsonObject();
    e.attributes().forEach(a::put);
    return new JsonObject().put("identifier", id.toString()).put("attributes", a).put("added_at", e.addedAt())
      .put("expires_at", e.expiresAt()).put("attested_by", e.attestedBy() == null ? null : e.attestedBy().toString());
  }

  /** {@code project-member add IDENTIFIER}. */
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add or update a member of the project.")
  static final class Add extends Base {
    @Parameters(index = "0", paramLabel = "IDENTIFIER", description = "The Identifier of the member to add.")
    String member;

    @Option(names = {"-a", "--attribute"}, paramLabel = "ATTRIBUTE", description = "Attributes in key=value format; repeatable.")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--relay", paramLabel = "ALLOWED_RELAY_NAME", description = "Shorthand for --attribute ockam-relay=NAME.")
    String relay;

    @Option(names = "--enroller", description = "Set the enroller role (shorthand for --attribute ockam-role=enroller).")
    boolean enroller;

    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      Identifier id = identifier(member);
      Map<String, String> attrs = ProjectCommand.attributes(attributes, relay, enroller, false);
      withAuthority(c -> c.addMember(id, attrs));
      if (json) {
        JsonObject a = new JsonObject();
        attrs.forEach(a::put);
        Terminal.write(Output.of().json(new JsonObject().put("identifier", id.toString()).put("attributes", a)));
      } else {
        System.out.println("Identity " + id + " is a member of the project" + (attrs.isEmpty() ? "" : " with attributes " + attrs));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code project-member list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the members of the project.")
  static final class ListMembers extends Base {
    @Option(names = {"--enrollers", "--enroller"}, description = "Return only the enroller members.")
    boolean enrollers;

    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json() || System.console() == null;
      Map<Identifier, AuthorityMessages.MemberEntry> all = withAuthority(AuthorityClient::members);
      JsonArray out = new JsonArray();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"IDENTIFIER", "ATTRIBUTES", "ADDED AT", "ADDED BY"});
      all.forEach((id, e) -> {
        if (enrollers && !"enroller".equals(e.attributes().get("ockam-role"))) {
          return;
        }
        out.add(toJson(id, e));
        rows.add(new String[] {id.toString(), e.attributes().toString(), Instant.ofEpochSecond(e.addedAt()).toString(),
          e.attestedBy() == null ? "-" : e.attestedBy().toString()});
      });
      if (json) {
        Terminal.write(Output.of().json(out));
      } else {
        Table.print(rows);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code project-member list-ids}. */
  @Command(name = "list-ids", mixinStandardHelpOptions = true, description = "List the identifiers of the members of the project.")
  static final class ListIds extends Base {
    @Override
    public Integer call() throws Exception {
      boolean json = Terminal.json();
      List<Identifier> ids = withAuthority(AuthorityClient::memberIds);
      if (json) {
        Terminal.write(Output.of().json(new JsonArray(ids.stream().map(Identifier::toString).toList())));
      } else {
        ids.forEach(System.out::println);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code project-member show IDENTIFIER}. */
  @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a member of the project.")
  static final class Show extends Base {
    @Parameters(index = "0", paramLabel = "IDENTIFIER", description = "The Identifier of the member to show.")
    String member;

    @Override
    public Integer call() throws Exception {
      Identifier id = identifier(member);
      AuthorityMessages.MemberEntry e = withAuthority(c -> c.member(id));
      if (Terminal.json() || System.console() == null) {
        Terminal.write(Output.of().json(toJson(id, e)));
      } else {
        System.out.println("Member " + id);
        System.out.println("  added at   " + Instant.ofEpochSecond(e.addedAt()));
        System.out.println("  added by   " + (e.attestedBy() == null ? "-" : e.attestedBy()));
        e.attributes().forEach((k, v) -> System.out.println("  " + k + "=" + v));
      }
      return ExitCodes.OK;
    }
  }

  /** {@code project-member delete IDENTIFIER | --all}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a member of the project (its later credential requests are refused), or all members but yourself.")
  static final class Delete extends Base {
    @Parameters(index = "0", arity = "0..1", paramLabel = "IDENTIFIER", description = "The Identifier of the member to delete.")
    String member;

    @Option(names = "--all", description = "Delete all members of the Project except the current default Identity.")
    boolean all;

    @Override
    public Integer call() throws Exception {
      if (all == (member != null)) {
        throw new ExitCodes.CliException(ExitCodes.USAGE, "give either IDENTIFIER or --all");
      }
      if (all) {
        withAuthority(AuthorityClient::deleteAllMembers);
        System.out.println("Deleted all members of the project that could be deleted");
      } else {
        Identifier id = identifier(member);
        withAuthority(c -> c.deleteMember(id));
        System.out.println("Deleted member " + id);
      }
      return ExitCodes.OK;
    }
  }
}
