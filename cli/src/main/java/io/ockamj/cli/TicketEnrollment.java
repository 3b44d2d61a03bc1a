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
   * What an enrollment left: the identity, the project it is a member of (stored locally), and its
   * member credential (stored under the project's member scope).
   *
   * @param who the enrolled identity
   * @param projectName the project's local name
   * @param credential the member credential
   * @param expiresAt when the credential expires
   * @param alreadyMember the authority already knew the identity (the ticket was not spent)
   */
  record Enrolled(NamedIdentity who, String projectName, CredentialAndPurposeKey credential, Instant expiresAt,
                  boolean alreadyMember) {
  }

  /**
   * Enrolls an identity with the ticket's project and stores its member credential ({@code project
   * enroll}, and {@code node create --enrollment-ticket} before it starts its node): the project and
   * the authority's identity are kept (the authority becomes a known identity).
   *
   * @param c the local state
   * @param ticket the ticket
   * @param identityName the identity, or {@code null} for the default one (created if needed)
   * @param timeout how long enrollment may take
   * @return what the enrollment left
   * @throws AuthorityException the authority refused the ticket (used, expired, unknown)
   */
  static Enrolled enroll(NodeClient c, EnrollmentTicket ticket, String identityName, Duration timeout) throws Exception {
    Identity authority = Identity.importHex(ticket.authorityChangeHistory());
    c.await(c.store.identities().store(authority.identifier().toString(), authority.export()));
    ProjectRecord record = c.await(c.store.projects().store(new ProjectRecord(projectName(ticket), ticket.projectId(), true,
      ticket.projectModel(), null)));
    TrustOptions fromTicket = new TrustOptions();
    fromTicket.project = record.name();
    try (ProjectAccess p = ProjectAccess.resolve(c, fromTicket, null)) {
      NamedIdentity who = c.await(identityName == null ? c.identities.getOrCreateDefault()
        : c.identities.get(identityName).map(o -> o.orElseThrow(() -> new ExitCodes.CliException(ExitCodes.FAILURE,
          "no identity named '" + identityName + "'"))));
      AuthorityClient client = p.connect(who.name(), timeout);
      boolean already = false;
      try {
        c.await(client.enroll(ticket.oneTimeCode()));
      } catch (AuthorityException e) {
        if (!e.getMessage().contains("Already a member")) {
          throw e;
        }
        already = true;
      }
      CredentialAndPurposeKey credential = p.call(client.credential());
      VerifiedCredential v;
      try {
        v = credential.verify(who.identifier(), List.of(authority), Instant.now().getEpochSecond());
      } catch (RuntimeException e) {
        throw new ExitCodes.CliException(ExitCodes.REFUSED, "the authority's credential did not verify: " + e.getMessage());
      }
      Instant expires = Instant.ofEpochSecond(v.expiresAt());
      c.await(c.store.credentials().store(new CredentialRecord(who.identifier().toString(), authority.identifier().toString(),
        p.memberScope(), credential.bytes(), expires)));
      return new Enrolled(who, record.name(), credential, expires, already);
    }
  }

  /**
   * {@code node create --enrollment-ticket}: enrolls and reports on standard error.
   *
   * @param ticket the ticket
   * @param identityName the identity, or {@code null} for the default one (created if needed)
   * @param timeout how long enrollment may take
   * @return the name of the project (stored locally), for {@code --project}
   */
  static String enroll(EnrollmentTicket ticket, String identityName, Duration timeout) throws Exception {
    try (NodeClient c = NodeClient.open()) {
      Enrolled e;
      try {
        e = enroll(c, ticket, identityName, timeout);
      } catch (AuthorityException refused) {
        // Rust's words for a refused ticket (used, expired, unknown)
        throw new ExitCodes.CliException(ProjectAccess.refused(refused).exitCode, "Failed to enroll identity with project. "
          + refused.getMessage());
      }
      if (e.alreadyMember()) {
        Terminal.notice(Fmt.ok("Identity is already enrolled with the project"));
      }
      Terminal.notice(Fmt.ok("Identity " + e.who().name() + " enrolled with project " + e.projectName()
        + " (a member credential until " + e.expiresAt() + ")"));
      return e.projectName();
    }
  }
}
