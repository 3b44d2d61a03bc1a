package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Output;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.crypto.identity.Identifier;
import io.vertx.core.json.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ockam credential revoke --for IDENTIFIER} (ours): revokes a member's credentials at the
 * project's authority. For now it is the same request as {@code project-member delete IDENTIFIER}:
 * the authority deletes the member, so that it gets no new credential, and signs and pushes a
 * revocation notice to every node that follows it; those nodes close the member's secure channels
 * (and the portal connections routed through them) and no longer accept its earlier credentials.
 * Rust Ockam 0.139 has no such command.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
  description = {"(ours) Revoke the credentials of a member of the project at its authority: nodes that follow the authority "
    + "close the member's secure channels and refuse its earlier credentials.",
    "For now this is the same as 'project-member delete IDENTIFIER' (the member is deleted too); "
      + "the identity used must be an enroller."})
final class CredentialRevokeCommand extends ProjectMemberCommand.Base {

  @Option(names = "--for", required = true, paramLabel = "IDENTIFIER", description = "The identifier of the member whose credentials are revoked.")
  String subject;

  @Override
  public Integer call() throws Exception {
    Identifier id = CredentialCommand.identifierArgument("--for", subject);
    withAuthority(c -> c.deleteMember(id));
    // ours: the text on a terminal and through a pipe, the JSON with --output json
    String text = Fmt.ok("Revoked the credentials of " + id + " at the authority of the Project " + projectName());
    Terminal.write(Output.of().plain(text).machine(text)
      .json(new JsonObject().put("project", projectName()).put("identifier", id.toString())));
    return ExitCodes.OK;
  }
}
