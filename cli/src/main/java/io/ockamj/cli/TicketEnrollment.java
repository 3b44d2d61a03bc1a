package io.ockamj.cli;

import io.ockamj.cli.terminal.Fmt;
import io.ockamj.cli.terminal.Terminal;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.store.CredentialRecord;
import io.ockamj.store.ProjectRecord;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.authority.AuthorityException;
import io.ockamj.verticles.authority.EnrollmentTicket;
import io.ockamj.verticles.identity.NamedIdentity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * {@code ockam node create --enrollment-ticket TICKET}: what {@code ockam project enroll TICKET
 * --identity ID} does (keep the project and its authority, present the ticket's one-time code, store
 * the member credential), run by {@code node create} before it starts the node, so that the node
 * starts with that project. Its report goes to standard error: standard output stays the node's.
 */
final class TicketEnrollment {

  /** Rust's environment variable for {@code --enrollment-ticket}. */
  static final String ENV = "ENROLLMENT_TICKET";

  private TicketEnrollment() {
  }

  /**
   * Reads a ticket given as its hex-encoded text or as the path of a file holding it. URLs are
   * refused: this command never fetches anything from the network.
   *
   * @param given the option's value
   * @return the ticket
   */
  static EnrollmentTicket read(String given) {
    String value = given.strip();
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "--enrollment-ticket: tickets are not downloaded from URLs here;"
        + " save it to a file and give its path, or give its hex-encoded text");
    }
    String text = value;
    try {
      Path file = Path.of(value);
      if (value.length() < 4096 && Files.isRegularFile(file)) {
        text = Files.readString(file).strip();
      }
    } catch (InvalidPathException notAPath) {
      // the encoded ticket itself
    } catch (IOException e) {
      throw new ExitCodes.CliException(ExitCodes.FAILURE, "cannot read the enrollment ticket " + value + ": " + e.getMessage());
    }
    try {
      EnrollmentTicket t = EnrollmentTicket.parse(text);
      Identity.importHex(t.authorityChangeHistory());
      return t;
    } catch (RuntimeException e) {
      throw new ExitCodes.CliException(ExitCodes.USAGE, "invalid enrollment ticket: " + e.getMessage());
    }
  }

  /**
   * @param ticket a ticket
   * @return the name its project is stored under locally: its name, else its id
   */
  static String projectName(EnrollmentTicket ticket) {
    return ticket.projectName().isEmpty() ? ticket.projectId() : ticket.projectName();
  }

  /**
   * Enrolls an identity with the ticket's project and stores its member credential.
   *
   * @param ticket the ticket
   * @param identityName the identity, or {@code null} for the default one (created if needed)
   * @param timeout how long enrollment may take
   * @return the name of the project (stored locally), for {@code --project}
   */
  static String enroll(EnrollmentTicket ticket, String identityName, Duration timeout) throws Exception {
    Identity authority = Identity.importHex(ticket.authorityChangeHistory());
    try (NodeClient c = NodeClient.open()) {
      c.await(c.store.identities().store(authority.identifier().toString(), authority.export()));
      String name = projectName(ticket);
      ProjectRecord record = c.await(c.store.projects().store(new ProjectRecord(name, ticket.projectId(), true,
        ticket.projectModel(), null)));
      TrustOptions fromTicket = new TrustOptions();
      fromTicket.project = record.name();
      try (ProjectAccess p = ProjectAccess.resolve(c, fromTicket, null)) {
        AuthorityClient client = p.connect(identityName, timeout);
        NamedIdentity who = p.who();
        try {
          c.await(client.enroll(ticket.oneTimeCode()));
        } catch (AuthorityException e) {
          if (!e.getMessage().contains("Already a member")) {
            // Rust's words for a refused ticket (used, expired, unknown)
            ExitCodes.CliException refused = ProjectAccess.refused(e);
            throw new ExitCodes.CliException(refused.exitCode, "Failed to enroll identity with project. " + e.getMessage());
          }
          Terminal.notice(Fmt.ok("Identity is already enrolled with the project"));
        }
        CredentialAndPurposeKey credential = p.call(client.credential());
        VerifiedCredential v;
        try {
          v = credential.verify(who.identifier(), List.of(authority), Instant.now().getEpochSecond());
        } catch (RuntimeException e) {
          throw new ExitCodes.CliException(ExitCodes.REFUSED, "the authority's credential did not verify: " + e.getMessage());
        }
        c.await(c.store.credentials().store(new CredentialRecord(who.identifier().toString(), authority.identifier().toString(),
          p.memberScope(), credential.bytes(), Instant.ofEpochSecond(v.expiresAt()))));
        Terminal.notice(Fmt.ok("Identity " + who.name() + " enrolled with project " + record.name()
          + " (a member credential until " + Instant.ofEpochSecond(v.expiresAt()) + ")"));
        return record.name();
      }
    }
  }
}
