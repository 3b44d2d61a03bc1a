package io.ockamj.verticles.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Vault;
import io.ockamj.crypto.VaultException;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.Change;
import io.ockamj.crypto.identity.ChangeHash;
import io.ockamj.crypto.identity.ChangeHistory;
import io.ockamj.crypto.identity.ChangeOptions;
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
import io.ockamj.crypto.pkcs11.Pkcs11Exception;
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

  // writes are chained on this future so that one manager never interleaves them
  private final Object lock = new Object();
  private Future<?> tail = Future.succeededFuture();

  private IdentityManagerImpl(Vertx vertx, Store store, Clock clock) {
    Objects.requireNonNull(vertx, "vertx");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.vaults = new VaultManagerImpl(vertx, store, System::getenv);
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
    return create(name, null);
  }

  @Override
  public Future<NamedIdentity> create(String name, String vaultName) {
    try {
      checkName(name);
    } catch (IdentityManagerException e) {
      return Future.failedFuture(e);
    }
    return exclusive(() -> createNow(name, vaultName));
  }

  @Override
  public Future<NamedIdentity> importIdentity(String name, byte[] changeHistory, String vaultName) {
    try {
      checkName(name);
    } catch (IdentityManagerException e) {
      return Future.failedFuture(e);
    }
    return exclusive(() -> store.identities().getByName(name).compose(existing -> {
      if (existing.isPresent()) {
        return Future.failedFuture(alreadyExists(name));
      }
      return blocking(() -> Identity.importFrom(changeHistory))
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
    return exclusive(() -> getDefault().compose(current -> {
      if (current.isPresent()) {
        return Future.succeededFuture(current.get());
      }
      return get(DEFAULT_IDENTITY_NAME).compose(existing -> existing.isPresent()
        ? setDefaultNow(DEFAULT_IDENTITY_NAME)
        : createNow(DEFAULT_IDENTITY_NAME, null)
          // another process (two nodes created at once on a fresh home) made it first: use it
          .recover(err -> get(DEFAULT_IDENTITY_NAME).compose(made -> made.isPresent()
            ? getDefault().compose(d -> d.isPresent() ? Future.succeededFuture(d.get()) : setDefaultNow(DEFAULT_IDENTITY_NAME))
            : Future.failedFuture(err))));
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
      .compose(issuer -> vaultOf(issuer.vaultName()).compose(vault -> purposeKey(vault, issuer.identity(), Purpose.CREDENTIALS)
        .compose(key -> store.identities().get(subject.toString())
          .compose(known -> blocking(() -> {
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
    return exclusive(() -> requireNamed(issuerName)
      .compose(issuer -> vaultOf(issuer.vaultName()).compose(vault -> purposeKey(vault, issuer.identity(), Purpose.CREDENTIALS)
        .compose(key -> blocking(() -> io.ockamj.crypto.identity.RevocationNotice.sign(vault, verifier, key, seq, subject,
          revokedAt))))));
  }

  // ---- implementation of the writes, called inside exclusive()

  private Future<NamedIdentity> createNow(String name, String vaultName) {
    return store.identities().getByName(name).compose(existing -> {
      if (existing.isPresent()) {
        return Future.failedFuture(alreadyExists(name));
      }
      return (vaultName == null ? vaults.getOrCreateDefault() : vaults.getOrCreate(vaultName)).compose(record ->
        vaults.open(record.name()).compose(vault -> blocking(() -> {
          KeyType type = preferredType(vault);
          return Identities.create(vault, verifier, clock).createIdentity(type);
        }).compose(identity -> {
          String id = identity.identifier().toString();
          KeyId key = KeyId.of(identity.primaryPublicKey());
          return store.identities().store(id, name, identity.export(), record.name())
            .recover(err -> blocking(() -> vault.deleteSigningKey(key))
              .transform(ignored -> Future.<Void>failedFuture(isConstraint(err) ? alreadyExists(name) : err)))
            .compose(v -> store.identities().getDefault())
            .compose(d -> d.isPresent() ? Future.succeededFuture(false) : store.identities().setDefault(id))
            .compose(v -> requireNamed(name))
            .onSuccess(n -> LOG.log(System.Logger.Level.DEBUG, "created identity {0} named {1} in vault {2} ({3})",
              id, name, record.name(), identity.primaryPublicKey().type().ockamName()));
        })));
    });
  }

  /** Ed25519 where the vault can make it (Rust's default), else P-256 (a PKCS#11 token). */
  private static KeyType preferredType(Vault vault) {
    return vault.signingKeyTypes().contains(KeyType.ED25519) ? KeyType.ED25519 : KeyType.P256;
  }

  private Future<NamedIdentity> setDefaultNow(String name) {
    return requireNamed(name)
      .compose(n -> store.identities().setDefault(n.identifier().toString()))
      .compose(ok -> requireNamed(name));
  }

  private Future<NamedIdentity> rotateNow(String name) {
    return requireNamed(name).compose(named -> vaultOf(named.vaultName()).compose(vault -> {
      Identity identity = named.identity();
      String id = identity.identifier().toString();
      KeyId oldKey = KeyId.of(identity.primaryPublicKey());
      return blocking(() -> {
        requirePrimaryKey(vault, identity);
        // the new key has the vault's preferred type; the old one is deleted once the history is stored
        return Identities.create(vault, verifier, clock).rotate(identity,
          new ChangeOptions().setKeyType(preferredType(vault)), false);
      }).compose(rotated -> {
        KeyId newKey = KeyId.of(rotated.primaryPublicKey());
        return store.identities().update(id, rotated.export())
          .compose(updated -> updated ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture(new IdentityManagerException(Reason.NOT_FOUND, "identity '" + name + "' was deleted")))
          .recover(err -> blocking(() -> vault.deleteSigningKey(newKey)).transform(ignored -> Future.<Void>failedFuture(err)))
          .compose(v -> dropPurposeKeys(vault, id))
          .compose(v -> newKey.equals(oldKey) ? Future.<Void>succeededFuture()
            : blocking(() -> vault.deleteSigningKey(oldKey)).<Void>mapEmpty());
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
      Set<KeyId> keys = primaryKeys(r.changeHistory());
      Future<Void> deletedKeys = vaultOf(r.vaultName())
        .compose(vault -> blocking(() -> {
          for (KeyId key : keys) {
            vault.deleteSigningKey(key);
          }
          return null;
        }).compose(v -> dropPurposeKeys(vault, r.identifier())))
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
    return vaultOf(named.vaultName()).compose(vault -> purposeKey(vault, named.identity(), Purpose.SECURE_CHANNEL)
      .map(key -> new LocalIdentity(named.identity(), vault, key)));
  }

  /**
   * Gets the usable purpose key of an identity, or creates, attests and stores a new one (Rust's
   * get_or_create_purpose_key); a key it replaces is deleted from the vault.
   */
  private Future<PurposeKey> purposeKey(Vault vault, Identity identity, Purpose purpose) {
    String id = identity.identifier().toString();
    return store.purposeKeys().get(id, purpose.storageName()).compose(stored -> {
      PurposeKey known = stored.map(bytes -> decodePurposeKey(bytes, purpose)).orElse(null);
      return blocking(() -> {
        PurposeKeys keys = PurposeKeys.create(vault, vault, vault, verifier, clock);
        if (known != null && keys.isUsable(known, identity)) {
          return known;
        }
        requirePrimaryKey(vault, identity);
        long now = clock.instant().getEpochSecond();
        long until = identity.latestChange().changeData().attestationsValidUntil();
        if (now >= until) {
          throw new IdentityManagerException(Reason.IDENTITY_EXPIRED, "identity " + identity.identifier()
            + " can no longer attest keys (attestations valid until " + until + "); rotate it");
        }
        long expires = Math.min(now + PURPOSE_KEY_TTL.getSeconds(), until);
        return purpose == Purpose.SECURE_CHANNEL
          ? keys.createSecureChannelKey(identity, now, expires)
          : keys.createCredentialKey(identity, preferredType(vault), now, expires);
      }).compose(key -> {
        if (key == known) {
          return Future.succeededFuture(key);
        }
        return store.purposeKeys().store(id, purpose.storageName(), key.attestation().bytes())
          .recover(err -> blocking(() -> deleteKey(vault, key)).transform(ignored -> Future.<Void>failedFuture(err)))
          .compose(v -> known == null || known.keyId().equals(key.keyId()) ? Future.<Void>succeededFuture()
            : blocking(() -> deleteKey(vault, known)).<Void>mapEmpty())
          .map(v -> {
            LOG.log(System.Logger.Level.DEBUG, "new {0} purpose key for {1}, expires at {2}", purpose.storageName(), id,
              key.expiresAt());
            return key;
          });
      });
    });
  }

  private static boolean deleteKey(Vault vault, PurposeKey key) {
    return key.purpose() == Purpose.SECURE_CHANNEL ? vault.deleteX25519Key(key.keyId())
      : vault.deleteSigningKey(key.keyId());
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

  private Future<Void> dropPurposeKeys(Vault vault, String identifier) {
    return store.purposeKeys().getAll(identifier).compose(all -> {
      Future<Void> f = Future.succeededFuture();
      for (Map.Entry<String, byte[]> e : all.entrySet()) {
        PurposeKey key = decodePurposeKey(e.getValue(), Purpose.fromStorageName(e.getKey()));
        f = f.compose(v -> key == null ? Future.<Void>succeededFuture() : blocking(() -> deleteKey(vault, key)).<Void>mapEmpty())
          .compose(v -> store.purposeKeys().delete(identifier, e.getKey()).mapEmpty());
      }
      return f;
    });
  }

  // ---- vaults

  /** The open vault of an identity; an identity stored before vaults existed uses the database vault. */
  private Future<Vault> vaultOf(String vaultName) {
    return vaultName != null ? vaults.open(vaultName)
      : vaults.databaseVault().compose(record -> vaults.open(record.name()));
  }

  // blocking
  private static void requirePrimaryKey(Vault vault, Identity identity) {
    if (vault.findSigningKey(identity.primaryPublicKey()).isEmpty()) {
      throw new IdentityManagerException(Reason.KEY_MISSING,
        "the secret of the primary key of " + identity.identifier() + " is not in its vault");
    }
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
    return new NamedIdentity(r.name(), identity, r.isDefault(), r.createdAt(), r.vaultName());
  }

  /** Runs vault work on the vault worker pool; vault failures become one-line manager errors. */
  private <T> Future<T> blocking(Callable<T> work) {
    return vaults.blocking(work).recover(err -> Future.failedFuture(translate(err)));
  }

  private static Throwable translate(Throwable err) {
    if (err instanceof Pkcs11Exception) {
      Pkcs11Exception p = (Pkcs11Exception) err;
      return new IdentityManagerException(p.reason() == Pkcs11Exception.Reason.KEY_MISSING ? Reason.KEY_MISSING
        : Reason.VAULT_UNAVAILABLE, p.getMessage(), p);
    }
    if (err instanceof VaultException && !(err instanceof IdentityManagerException)) {
      return new IdentityManagerException(Reason.VAULT_UNAVAILABLE, err.getMessage(), err);
    }
    return err;
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
