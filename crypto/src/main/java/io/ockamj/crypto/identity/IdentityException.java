package io.ockamj.crypto.identity;

import io.ockamj.protocol.errors.OckamException;

import java.util.Objects;

/**
 * Raised when an identity, a purpose-key attestation or a credential cannot be decoded or does not
 * verify. {@link #rule()} names the rule that failed, with the section of the protocol reference
 * that states it, so that callers (and tests) can tell the failures apart without parsing messages.
 * <p>
 * These exceptions describe bad input, not bugs, and carry no stack trace. Messages never contain
 * secret material.
 */
public class IdentityException extends OckamException {

  private static final long serialVersionUID = 1L;

  /**
   * The rules whose violation an {@link IdentityException} reports.
   */
  public enum Rule {
    /** The bytes are not a well-formed encoding of the expected structure (§0.3, §5.2, §5.9, §6.1). */
    MALFORMED("0.3", "malformed encoding"),
    /** The input is larger than the decoder accepts. */
    TOO_LARGE("0.3", "input over its size limit"),
    /** {@code VersionedData.version} is not 1 (§5.6 rule 1, §5.9 rule 1, §6.3 rule 5). */
    UNSUPPORTED_VERSION("5.6.1", "VersionedData version is not 1"),
    /** {@code VersionedData.data_type} is not the one expected: 1 change, 2 attestation, 3 credential. */
    WRONG_DATA_TYPE("5.6.1", "VersionedData data_type is not the expected one"),
    /** A change history must hold at least one change (§5.2). */
    EMPTY_HISTORY("5.2", "change history has no change"),
    /** The first change must not name a previous change (§5.6 rule 2). */
    FIRST_CHANGE_HAS_PREVIOUS("5.6.2", "first change has a previous_change"),
    /** A change after the first must name the previous change (§5.6 rule 2). */
    PREVIOUS_CHANGE_MISSING("5.6.2", "previous_change missing"),
    /** {@code previous_change} is not the hash of the change before (§5.6 rule 2). */
    PREVIOUS_CHANGE_MISMATCH("5.6.2", "previous_change is not the hash of the previous change"),
    /** {@code attestations_valid_from} went backwards (§5.6 rule 2). */
    VALIDITY_START_DECREASED("5.6.2", "attestations_valid_from is earlier than the previous change's"),
    /** A change's signature does not verify with its own primary key (§5.6 rule 3). */
    SIGNATURE_INVALID("5.6.3", "change signature does not verify with the change's key"),
    /** A change after the first has no {@code previous_signature} (§5.6 rule 3). */
    PREVIOUS_SIGNATURE_MISSING("5.6.3", "previous_signature missing"),
    /** {@code previous_signature} does not verify with the previous change's key (§5.6 rule 3). */
    PREVIOUS_SIGNATURE_INVALID("5.6.3", "previous_signature does not verify with the previous key"),
    /** The history's identifier is not the one expected (§5.3). */
    IDENTIFIER_MISMATCH("5.3", "identifier is not the expected one"),
    /** Two histories of one identifier disagree on a change (§5.7). */
    HISTORY_CONFLICT("5.7", "change histories conflict"),
    /** A received history is older than the one already known (§5.7). */
    HISTORY_OLDER("5.7", "change history is older than the known one"),
    /** The attestation's subject is not the expected one (§5.9 rule 2). */
    ATTESTATION_SUBJECT_MISMATCH("5.9.2", "attestation subject is not the expected identity"),
    /** The attestation's subject is not the identity given to verify it (§5.9 rule 3). */
    ATTESTATION_SUBJECT_UNKNOWN("5.9.3", "attestation subject is not a known identity"),
    /** The attestation does not name the subject's latest change (§5.9 rule 4, §5.8). */
    ATTESTATION_NOT_LATEST_CHANGE("5.9.4", "attestation does not reference the subject's latest change"),
    /** The attestation's window is not inside the latest change's attestation window (§5.9 rule 5). */
    ATTESTATION_OUTSIDE_IDENTITY_VALIDITY("5.9.5", "attestation window outside the identity's attestation window"),
    /** The attestation was created more than 60 s in the future (§5.9 rule 6). */
    ATTESTATION_CREATED_IN_FUTURE("5.9.6", "attestation created in the future"),
    /** The attestation has expired (§5.9 rule 6). */
    ATTESTATION_EXPIRED("5.9.6", "attestation expired"),
    /** The attestation's signature does not verify with the subject's latest key (§5.9 rule 7). */
    ATTESTATION_SIGNATURE_INVALID("5.9.7", "attestation signature does not verify with the subject's key"),
    /** The credential's issuer is not one of the accepted authorities (§6.3 rule 2). */
    UNKNOWN_AUTHORITY("6.3.2", "issuer is not an accepted authority"),
    /** The purpose key has the wrong purpose for its use (§6.3 rule 3). */
    WRONG_PURPOSE("6.3.3", "purpose key has the wrong purpose"),
    /** The credential's signature does not verify with the attested purpose key (§6.3 rule 4). */
    CREDENTIAL_SIGNATURE_INVALID("6.3.4", "credential signature does not verify with the issuer's purpose key"),
    /** The credential has no subject (§6.3 rule 6). */
    CREDENTIAL_SUBJECT_MISSING("6.3.6", "credential has no subject"),
    /** The credential's subject is not the expected one (§6.3 rule 6). */
    CREDENTIAL_SUBJECT_MISMATCH("6.3.6", "credential subject is not the expected identity"),
    /** The credential's window is not inside the purpose key's window (§6.3 rule 7). */
    CREDENTIAL_OUTSIDE_ATTESTATION_VALIDITY("6.3.7", "credential window outside the purpose key's window"),
    /** The credential was created more than 60 s in the future (§6.3 rule 7). */
    CREDENTIAL_CREATED_IN_FUTURE("6.3.7", "credential created in the future"),
    /** The credential has expired (§6.3 rule 7). */
    CREDENTIAL_EXPIRED("6.3.7", "credential expired"),
    /** A revocation notice's signature does not verify with the authority's purpose key (ours, no Rust counterpart). */
    REVOCATION_SIGNATURE_INVALID("ours", "revocation notice signature does not verify with the authority's purpose key");

    private final String section;
    private final String description;

    Rule(String section, String description) {
      this.section = section;
      this.description = description;
    }

    /**
     * @return the section (and rule number) of the protocol reference, for example {@code 5.6.2}
     */
    public String section() {
      return section;
    }

    /**
     * @return a short English description of the rule
     */
    public String description() {
      return description;
    }
  }

  /** The rule that was broken. */
  private final Rule rule;

  /**
   * Creates a failure for a rule.
   *
   * @param rule the rule that failed
   * @param detail what exactly was wrong (never key bytes)
   */
  public IdentityException(Rule rule, String detail) {
    this(rule, detail, null);
  }

  /**
   * Creates a failure for a rule with a cause.
   *
   * @param rule the rule that failed
   * @param detail what exactly was wrong (never key bytes)
   * @param cause the underlying failure, may be {@code null}
   */
  public IdentityException(Rule rule, String detail, Throwable cause) {
    super("[" + Objects.requireNonNull(rule, "rule").section() + " " + rule.name() + "] " + rule.description()
      + (detail == null || detail.isEmpty() ? "" : ": " + detail), cause, false);
    this.rule = rule;
  }

  /**
   * @return the rule that failed
   */
  public Rule rule() {
    return rule;
  }
}
