package io.ockamj.verticles.credentials;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.store.IdentityAttributesRecord;
import io.ockamj.store.IdentityAttributesRepository;
import io.ockamj.verticles.authority.AuthorityMessages;
import io.ockamj.verticles.channel.CredentialListener;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the verified credentials of channel peers say (§6.3 {@code receive_presented_credential}):
 * the attributes of each identifier, until the credential expires. A {@link CredentialListener} for
 * {@link io.ockamj.verticles.channel.SecureChannelOptions#setCredentialListener}; entries are kept
 * in memory for policy decisions and written to the store's {@link IdentityAttributesRepository}
 * (asynchronously; a failed write is logged).
 * <p>
 * Policies read {@link #attributesOf(Identifier)}; {@link #hasCredential(Identifier)} is the
 * {@code subject.has_credential} of ABAC (§7.4).
 */
public final class PeerAttributes implements CredentialListener {

  private static final System.Logger LOG = System.getLogger(PeerAttributes.class.getName());

  private record Entry(Map<String, String> attributes, long createdAt, long expiresAt, Identifier issuer) {
  }

  private final Map<Identifier, Entry> entries = new ConcurrentHashMap<>();
  private final IdentityAttributesRepository repository;
  private final Clock clock;

  /**
   * @param repository where entries are also stored, or {@code null} for memory only
   * @param clock the clock deciding expiry
   */
  public PeerAttributes(IdentityAttributesRepository repository, Clock clock) {
    this.repository = repository;
    this.clock = clock;
  }

  @Override
  public void verified(Identifier peer, VerifiedCredential credential) {
    Map<String, String> attrs = credential.attributes().toStringMap();
    entries.put(peer, new Entry(Map.copyOf(attrs), credential.createdAt(), credential.expiresAt(), credential.issuer()));
    if (repository != null) {
      repository.store(new IdentityAttributesRecord(peer.toString(), AuthorityMessages.encodeStoredAttributes(attrs),
          Instant.ofEpochSecond(clock.instant().getEpochSecond()), Instant.ofEpochSecond(credential.expiresAt()),
          credential.issuer().toString()))
        .onFailure(err -> LOG.log(System.Logger.Level.WARNING, "could not store the attributes of " + peer + ": " + err));
    }
  }

  /**
   * Forgets what a revoked credential attested, in memory and in the store: the peer's attributes
   * no longer count in policy decisions, until it presents a credential the issuer created after the
   * revocation. The stored entry is deleted asynchronously (a failure is logged).
   *
   * @param peer the revoked subject
   * @param issuer the authority that revoked it
   * @param revokedAt credentials it created at or before this moment (seconds since the epoch) no longer count
   * @return whether attributes were forgotten
   */
  public boolean forget(Identifier peer, Identifier issuer, long revokedAt) {
    boolean[] removed = {false};
    entries.computeIfPresent(peer, (k, e) -> {
      if (e.issuer().equals(issuer) && e.createdAt() <= revokedAt) {
        removed[0] = true;
        return null;
      }
      return e;
    });
    if (repository != null) {
      // the stored copy counts in policies too (SubjectAttributes): it goes if that issuer attested it before
      repository.get(peer.toString())
        .compose(r -> r.isPresent() && issuer.toString().equals(r.get().attestedBy())
            && r.get().added().getEpochSecond() <= revokedAt
          ? repository.delete(peer.toString()).mapEmpty() : io.vertx.core.Future.<Void>succeededFuture())
        .onFailure(err -> LOG.log(System.Logger.Level.WARNING, "could not forget the stored attributes of " + peer + ": " + err));
    }
    return removed[0];
  }

  /**
   * @param identifier a peer
   * @return the attributes its valid credential attests, empty if it has none (or it expired)
   */
  public Map<String, String> attributesOf(Identifier identifier) {
    return entry(identifier).map(Entry::attributes).orElse(Map.of());
  }

  /**
   * @param identifier a peer
   * @return whether it presented a credential that verified and has not expired
   */
  public boolean hasCredential(Identifier identifier) {
    return entry(identifier).isPresent();
  }

  /**
   * @param identifier a peer
   * @return the issuer of its valid credential
   */
  public Optional<Identifier> attestedBy(Identifier identifier) {
    return entry(identifier).map(Entry::issuer);
  }

  private Optional<Entry> entry(Identifier identifier) {
    Entry e = entries.get(identifier);
    if (e == null) {
      return Optional.empty();
    }
    if (e.expiresAt() <= clock.instant().getEpochSecond()) {
      entries.remove(identifier, e);
      return Optional.empty();
    }
    return Optional.of(e);
  }
}
