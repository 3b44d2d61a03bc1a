package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;

import io.ockamj.cli.terminal.Terminal;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityMessages;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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


    private String project;
    private Identifier self;

    <T> T withAuthority(Function<AuthorityClient, io.vertx.core.Future<T>> work) throws Exception {
      try (NodeClient c = NodeClient.open(); ProjectAccess p = ProjectAccess.resolve(c, null, projectName)) {
        AuthorityClient client = p.connect(identity, AuthorityClient.DEFAULT_TIMEOUT);
        project = p.projectName();
        self = p.identifier();
        return p.call(work.apply(client));
      }
    }

    /** @return the name of the project the last {@link #withAuthority} call used */
    String projectName() {
      return project;
    }

    /** @return the identifier of the identity the last {@link #withAuthority} call proved */
    Identifier self() {
      return self;
    }

    static Identifier identifier(String value) {
      return CredentialCommand.identifierArgument("IDENTIFIER", value);
    }
  }

  /** Rust's {@code AttributesEntry} JSON: the attributes, when they were added, until when, and by whom. */
  static JsonObject toJson(Identifier id, AuthorityMessages.MemberEntry e) {
    JsonObject a = new JsonObject();
    new TreeMap<>(e.attributes()).forEach(a::put);
    JsonObject entry = new JsonObject().put("attributes", a).put("added_at", e.addedAt())
      .put("expires_at", e.expiresAt()).put("attested_by", e.attestedBy() == null ? null : e.attestedBy().toString());
    return new JsonObject().put("identifier", id.toString()).put("attributes", entry);
  }

  /** Rust's {@code MemberOutput::item}: the identifier, then its attributes and when and by whom they were added. */
  static String memberText(Identifier id, AuthorityMessages.MemberEntry e) {
    StringBuilder b = new StringBuilder(Fmt.PADDING).append(id).append('\n');
    if (e.attributes().isEmpty()) {
      return b.append(Fmt.PADDING).append("Has no attributes").toString();
    }
    b.append(Fmt.PADDING).append("With attributes: ").append(keyValues(e.attributes())).append('\n');
    b.append(Fmt.PADDING).append(Fmt.INDENTATION).append("Added at: ").append(e.addedAt()).append('\n');
    if (e.expiresAt() != null) {
      b.append(Fmt.PADDING).append(Fmt.INDENTATION).append("Expires at: ").append(e.expiresAt()).append('\n');
    }
    if (e.attestedBy() != null) {
      b.append(Fmt.PADDING).append(Fmt.INDENTATION).append("Attested by: ").append(e.attestedBy()).append('\n');
    }
    return b.toString().stripTrailing();
  }

  /** @return {@code k=v, k2=v2}, keys sorted */
  static String keyValues(Map<String, String> attributes) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(attributes).forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append('=').append(v));
    return b.toString();
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
      Identifier id = identifier(member);
      Map<String, String> attrs = ProjectCommand.attributes(attributes, relay, enroller, false, false);
      withAuthority(c -> c.addMember(id, attrs));
      // as Rust: the text, and {project, identifier, attributes} (a pipe gets the JSON)
      StringBuilder text = new StringBuilder(Fmt.ok("Identifier " + id + " is now a member of the Project " + projectName()));
      if (!attrs.isEmpty()) {
        text.append('\n').append(Fmt.log("With attributes: " + keyValues(attrs)));
      }
      text.append('\n').append(Fmt.log("It can get a credential and access Project resources, like portals of other members"));
      JsonObject a = new JsonObject();
      new TreeMap<>(attrs).forEach(a::put);
      Terminal.write(Output.of().plain(text.toString())
        .json(new JsonObject().put("project", projectName()).put("identifier", id.toString()).put("attributes", a)));
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
      Map<Identifier, AuthorityMessages.MemberEntry> all = withAuthority(AuthorityClient::members);
      JsonArray out = new JsonArray();
      List<String> items = new ArrayList<>();
      all.forEach((id, e) -> {
        if (enrollers && !"enroller".equals(e.attributes().get("ockam-role"))) {
          return;
        }
        out.add(toJson(id, e));
        items.add(memberText(id, e));
      });
      Terminal.write(Output.of().plain(Fmt.list(items, "No members found on the Authority node")).json(out));
      return ExitCodes.OK;
    }
  }

  /** {@code project-member list-ids}. */
  @Command(name = "list-ids", mixinStandardHelpOptions = true, description = "List the identifiers of the members of the project.")
  static final class ListIds extends Base {
    @Override
    public Integer call() throws Exception {
      List<Identifier> ids = withAuthority(AuthorityClient::memberIds);
      // as Rust: a list of identifiers, and [{identifier}] (a pipe gets the JSON)
      Terminal.write(Output.of().plain(Fmt.list(ids.stream().map(Identifier::toString).toList(),
          "No members found on the Authority node"))
        .json(new JsonArray(ids.stream().map(i -> new JsonObject().put("identifier", i.toString())).toList())));
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
      Terminal.write(Output.of().plain(memberText(id, e)).json(toJson(id, e)));
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
      List<Identifier> deleted = new ArrayList<>();
      if (all) {
        // as Rust: every member but the identity used, one by one; a member the authority keeps is skipped
        withAuthority(c -> c.memberIds().compose(ids -> {
          if (!ids.isEmpty()) {
            Terminal.notice(Fmt.info("Found " + ids.size() + " members in the Project " + projectName()));
          }
          Future<Void> chain = Future.succeededFuture();
          for (Identifier i : ids) {
            if (i.equals(self())) {
              continue;
            }
            chain = chain.compose(v -> c.deleteMember(i).<Void>map(x -> {
              deleted.add(i);
              return null;
            }).recover(err -> {
              Terminal.notice(Fmt.warn("Failed to delete member " + i + ": " + err.getMessage()));
              return Future.succeededFuture();
            }));
          }
          return chain;
        }));
      } else {
        Identifier id = identifier(member);
        withAuthority(c -> c.deleteMember(id));
        deleted.add(id);
      }
      String text = switch (deleted.size()) {
        case 0 -> Fmt.ok("There are no members that can be deleted from the Project " + projectName());
        case 1 -> Fmt.ok("Identifier " + deleted.get(0) + " is no longer a member of the Project. It won't be able to get"
          + " a credential and access Project resources, like portals of other members");
        default -> Fmt.ok(deleted.size() + " members were deleted from the Project " + projectName());
      };
      // as Rust: the text, and {project, identifiers} (a pipe gets the JSON)
      Terminal.write(Output.of().plain(text).json(new JsonObject().put("project", projectName())
        .put("identifiers", new JsonArray(deleted.stream().map(Identifier::toString).toList()))));
      return ExitCodes.OK;
    }
  }
}
