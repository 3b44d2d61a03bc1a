package io.ockamj.verticles.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.Change;
import io.ockamj.crypto.identity.ChangeHash;
import io.ockamj.crypto.identity.ChangeHistory;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Credentials;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identities;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.IdentityException;
import io.ockamj.crypto.identity.Purpose;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeyAttestation;
import io.ockamj.crypto.identity.PurposeKeys;
import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.store.IdentityRecord;
import io.ockamj.store.Store;
import io.ockamj.store.StoreException;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@link IdentityManager} on a {@link Store}, with short-lived {@link SoftwareVault}s: secrets are
 * read from the store into a vault for one operation and wiped afterwards, except the vault handed
 * out in a {@link LocalIdentity}, which its receiver destroys.
 */
final class IdentityManagerImpl implements IdentityManager {

  private static final System.Logger LOG = System.getLogger(IdentityManagerImpl.class.getName());

  private final Vertx vertx;
  private final Store store;
  private final Clock clock;
  private final VerifyingVault verifier = VerifyingVault.software();

  // writes are chained on this future so that one manager never interleaves them
  private final Object lock = new Object();
  private Future<?> tail = Future.succeededFuture();

  private IdentityManagerImpl(Vertx vertx, Store store, Clock clock) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Creates a manager.
   *
   * @param vertx the Vert.x instance
   * @param store the store
   * @param clock the clock
   * @return a future with the manager
   */
  public static Future<IdentityManager> open(Vertx vertx, Store store, Clock clock) {
    try {
      return Future.succeededFuture(new IdentityManagerImpl(vertx, store, clock));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Store store() {
    return store;
  }

  // ---- reads

  @Override
  public Future<Optional<NamedIdentity>> get(String name) {
    return store.identities().getByName(Objects.requireNonNull(name, "name")).compose(this::toNamed);
  }

  @Override
  public Future<Optional<NamedIdentity>> get(Identifier identifier) {
    return store.identities().get(identifier.toString()).compose(this::toNamed);
  }

  @Override
  public Future<List<NamedIdentity>> list() {
    return store.identities().list().compose(records -> {
      List<IdentityRecord> named = records.stream().filter(r -> r.name() != null).toList();
      if (named.isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      return blocking(() -> {
        List<NamedIdentity> out = new ArrayList<>(named.size());
        for (IdentityRecord r : named) {
          out.add(toNamed(r));
        }
        return out;
      });
    });
  }

  @Override
  public Future<Optional<NamedIdentity>> getDefault() {
    return store.identities().getDefault().compose(this::toNamed);
  }

  // ---- writes

  @Override
  public Future<NamedIdentity> create(String name) {
    try {
      checkName(name);
    } catch (IdentityManagerException e) {
      return Future.failedFuture(e);
    }
    return exclusive(() -> createNow(name));
  }

  @Override
  public Future<NamedIdentity> getOrCreateDefault() {
    return exclusive(() -> getDefault().compose(current -> {
      if (current.isPresent()) {
        return Future.succeededFuture(current.get());
      }
      return get(DEFAULT_IDENTITY_NAME).compose(existing -> existing.isPresent()
        ? setDefaultNow(DEFAULT_IDENTITY_NAME)
        : createNow(DEFAULT_IDENTITY_NAME));
    }));
  }

  @Override
  public Future<NamedIdentity> setDefault(String name) {
    return exclusive(() -> setDefaultNow(name));
  }

  @Override
  public Future<NamedIdentity> rotate(String name) {
    return exclusive(() -> rotateNow(name));
  }

  @Override
  public Future<Boolean> delete(String name) {
    return exclusive(() -> deleteNow(name));
  }

  @Override
  public Future<LocalIdentity> loadSecureChannelKey(Identity identity) {
    Identifier id = identity.identifier();
    return exclusive(() -> get(id)
      .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
        : Future.<NamedIdentity>failedFuture(new IdentityManagerException(Reason.NOT_FOUND, "no local identity " + id)))
      .compose(this::localIdentity));
  }

  @Override
  public Future<LocalIdentity> loadSecureChannelKey(String name) {
    return exclusive(() -> requireNamed(name).compose(this::localIdentity));
  }

  @Override
  public Future<CredentialAndPurposeKey> issueCredential(String issuerName, Identifier subject, Attributes attributes,
                                                         Duration ttl) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(attributes, "attributes");
    if (ttl == null || ttl.getSeconds() <= 0) {
      return Future.failedFuture(new IllegalArgumentException("the credential lifetime must be at least one second"));
    }
    return exclusive(() -> requireNamed(issuerName)
      .compose(issuer -> purposeKey(issuer.identity(), Purpose.CREDENTIALS))
      .compose(loaded -> store.identities().get(subject.toString())
        .compose(known -> blocking(() -> {
          ChangeHash latest = known.isPresent()
            ? Identity.importFrom(subject, known.get().changeHistory()).latestChangeHash()
            : null;
          long now = clock.instant().getEpochSecond();
          long expires = Math.min(now + ttl.getSeconds(), loaded.key().expiresAt());
          return Credentials.create(loaded.vault(), verifier, clock)
            .issue(loaded.key(), subject, latest, attributes, now, expires);
        }))
        .andThen(ar -> loaded.vault().destroy())));
  }

  // ---- implementation of the writes, called inside exclusive()

  private Future<NamedIdentity> createNow(String name) {
    return store.identities().getByName(name).compose(existing -> {
      if (existing.isPresent()) {
        return Future.failedFuture(alreadyExists(name));
      }
      return blocking(this::newIdentity).compose(created -> {
        String id = created.identity().identifier().toString();
        return saveKey(created.key())
          .compose(v -> store.identities().store(id, name, created.identity().export()))
          .recover(err -> deleteKey(created.key().keyId())
            .transform(ignored -> Future.<Void>failedFuture(isConstraint(err) ? alreadyExists(name) : err)))
          .andThen(ar -> created.key().wipe())
          .compose(v -> store.identities().getDefault())
          .compose(d -> d.isPresent() ? Future.succeededFuture(false) : store.identities().setDefault(id))
          .compose(v -> requireNamed(name))
          .onSuccess(n -> LOG.log(System.Logger.Level.DEBUG, "created identity {0} named {1}", id, name));
      });
    });
  }

  private Created newIdentity() {
    SoftwareVault vault = SoftwareVault.create();
    try {
      Identity identity = Identities.create(vault, verifier, clock).createIdentity();
      return new Created(identity, KeyMaterial.export(vault, KeyId.of(identity.primaryPublicKey())));
    } finally {
      vault.destroy();
    }
  }

  private Future<NamedIdentity> setDefaultNow(String name) {
    return requireNamed(name)
      .compose(n -> store.identities().setDefault(n.identifier().toString()))
      .compose(ok -> requireNamed(name));
  }

  private Future<NamedIdentity> rotateNow(String name) {
    return requireNamed(name).compose(named -> {
      Identity identity = named.identity();
      String id = identity.identifier().toString();
      KeyId oldKey = KeyId.of(identity.primaryPublicKey());
      return requireKey(oldKey, identity)
        .compose(primary -> blocking(() -> rotateBlocking(identity, primary)).andThen(ar -> primary.wipe()))
        .compose(rotated -> saveKey(rotated.key())
          .compose(v -> store.identities().update(id, rotated.identity().export()))
          .compose(updated -> updated ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(new IdentityManagerException(Reason.NOT_FOUND, "identity '" + name + "' was deleted")))
          .recover(err -> deleteKey(rotated.key().keyId()).transform(ignored -> Future.<Void>failedFuture(err)))
          .andThen(ar -> rotated.key().wipe())
          .compose(v -> dropPurposeKeys(id))
          .compose(v -> rotated.key().keyId().equals(oldKey) ? Future.<Void>succeededFuture() : deleteKey(oldKey).<Void>mapEmpty()))
        .compose(v -> requireNamed(name))
        .onSuccess(n -> LOG.log(System.Logger.Level.DEBUG, "rotated identity {0} to change {1}", id,
          n.identity().changeHistory().size()));
    });
  }

  private Created rotateBlocking(Identity identity, KeyMaterial primary) {
    SoftwareVault vault = SoftwareVault.create();
    try {
      vault.importSecret(primary.keyId().type(), primary.secret());
      Identity rotated = Identities.create(vault, verifier, clock).rotate(identity);
      return new Created(rotated, KeyMaterial.export(vault, KeyId.of(rotated.primaryPublicKey())));
    } finally {
      primary.wipe();
      vault.destroy();
    }
  }

  private Future<Boolean> deleteNow(String name) {
    return store.identities().getByName(Objects.requireNonNull(name, "name")).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(false);
      }
      IdentityRecord r = found.get();
      Future<Void> keys = Future.succeededFuture();
      // every primary key of the history: older ones are normally gone, unless a rotation was interrupted
      for (KeyId key : primaryKeys(r.changeHistory())) {
        keys = keys.compose(v -> deleteKey(key).mapEmpty());
      }
      return keys
        .compose(v -> dropPurposeKeys(r.identifier()))
        .compose(v -> store.identities().delete(r.identifier()))
        .compose(deleted -> r.isDefault() ? promoteOldest() : Future.<Void>succeededFuture())
        .map(true)
        .onSuccess(v -> LOG.log(System.Logger.Level.DEBUG, "deleted identity {0} named {1}", r.identifier(), name));
    });
  }

  private static Set<KeyId> primaryKeys(byte[] changeHistory) {
    Set<KeyId> out = new LinkedHashSet<>();
    try {
      for (Change c : ChangeHistory.decode(changeHistory).changes()) {
        out.add(KeyId.of(c.primaryPublicKey()));
      }
    } catch (IdentityException e) {
      // an undecodable history has no key we can name; the identity row is deleted anyway
    }
    return out;
  }

  private Future<Void> promoteOldest() {
    return store.identities().list().compose(all -> {
      for (IdentityRecord r : all) {
        if (r.name() != null) {
          return store.identities().setDefault(r.identifier()).mapEmpty();
        }
      }
      return Future.succeededFuture();
    });
  }

  // ---- purpose keys

  private Future<LocalIdentity> localIdentity(NamedIdentity named) {
    return purposeKey(named.identity(), Purpose.SECURE_CHANNEL)
      .map(loaded -> new LocalIdentity(named.identity(), loaded.vault(), loaded.key()));
  }

  /** A vault holding an identity's primary key and one of its purpose keys, and that purpose key. */
  private record Loaded(SoftwareVault vault, PurposeKey key) {
  }

  /** The outcome of the blocking part of {@link #purposeKey}. */
  private record Outcome(SoftwareVault vault, PurposeKey key, KeyMaterial fresh, PurposeKey replaced) {
  }

  /**
   * Gets the usable purpose key of an identity, or creates, attests and stores a new one (Rust's
   * get_or_create_purpose_key), in a new vault that also holds the primary key.
   */
  private Future<Loaded> purposeKey(Identity identity, Purpose purpose) {
    String id = identity.identifier().toString();
    return requireKey(KeyId.of(identity.primaryPublicKey()), identity)
      .compose(primary -> store.purposeKeys().get(id, purpose.storageName())
        .compose(stored -> {
          PurposeKey known = stored.map(bytes -> decodePurposeKey(bytes, purpose)).orElse(null);
          Future<Optional<KeyMaterial>> secret = known == null
            ? Future.succeededFuture(Optional.empty())
            : loadKey(known.keyId());
          return secret.compose(s -> blocking(() -> usableOrNew(identity, purpose, primary, known, s.orElse(null)))
            .andThen(ar -> s.ifPresent(KeyMaterial::wipe)));
        })
        .andThen(ar -> primary.wipe()))
      .compose(outcome -> {
        if (outcome.fresh() == null) {
          return Future.succeededFuture(new Loaded(outcome.vault(), outcome.key()));
        }
        PurposeKey fresh = outcome.key();
        PurposeKey replaced = outcome.replaced();
        return saveKey(outcome.fresh())
          .compose(v -> store.purposeKeys().store(id, purpose.storageName(), fresh.attestation().bytes()))
          .compose(v -> replaced == null || replaced.keyId().equals(fresh.keyId()) ? Future.<Void>succeededFuture()
            : deleteKey(replaced.keyId()).<Void>mapEmpty())
          .andThen(ar -> outcome.fresh().wipe())
          .onFailure(err -> outcome.vault().destroy())
          .map(v -> {
            LOG.log(System.Logger.Level.DEBUG, "new {0} purpose key for {1}, expires at {2}", purpose.storageName(), id,
              fresh.expiresAt());
            return new Loaded(outcome.vault(), fresh);
          });
      });
  }

  private static PurposeKey decodePurposeKey(byte[] attestation, Purpose purpose) {
    try {
      PurposeKey key = PurposeKey.of(PurposeKeyAttestation.decode(attestation));
      return key.purpose() == purpose ? key : null;
    } catch (RuntimeException e) {
      // a malformed stored attestation is replaced like an expired one
      return null;
    }
  }

  // blocking: reuse the stored key if it still verifies, else make a new one
  private Outcome usableOrNew(Identity identity, Purpose purpose, KeyMaterial primary, PurposeKey stored,
                              KeyMaterial storedSecret) {
    SoftwareVault vault = SoftwareVault.create();
    try {
      vault.importSecret(primary.keyId().type(), primary.secret());
      PurposeKeys keys = PurposeKeys.create(vault, vault, vault, verifier, clock);
      if (stored != null && storedSecret != null) {
        vault.importSecret(storedSecret.keyId().type(), storedSecret.secret());
        if (keys.isUsable(stored, identity)) {
          return new Outcome(vault, stored, null, null);
        }
        keys.delete(stored);
      }
      long now = clock.instant().getEpochSecond();
      long until = identity.latestChange().changeData().attestationsValidUntil();
      if (now >= until) {
        throw new IdentityManagerException(Reason.IDENTITY_EXPIRED, "identity " + identity.identifier()
          + " can no longer attest keys (attestations valid until " + until + "); rotate it");
      }
      long expires = Math.min(now + PURPOSE_KEY_TTL.getSeconds(), until);
      PurposeKey fresh = purpose == Purpose.SECURE_CHANNEL
        ? keys.createSecureChannelKey(identity, now, expires)
        : keys.createCredentialKey(identity, KeyType.ED25519, now, expires);
      return new Outcome(vault, fresh, KeyMaterial.export(vault, fresh.keyId()), stored);
    } catch (RuntimeException e) {
      vault.destroy();
      throw e;
    } finally {
      primary.wipe();
      if (storedSecret != null) {
        storedSecret.wipe();
      }
    }
  }

  private Future<Void> dropPurposeKeys(String identifier) {
    return store.purposeKeys().getAll(identifier).compose(all -> {
      Future<Void> f = Future.succeededFuture();
      for (Map.Entry<String, byte[]> e : all.entrySet()) {
        PurposeKey key = decodePurposeKey(e.getValue(), Purpose.fromStorageName(e.getKey()));
        f = f.compose(v -> key == null ? Future.<Void>succeededFuture() : deleteKey(key.keyId()).<Void>mapEmpty())
          .compose(v -> store.purposeKeys().delete(identifier, e.getKey()).mapEmpty());
      }
      return f;
    });
  }

  // ---- secrets in the store

  /** A secret key on its way to or from the store; wiped once used. */
  private record KeyMaterial(KeyId keyId, byte[] secret) {

    static KeyMaterial export(SoftwareVault vault, KeyId keyId) {
      try (SecretBytes s = vault.exportSecret(keyId)) {
        return new KeyMaterial(keyId, s.copy());
      }
    }

    void wipe() {
      SecretBytes.wipe(secret);
    }

    @Override
    public String toString() {
      return "KeyMaterial[" + keyId + "]";
    }
  }

  /** A new or rotated identity and the secret of its new primary key. */
  private record Created(Identity identity, KeyMaterial key) {
  }

  private Future<Void> saveKey(KeyMaterial key) {
    return store.vaultKeys().store(key.keyId().bytes(), key.keyId().type().ockamName(), key.secret());
  }

  private Future<Optional<KeyMaterial>> loadKey(KeyId keyId) {
    return store.vaultKeys().get(keyId.bytes(), keyId.type().ockamName())
      .map(secret -> secret.map(s -> new KeyMaterial(keyId, s)));
  }

  private Future<KeyMaterial> requireKey(KeyId keyId, Identity identity) {
    return loadKey(keyId).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
      : Future.failedFuture(new IdentityManagerException(Reason.KEY_MISSING,
        "the secret of the primary key of " + identity.identifier() + " is not in the store")));
  }

  private Future<Boolean> deleteKey(KeyId keyId) {
    return store.vaultKeys().delete(keyId.bytes(), keyId.type().ockamName());
  }

  // ---- helpers

  private Future<NamedIdentity> requireNamed(String name) {
    return get(name).compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
      : Future.failedFuture(new IdentityManagerException(Reason.NOT_FOUND, "no identity named '" + name + "'")));
  }

  private Future<Optional<NamedIdentity>> toNamed(Optional<IdentityRecord> record) {
    if (record.isEmpty() || record.get().name() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return blocking(() -> Optional.of(toNamed(record.get())));
  }

  // blocking: verifies the stored history (signature checks)
  private static NamedIdentity toNamed(IdentityRecord r) {
    Identity identity = Identity.importFrom(Identifier.parse(r.identifier()), r.changeHistory());
    return new NamedIdentity(r.name(), identity, r.isDefault(), r.createdAt());
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return io.ockamj.node.spi.CryptoWorkers.of(vertx).run(work);
  }

  /** Runs write operations one after the other, whatever the outcome of the previous one. */
  private <T> Future<T> exclusive(Supplier<Future<T>> op) {
    Promise<T> done = Promise.promise();
    Future<?> previous;
    synchronized (lock) {
      previous = tail;
      tail = done.future();
    }
    previous.onComplete(ignored -> {
      Future<T> f;
      try {
        f = op.get();
      } catch (RuntimeException e) {
        f = Future.failedFuture(e);
      }
      f.onComplete(ar -> {
        if (ar.succeeded()) {
          done.complete(ar.result());
        } else {
          done.fail(ar.cause());
        }
      });
    });
    return done.future();
  }

  private static void checkName(String name) {
    if (name == null || name.isBlank()) {
      throw new IdentityManagerException(Reason.INVALID_NAME, "an identity name must not be empty");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IdentityManagerException(Reason.INVALID_NAME, "an identity name is at most " + MAX_NAME_LENGTH
        + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw new IdentityManagerException(Reason.INVALID_NAME, "an identity name must not contain control characters");
    }
  }

  private static boolean isConstraint(Throwable err) {
    return err instanceof StoreException && ((StoreException) err).reason() == StoreException.Reason.CONSTRAINT;
  }

  private static IdentityManagerException alreadyExists(String name) {
    return new IdentityManagerException(Reason.ALREADY_EXISTS, "an identity named '" + name + "' already exists");
  }
}
