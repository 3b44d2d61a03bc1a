package io.ockamj.verticles.policy;

import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.policy.Expr;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.store.IdentityAttributesRecord;
import io.ockamj.store.IdentityAttributesRepository;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The environment of a policy check for one subject (protocol reference §7.4): {@code subject.identifier}
 * always; {@code subject.has_credential} when the node has authorities (true if a credential of the
 * subject from one of them verified in a handshake, or is stored and unexpired); {@code subject.KEY}
 * for each UTF-8 attribute of those credentials and of the node's
 * {@link IdentityAttributesRepository} entry for the subject. Without authorities, every unexpired
 * stored entry counts (an operator put it there). Attributes named {@code identifier} or
 * {@code has_credential} are skipped (Rust lets them overwrite the built-in ones).
 */
public final class SubjectAttributes {

  /** The key prefix of subject attributes. */
  public static final String SUBJECT = "subject.";

  private final IdentityAttributesRepository stored;
  private final SecureChannels channels;
  private final Set<String> authorities;
  private final Clock clock;

  /**
   * @param stored the node's attribute store, or {@code null}
   * @param channels the node's secure channels (credentials verified in handshakes), or {@code null}
   * @param authorities the identifiers of the node's authorities (empty: none)
   * @param clock the clock for expiry
   */
  public SubjectAttributes(IdentityAttributesRepository stored, SecureChannels channels, Set<String> authorities, Clock clock) {
    this.stored = stored;
    this.channels = channels;
    this.authorities = Set.copyOf(authorities);
    this.clock = clock;
  }

  /** @return whether the node has authorities (and hence {@code subject.has_credential}) */
  public boolean hasAuthorities() {
    return !authorities.isEmpty();
  }

  /**
   * @param identifier the subject's identifier
   * @return the environment, with {@code resource.*} and {@code action.*} left to the caller
   */
  public Future<Map<String, Expr>> environment(String identifier) {
    Future<Optional<IdentityAttributesRecord>> record = stored == null ? Future.succeededFuture(Optional.empty())
      : stored.get(identifier).otherwise(Optional.empty());
    return record.map(r -> build(identifier, r.orElse(null)));
  }

  private Map<String, Expr> build(String identifier, IdentityAttributesRecord r) {
    Map<String, Expr> env = new LinkedHashMap<>();
    env.put(SUBJECT + "identifier", new Expr.Str(identifier));
    boolean credential = false;
    long now = clock.instant().getEpochSecond();
    if (r != null && !r.isExpiredAt(clock.instant())
        && (authorities.isEmpty() || (r.attestedBy() != null && authorities.contains(r.attestedBy())))) {
      credential = !authorities.isEmpty();
      decode(r.attributes()).forEach((k, v) -> put(env, k, v));
    }
    if (channels != null && !authorities.isEmpty()) {
      for (VerifiedCredential c : channels.verifiedCredentials(identifier)) {
        if (c.expiresAt() > now && authorities.contains(c.issuer().toString())) {
          credential = true;
          for (var e : c.attributes().entries()) {
            String k = utf8(e.getKey());
            String v = utf8(e.getValue());
            if (k != null && v != null) {
              put(env, k, v);
            }
          }
        }
      }
    }
    if (!authorities.isEmpty()) {
      env.put(SUBJECT + "has_credential", new Expr.Bool(credential));
    }
    return env;
  }

  private static void put(Map<String, Expr> env, String key, String value) {
    if (key.equals("identifier") || key.equals("has_credential")) {
      return;
    }
    env.put(SUBJECT + key, new Expr.Str(value));
  }

  /**
   * Decodes stored attributes: a CBOR map of byte strings (or Rust's {@code [schema, map]}),
   * skipping entries that are not UTF-8. Malformed bytes give no attributes.
   */
  static Map<String, String> decode(byte[] bytes) {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      CborReader r = new CborReader(bytes, 0, bytes.length, 4096);
      if (r.peekMajor() == CborReader.ARRAY) {
        r.readArrayHeader();
        r.readU64();
      }
      int n = r.readMapHeader();
      for (int i = 0; n < 0 ? !r.peekBreak() : i < n; i++) {
        String k = r.peekMajor() == CborReader.TEXT ? r.readText(1024) : utf8(r.readBytes(1024));
        String v = r.peekMajor() == CborReader.TEXT ? r.readText(4096) : utf8(r.readBytes(4096));
        if (k != null && v != null) {
          out.put(k, v);
        }
      }
    } catch (DecodeException e) {
      return Map.of();
    }
    return out;
  }

  private static String utf8(byte[] b) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
