package io.ockamj.verticles.identity;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.primitives.SecretBytes;
import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identifier;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.Purpose;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeyAttestation;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.store.PurposeKeyRepository;
import io.ockamj.store.Store;
import io.ockamj.store.VaultRecord;
import io.ockamj.store.VaultSecrets;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link IdentityManager} on a real SQLite file. */
@ExtendWith(VertxExtension.class)
class IdentityManagerTest {

  private static final long YEAR = 365L * 24 * 3600;

  @TempDir
  Path dir;

  private Vertx vertx;
  private Store store;
  private IdentityManager manager;
  private final MutableClock clock = new MutableClock(Instant.now());
  private final List<LocalIdentity> loaded = new ArrayList<>();

  private Path database() {
    return dir.resolve("database.sqlite3");
  }

  /** A clock the tests move forward. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  @BeforeEach
  void open(Vertx vertx) throws Exception {
    this.vertx = vertx;
    reopen();
  }

  @AfterEach
  void close() throws Exception {
    if (manager != null) {
      await(manager.close());
    }
    if (store != null) {
      await(store.close());
    }
  }

  private void reopen() throws Exception {
    if (manager != null) {
      await(manager.close());
    }
    if (store != null) {
      await(store.close());
    }
    store = await(Store.open(vertx, database()));
    manager = await(IdentityManager.open(vertx, store, clock));
  }

  private LocalIdentity load(String name) throws Exception {
    LocalIdentity li = await(manager.loadSecureChannelKey(name));
    loaded.add(li);
    return li;
  }

  /** A secret as the database vault stored it, read with a connection of the test's own. */
  private Optional<byte[]> storedSecret(KeyId key) {
    try (VaultSecrets secrets = VaultSecrets.open(database())) {
      return secrets.get(key.bytes(), key.type().ockamName());
    }
  }

  @Test
  void firstIdentityBecomesTheDefaultAndNamesAreUnique() throws Exception {
    NamedIdentity alice = await(manager.create("alice"));
    NamedIdentity bob = await(manager.create("bob"));

    assertThat(alice.isDefault()).isTrue();
    assertThat(bob.isDefault()).isFalse();
    assertThat(alice.identifier()).isNotEqualTo(bob.identifier());
    assertThat(alice.identity().changeHistory().size()).isEqualTo(1);
    assertThat(await(manager.list())).extracting(NamedIdentity::name).containsExactly("alice", "bob");
    assertThat(await(manager.getDefault())).get().extracting(NamedIdentity::name).isEqualTo("alice");
    assertThat(await(manager.get(bob.identifier()))).get().isEqualTo(bob);
    assertThat(await(manager.get("nobody"))).isEmpty();

    // the primary key secret is in the database vault under the handle derived from its public key
    assertThat(storedSecret(KeyId.of(alice.identity().primaryPublicKey()))).isPresent();
    assertThat(alice.vaultName()).isEqualTo(VaultManager.DEFAULT_VAULT_NAME);
    assertThat(alice.identity().primaryPublicKey().type()).isEqualTo(io.ockamj.crypto.KeyType.ED25519);

    assertThatThrownBy(() -> await(manager.create("alice")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
    assertThatThrownBy(() -> await(manager.create(" ")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_NAME));
    assertThatThrownBy(() -> await(manager.create("a\nb")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_NAME));

    assertThat(await(manager.setDefault("bob")).isDefault()).isTrue();
    assertThat(await(manager.getDefault())).get().extracting(NamedIdentity::name).isEqualTo("bob");
    assertThat(await(manager.get("alice"))).get().extracting(NamedIdentity::isDefault).isEqualTo(false);
    assertThatThrownBy(() -> await(manager.setDefault("nobody")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void unnamedIdentitiesInTheStoreAreNotLocal() throws Exception {
    NamedIdentity alice = await(manager.create("alice"));
    // a peer's history stored without a name, as a handshake would
    Identity peer = Identity.importFrom(await(manager.create("peer")).identity().export());
    await(manager.delete("peer"));
    await(store.identities().store(peer.identifier().toString(), peer.export()));

    assertThat(await(manager.list())).extracting(NamedIdentity::identifier).containsExactly(alice.identifier());
    assertThat(await(manager.get(peer.identifier()))).isEmpty();
    assertThatThrownBy(() -> await(manager.loadSecureChannelKey(peer)))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void getOrCreateDefaultCreatesOnceThenReuses() throws Exception {
    NamedIdentity first = await(manager.getOrCreateDefault());
    assertThat(first.name()).isEqualTo(IdentityManager.DEFAULT_IDENTITY_NAME);
    assertThat(first.isDefault()).isTrue();
    assertThat(await(manager.getOrCreateDefault())).isEqualTo(first);
    assertThat(await(manager.list())).hasSize(1);
  }

  @Test
  void concurrentCreatesAllSucceedWithASingleDefault() throws Exception {
    List<Future<NamedIdentity>> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(manager.create("id" + i));
    }
    await(Future.all(all));
    List<NamedIdentity> list = await(manager.list());
    assertThat(list).hasSize(6);
    assertThat(list).filteredOn(NamedIdentity::isDefault).singleElement().extracting(NamedIdentity::name).isEqualTo("id0");
  }

  @Test
  void restartKeepsTheIdentityAndTheSecureChannelKey() throws Exception {
    NamedIdentity alice = await(manager.create("alice"));
    LocalIdentity before = load("alice");
    PurposeKey key = before.secureChannelKey();
    assertThat(key.purpose()).isEqualTo(Purpose.SECURE_CHANNEL);
    assertThat(key.subject()).isEqualTo(alice.identifier());
    assertThat(await(manager.loadSecureChannelKey(alice.identity()))).satisfies(loaded::add)
      .extracting(LocalIdentity::secureChannelKey).isEqualTo(key);

    reopen();

    NamedIdentity again = await(manager.get("alice")).orElseThrow();
    assertThat(again.identity()).isEqualTo(alice.identity());
    assertThat(again.isDefault()).isTrue();
    LocalIdentity after = load("alice");
    assertThat(after.identity().exportHex()).isEqualTo(alice.identity().exportHex());
    assertThat(after.secureChannelKey()).isEqualTo(key);
    // the vault holds the X25519 secret of the attested key and the identity's signing key
    assertThat(after.vault().x25519PublicKey(key.keyId())).isEqualTo(key.publicKey().x25519PublicKey());
    assertThat(after.vault().findSigningKey(after.identity().primaryPublicKey())).isPresent();
    // and the secret behind it agrees with a peer (it never leaves the vault)
    try (SoftwareVault peer = SoftwareVault.create()) {
      KeyId e = peer.generateEphemeralX25519Key();
      try (SecretBytes ours = after.vault().exportSecretBuffer(after.vault().x25519Ecdh(key.keyId(), peer.x25519PublicKey(e)));
           SecretBytes theirs = peer.exportSecretBuffer(peer.x25519Ecdh(e, key.publicKey().x25519PublicKey()))) {
        assertThat(ours.contentEquals(theirs)).isTrue();
      }
    }
    // the manager shares one vault per name, until it is closed
    assertThat(load("alice").vault()).isSameAs(after.vault());
    await(manager.close());
    assertThatThrownBy(() -> after.vault().x25519PublicKey(key.keyId())).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void expiredSecureChannelKeyIsReplaced() throws Exception {
    NamedIdentity alice = await(manager.create("alice"));
    PurposeKey first = load("alice").secureChannelKey();
    assertThat(first.expiresAt() - first.createdAt()).isEqualTo(IdentityManager.PURPOSE_KEY_TTL.getSeconds());

    clock.advance(Duration.ofSeconds(4 * YEAR));
    assertThat(load("alice").secureChannelKey()).isEqualTo(first);

    clock.advance(Duration.ofSeconds(2 * YEAR)); // 6 years: past the 5-year lifetime
    reopen();
    LocalIdentity renewed = load("alice");
    PurposeKey second = renewed.secureChannelKey();
    assertThat(second.keyId()).isNotEqualTo(first.keyId());
    assertThat(second.createdAt()).isEqualTo(clock.instant().getEpochSecond());
    // capped at the identity's attestation window (10 years from creation)
    assertThat(second.expiresAt()).isEqualTo(alice.identity().latestChange().changeData().attestationsValidUntil());
    assertThat(storedSecret(first.keyId())).isEmpty();
    assertThat(storedSecret(second.keyId())).isPresent();
    byte[] stored = await(store.purposeKeys().get(alice.identifier().toString(), PurposeKeyRepository.SECURE_CHANNEL))
      .orElseThrow();
    assertThat(PurposeKeyAttestation.decode(stored)).isEqualTo(second.attestation());

    clock.advance(Duration.ofSeconds(5 * YEAR)); // 11 years: the identity can no longer attest
    assertThatThrownBy(() -> load("alice"))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.IDENTITY_EXPIRED));
    await(manager.rotate("alice"));
    assertThat(load("alice").secureChannelKey().expiresAt())
      .isEqualTo(clock.instant().getEpochSecond() + IdentityManager.PURPOSE_KEY_TTL.getSeconds());
  }

  @Test
  void rotateKeepsTheIdentifierReplacesTheKeyAndDropsPurposeKeys() throws Exception {
    NamedIdentity alice = await(manager.create("alice"));
    KeyId oldKey = KeyId.of(alice.identity().primaryPublicKey());
    PurposeKey oldChannelKey = load("alice").secureChannelKey();

    NamedIdentity rotated = await(manager.rotate("alice"));

    assertThat(rotated.identifier()).isEqualTo(alice.identifier());
    assertThat(rotated.isDefault()).isTrue();
    assertThat(rotated.identity().changeHistory().size()).isEqualTo(2);
    assertThat(rotated.identity().exportHex()).startsWith("82"); // a CBOR array of two changes
    assertThat(Identity.importFrom(rotated.identity().export()).identifier()).isEqualTo(alice.identifier());
    KeyId newKey = KeyId.of(rotated.identity().primaryPublicKey());
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(storedSecret(oldKey)).isEmpty();
    assertThat(storedSecret(newKey)).isPresent();
    assertThat(storedSecret(oldChannelKey.keyId())).isEmpty();
    assertThat(await(store.purposeKeys().getAll(alice.identifier().toString()))).isEmpty();

    LocalIdentity after = load("alice");
    assertThat(after.secureChannelKey().keyId()).isNotEqualTo(oldChannelKey.keyId());
    assertThat(after.secureChannelKey().attestation().attestationData().subjectLatestChangeHash())
      .isEqualTo(rotated.identity().latestChangeHash());
    // an old copy of the identity still finds the stored (rotated) one
    assertThat(await(manager.loadSecureChannelKey(alice.identity()))).satisfies(loaded::add)
      .extracting(LocalIdentity::identity).isEqualTo(rotated.identity());

    reopen();
    assertThat(await(manager.get("alice"))).get().extracting(NamedIdentity::identity).isEqualTo(rotated.identity());
    assertThatThrownBy(() -> await(manager.rotate("nobody")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void deleteRemovesTheIdentityAndItsKeysAndMovesTheDefault() throws Exception {
    NamedIdentity alice = await(manager.create("alice"));
    NamedIdentity bob = await(manager.create("bob"));
    PurposeKey channelKey = load("alice").secureChannelKey();
    await(manager.issueCredential("alice", bob.identifier(), Attributes.of(Map.of("k", "v")), Duration.ofMinutes(5)));
    Map<String, byte[]> purposeKeys = await(store.purposeKeys().getAll(alice.identifier().toString()));
    assertThat(purposeKeys).containsOnlyKeys(PurposeKeyRepository.SECURE_CHANNEL, PurposeKeyRepository.CREDENTIALS);
    KeyId credentialKey = PurposeKey.of(PurposeKeyAttestation.decode(purposeKeys.get(PurposeKeyRepository.CREDENTIALS))).keyId();

    assertThat(await(manager.delete("alice"))).isTrue();

    assertThat(await(manager.get("alice"))).isEmpty();
    assertThat(await(store.identities().get(alice.identifier().toString()))).isEmpty();
    assertThat(storedSecret(KeyId.of(alice.identity().primaryPublicKey()))).isEmpty();
    assertThat(storedSecret(channelKey.keyId())).isEmpty();
    assertThat(storedSecret(credentialKey)).isEmpty();
    assertThat(await(store.purposeKeys().getAll(alice.identifier().toString()))).isEmpty();
    assertThat(await(manager.getDefault())).get().extracting(NamedIdentity::identifier).isEqualTo(bob.identifier());
    assertThat(await(manager.delete("alice"))).isFalse();

    assertThat(await(manager.delete("bob"))).isTrue();
    assertThat(await(manager.getDefault())).isEmpty();
    try (VaultSecrets secrets = VaultSecrets.open(database())) {
      assertThat(secrets.handles(VaultSecrets.ED25519)).isEmpty();
      assertThat(secrets.handles(VaultSecrets.X25519)).isEmpty();
    }
  }

  @Test
  void issuedCredentialsVerifyAndReuseThePersistedCredentialKey() throws Exception {
    NamedIdentity issuer = await(manager.create("issuer"));
    NamedIdentity subject = await(manager.create("subject"));
    Attributes attrs = Attributes.builder().put("role", "member").put("project", "p1").build();

    CredentialAndPurposeKey c1 = await(manager.issueCredential("issuer", subject.identifier(), attrs, Duration.ofMinutes(30)));
    long now = clock.instant().getEpochSecond();
    VerifiedCredential v = c1.verify(subject.identifier(), List.of(issuer.identity()), now);
    assertThat(v.issuer()).isEqualTo(issuer.identifier());
    assertThat(v.attributes()).isEqualTo(attrs);
    assertThat(v.expiresAt() - v.createdAt()).isEqualTo(1800);
    assertThat(v.credentialData().subjectLatestChangeHash()).contains(subject.identity().latestChangeHash());

    reopen();
    Identifier stranger = Identifier.parse("I" + "ab".repeat(32));
    CredentialAndPurposeKey c2 = await(manager.issueCredential("issuer", stranger, attrs, Duration.ofDays(3650)));
    assertThat(c2.purposeKeyAttestation()).isEqualTo(c1.purposeKeyAttestation());
    VerifiedCredential v2 = c2.verify(stranger, List.of(issuer.identity()), now);
    assertThat(v2.credentialData().subjectLatestChangeHash()).isEmpty();
    // capped at the purpose key's expiry, or it would not verify
    assertThat(v2.expiresAt()).isEqualTo(c2.purposeKeyAttestation().attestationData().expiresAt());

    assertThatThrownBy(() -> await(manager.issueCredential("nobody", stranger, attrs, Duration.ofMinutes(1))))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
    assertThatThrownBy(() -> await(manager.issueCredential("issuer", stranger, attrs, Duration.ZERO)))
      .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void missingPrimarySecretIsReported() throws Exception {
    NamedIdentity alice = await(manager.create("alice"));
    KeyId key = KeyId.of(alice.identity().primaryPublicKey());
    // another process deletes the secret; this manager's vault still holds it in memory, a new one not
    try (VaultSecrets secrets = VaultSecrets.open(database())) {
      assertThat(secrets.delete(key.bytes(), key.type().ockamName())).isTrue();
    }
    reopen();
    assertThatThrownBy(() -> load("alice"))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISSING));
    assertThatThrownBy(() -> await(manager.rotate("alice")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISSING));
    // the failures do not block later operations
    assertThat(await(manager.create("bob")).name()).isEqualTo("bob");
  }

  @Test
  void identitiesLiveInTheVaultTheyWereCreatedIn() throws Exception {
    VaultManager vaults = manager.vaults();
    // Rust's rules: the first vault keeps its secrets in the database, later ones in vault-NAME files
    VaultRecord first = await(vaults.create(null, null));
    assertThat(first.name()).isEqualTo(VaultManager.DEFAULT_VAULT_NAME);
    assertThat(first.kind()).isEqualTo(VaultRecord.Kind.DATABASE);
    assertThat(first.isDefault()).isTrue();
    VaultRecord v2 = await(vaults.create("v2", null));
    assertThat(v2.kind()).isEqualTo(VaultRecord.Kind.FILE);
    assertThat(Path.of(v2.path())).isEqualTo(dir.resolve("vault-v2").toAbsolutePath());
    assertThatThrownBy(() -> await(vaults.create("v2", null)))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS));
    assertThatThrownBy(() -> await(vaults.create("a/b", null)))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_NAME));

    NamedIdentity bob = await(manager.create("bob", "v2"));
    assertThat(bob.vaultName()).isEqualTo("v2");
    KeyId bobKey = KeyId.of(bob.identity().primaryPublicKey());
    try (VaultSecrets file = VaultSecrets.open(Path.of(v2.path()))) {
      assertThat(file.get(bobKey.bytes(), bobKey.type().ockamName())).isPresent();
    }
    assertThat(storedSecret(bobKey)).isEmpty();
    PurposeKey bobChannelKey = load("bob").secureChannelKey();

    // with two vaults, one must be named, as in Rust
    assertThatThrownBy(() -> await(manager.create("carol")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VAULT_AMBIGUOUS))
      .hasMessage("There are 2 vaults, please specify which vault should be used");
    // naming a vault that does not exist makes a software vault of that name
    NamedIdentity dave = await(manager.create("dave", "v3"));
    assertThat(await(vaults.get("v3"))).get().extracting(VaultRecord::kind).isEqualTo(VaultRecord.Kind.FILE);

    assertThatThrownBy(() -> await(vaults.delete("v2")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VAULT_IN_USE))
      .hasMessage("the vault v2 cannot be deleted. It is used by the following identities: bob");

    reopen();
    assertThat(load("bob").secureChannelKey()).isEqualTo(bobChannelKey);
    assertThat(load("dave").vault().findSigningKey(dave.identity().primaryPublicKey())).isPresent();
    assertThat(await(manager.delete("bob"))).isTrue();
    assertThat(await(manager.vaults().delete("v2"))).isTrue();
    assertThat(dir.resolve("vault-v2")).doesNotExist();
    assertThat(await(manager.vaults().list())).extracting(VaultRecord::name).containsExactly("default", "v3");
    assertThat(await(manager.vaults().delete("v2"))).isFalse();
    assertThatThrownBy(() -> await(manager.vaults().open("v2")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NOT_FOUND));
  }

  @Test
  void identitiesStoredBeforeVaultsExistedUseTheDatabaseVault() throws Exception {
    NamedIdentity alice = await(manager.create("alice"));
    await(((io.ockamj.store.sqlite.SqliteStore) store).database().execute("UPDATE identity SET vault_name = NULL", io.vertx.sqlclient.Tuple.tuple()));
    reopen();
    NamedIdentity again = await(manager.get("alice")).orElseThrow();
    assertThat(again.vaultName()).isNull();
    LocalIdentity li = load("alice");
    assertThat(li.vault().findSigningKey(alice.identity().primaryPublicKey())).isPresent();
    assertThat(await(manager.rotate("alice")).identity().changeHistory().size()).isEqualTo(2);
    assertThatThrownBy(() -> await(manager.vaults().delete("default")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VAULT_IN_USE));
  }
}
