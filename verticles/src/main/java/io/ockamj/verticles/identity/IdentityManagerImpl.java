package io.ockamj.verticles.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.ChangeHash;
import io.ockamj.crypto.identity.ChangeOptions;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Credentials;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identities;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.Purpose;
import io.ockamj.store.IdentityRecord;
import io.ockamj.store.Store;
import io.ockamj.store.StoreException;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@link IdentityManager} on a {@link Store} and its named vaults: each identity's keys are created,
 * used and deleted in the vault it was created in (which persists them itself), and the manager
 * never sees a secret.
 */
final class IdentityManagerImpl implements IdentityManager {

  private static final System.Logger LOG = System.getLogger(IdentityManagerImpl.class.getName());

  private final Store store;
  private final Clock clock;
  private final VaultManagerImpl vaults;
  private final VerifyingVault verifier = VerifyingVault.software();

  private final IdentityVaults identityVaults;
  private final IdentityPurposeKeys purposeKeys;
  // writes are chained so that one manager never interleaves them
  private final SerialWrites writes = new SerialWrites();

  private IdentityManagerImpl(Vertx vertx, Store store, Clock clock) {
    Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.vaults = new VaultManagerImpl(vertx, store, System::getenv);
    this.identityVaults = new IdentityVaults(vaults);
    this.purposeKeys = new IdentityPurposeKeys(store, clock, verifier, identityVaults);
  }

  /**
   * Creates a manager.
   *
   * @param vertx the Vert.x instance
   * @param store the store
   * @param clock the clock
   * @return a future with the manager
   */
  static Future<IdentityManager> open(Vertx vertx, Store store, Clock clock) {
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

  @Override
  public VaultManager vaults() {
    return vaults;
  }

  @Override
  public Future<Void> close() {
    return vaults.close();
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
      return identityVaults.blocking(() -> {
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
    return create(name, null);
  }

  @Override
  public Future<NamedIdentity> create(String name, String vaultName) {
    return create(name, vaultName, null);
  }

  @Override
  public Future<NamedIdentity> create(String name, String vaultName, String keyId) {
    try {
      checkName(name);
    } catch (IdentityManagerException e) {
      return Future.failedFuture(e);
    }
    return writes.run(() -> createNow(name, vaultName, keyId));
  }

  @Override
  public Future<NamedIdentity> importIdentity(String name, byte[] changeHistory, String vaultName) {
    try {
      checkName(name);
    } catch (IdentityManagerException e) {
      return Future.failedFuture(e);
    }
    return writes.run(() -> store.identities().getByName(name).compose(existing -> {
      if (existing.isPresent()) {
        return Future.failedFuture(alreadyExists(name));
      }
      return identityVaults.blocking(() -> Identity.importFrom(changeHistory))
        .compose(identity -> (vaultName == null ? vaults.getOrCreateDefault() : vaults.getOrCreate(vaultName))
          .compose(record -> store.identities().store(identity.identifier().toString(), name, identity.export(), record.name())
            .recover(err -> Future.failedFuture(isConstraint(err) ? alreadyExists(name) : err)))
          .compose(v -> store.identities().getDefault())
          .compose(d -> d.isPresent() ? Future.succeededFuture(false) : store.identities().setDefault(identity.identifier().toString()))
          .compose(v -> requireNamed(name)));
    }));
  }

  @Override
  public Future<NamedIdentity> getOrCreateDefault() {
    return writes.run(() -> getDefault().compose(current -> {
      if (current.isPresent()) {
        return Future.succeededFuture(current.get());
      }
      return get(DEFAULT_IDENTITY_NAME).compose(existing -> existing.isPresent()
        ? setDefaultNow(DEFAULT_IDENTITY_NAME)
        : createNow(DEFAULT_IDENTITY_NAME, null, null)
          // another process (two nodes created at once on a fresh home) made it first: use it
          .recover(err -> get(DEFAULT_IDENTITY_NAME).compose(made -> made.isPresent()
            ? getDefault().compose(d -> d.isPresent() ? Future.succeededFuture(d.get()) : setDefaultNow(DEFAULT_IDENTITY_NAME))
            : Future.failedFuture(err))));
    }));
  }

  @Override
  public Future<NamedIdentity> setDefault(String name) {
    return writes.run(() -> setDefaultNow(name));
  }

  @Override
  public Future<NamedIdentity> rotate(String name) {
    return writes.run(() -> rotateNow(name));
  }

  @Override
  public Future<Boolean> delete(String name) {
    return writes.run(() -> deleteNow(name));
  }

  @Override
  public Future<LocalIdentity> loadSecureChannelKey(Identity identity) {
    Identifier id = identity.identifier();
    return writes.run(() -> get(id)
      .compose(found -> found.isPresent() ? Future.succeededFuture(found.get())
        : Future.<NamedIdentity>failedFuture(new IdentityManagerException(Reason.NOT_FOUND, "no local identity " + id)))
      .compose(this::localIdentity));
  }

  @Override
  public Future<LocalIdentity> loadSecureChannelKey(String name) {
    return writes.run(() -> requireNamed(name).compose(this::localIdentity));
  }

  @Override
  public Future<CredentialAndPurposeKey> issueCredential(String issuerName, Identifier subject, Attributes attributes,
                                                         Duration ttl) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(attributes, "attributes");
    if (ttl == null || ttl.getSeconds() <= 0) {
      return Future.failedFuture(new IllegalArgumentException("the credential lifetime must be at least one second"));
    }
    return writes.run(() -> requireNamed(issuerName)
      .compose(issuer -> identityVaults.of(issuer.vaultName())
        .compose(vault -> purposeKeys.getOrCreate(vault, issuer.identity(), Purpose.CREDENTIALS)
        .compose(key -> store.identities().get(subject.toString())
          .compose(known -> identityVaults.blocking(() -> {
            ChangeHash latest = known.isPresent()
              ? Identity.importFrom(subject, known.get().changeHistory()).latestChangeHash()
              : null;
            long now = clock.instant().getEpochSecond();
            long expires = Math.min(now + ttl.getSeconds(), key.expiresAt());
            return Credentials.create(vault, verifier, clock).issue(key, subject, latest, attributes, now, expires);
          }))))));
  }

  @Override
  public Future<io.ockamj.crypto.identity.RevocationNotice> signRevocation(String issuerName, long seq, Identifier subject,
                                                                          long revokedAt) {
    Objects.requireNonNull(subject, "subject");
    return writes.run(() -> requireNamed(issuerName)
      .compose(issuer -> identityVaults.of(issuer.vaultName())
        .compose(vault -> purposeKeys.getOrCreate(vault, issuer.identity(), Purpose.CREDENTIALS)
        .compose(key -> identityVaults.blocking(() -> io.ockamj.crypto.identity.RevocationNotice.sign(vault, verifier, key, seq, subject,
          revokedAt))))));
  }

  // ---- implementation of the writes, called inside writes.run()

  /** {@code keyId}: an existing key of the vault to use (kept on failure), or {@code null} for a new one. */
  private Future<NamedIdentity> createNow(String name, String vaultName, String keyId) {
    return store.identities().getByName(name).compose(existing -> {
      if (existing.isPresent()) {
        return Future.failedFuture(alreadyExists(name));
      }
      return (vaultName == null ? vaults.getOrCreateDefault() : vaults.getOrCreate(vaultName)).compose(record ->
        vaults.open(record.name()).compose(vault -> identityVaults.blocking(() -> {
          if (keyId != null) {
            KeyId given = vault.findSigningKey(keyId).orElseThrow(() -> new IdentityManagerException(Reason.KEY_MISSING,
              "vault '" + record.name() + "' has no signing key '" + keyId + "'"));
            return Identities.create(vault, verifier, clock).createIdentity(new ChangeOptions().setKeyId(given));
          }
          return Identities.create(vault, verifier, clock).createIdentity(IdentityVaults.preferredType(vault));
        }).compose(identity -> {
          String id = identity.identifier().toString();
          KeyId key = KeyId.of(identity.primaryPublicKey());
          return store.identities().store(id, name, identity.export(), record.name())
            .recover(err -> identityVaults.blocking(() -> keyId == null && vault.deleteSigningKey(key))
              .transform(ignored -> Future.<Void>failedFuture(isConstraint(err) ? alreadyExists(name) : err)))
            .compose(v -> store.identities().getDefault())
            .compose(d -> d.isPresent() ? Future.succeededFuture(false) : store.identities().setDefault(id))
            .compose(v -> requireNamed(name))
            .onSuccess(n -> LOG.log(System.Logger.Level.DEBUG, "created identity {0} named {1} in vault {2} ({3})",
              id, name, record.name(), identity.primaryPublicKey().type().ockamName()));
        })));
    });
  }

  private Future<NamedIdentity> setDefaultNow(String name) {
    return requireNamed(name)
      .compose(n -> store.identities().setDefault(n.identifier().toString()))
      .compose(ok -> requireNamed(name));
  }

  private Future<NamedIdentity> rotateNow(String name) {
    return requireNamed(name).compose(named -> identityVaults.of(named.vaultName()).compose(vault -> {
      Identity identity = named.identity();
      String id = identity.identifier().toString();
      KeyId oldKey = KeyId.of(identity.primaryPublicKey());
      return identityVaults.blocking(() -> {
        IdentityVaults.requirePrimaryKey(vault, identity);
        // the new key has the vault's preferred type; the old one is deleted once the history is stored
        return Identities.create(vault, verifier, clock).rotate(identity,
          new ChangeOptions().setKeyType(IdentityVaults.preferredType(vault)), false);
      }).compose(rotated -> {
        KeyId newKey = KeyId.of(rotated.primaryPublicKey());
        return store.identities().update(id, rotated.export())
          .compose(updated -> updated ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(new IdentityManagerException(Reason.NOT_FOUND, "identity '" + name + "' was deleted")))
          .recover(err -> identityVaults.blocking(() -> vault.deleteSigningKey(newKey))
            .transform(ignored -> Future.<Void>failedFuture(err)))
          .compose(v -> purposeKeys.drop(vault, id))
          .compose(v -> newKey.equals(oldKey) ? Future.<Void>succeededFuture()
            : identityVaults.blocking(() -> vault.deleteSigningKey(oldKey)).<Void>mapEmpty());
      }).compose(v -> requireNamed(name))
        .onSuccess(n -> LOG.log(System.Logger.Level.DEBUG, "rotated identity {0} to change {1}", id,
          n.identity().changeHistory().size()));
    }));
  }

  private Future<Boolean> deleteNow(String name) {
    return store.identities().getByName(Objects.requireNonNull(name, "name")).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(false);
      }
      IdentityRecord r = found.get();
      // every primary key of the history: older ones are normally gone, unless a rotation was interrupted
      Set<KeyId> keys = IdentityVaults.primaryKeys(r.changeHistory());
      Future<Void> deletedKeys = identityVaults.of(r.vaultName())
        .compose(vault -> identityVaults.blocking(() -> {
          for (KeyId key : keys) {
            vault.deleteSigningKey(key);
          }
          return null;
        }).compose(v -> purposeKeys.drop(vault, r.identifier())))
        .recover(err -> {
          // a vault that cannot be opened (a token that is gone) must not keep the identity alive
          LOG.log(System.Logger.Level.WARNING, "identity {0}: its keys in vault {1} were not deleted: {2}", name,
            r.vaultName(), err.getMessage());
          return store.purposeKeys().getAll(r.identifier()).compose(all -> {
            Future<Void> f = Future.succeededFuture();
            for (String purpose : all.keySet()) {
              f = f.compose(v -> store.purposeKeys().delete(r.identifier(), purpose).mapEmpty());
            }
            return f;
          });
        });
      return deletedKeys
        .compose(v -> store.identities().delete(r.identifier()))
        .compose(deleted -> r.isDefault() ? promoteOldest() : Future.<Void>succeededFuture())
        .map(true)
        .onSuccess(v -> LOG.log(System.Logger.Level.DEBUG, "deleted identity {0} named {1}", r.identifier(), name));
    });
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

  private Future<LocalIdentity> localIdentity(NamedIdentity named) {
    return identityVaults.of(named.vaultName()).compose(vault -> purposeKeys.getOrCreate(vault, named.identity(), Purpose.SECURE_CHANNEL)
      .map(key -> new LocalIdentity(named.identity(), vault, key)));
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
    return identityVaults.blocking(() -> Optional.of(toNamed(record.get())));
  }

  // blocking: verifies the stored history (signature checks)
  private static NamedIdentity toNamed(IdentityRecord r) {
    Identity identity = Identity.importFrom(Identifier.parse(r.identifier()), r.changeHistory());
    return new NamedIdentity(r.name(), identity, r.isDefault(), r.createdAt(), r.vaultName());
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
