package io.ockamj.verticles.identity;

import static io.ockamj.testing.Await.await;
import static io.ockamj.testing.Await.failure;
import static org.assertj.core.api.Assertions.assertThat;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeyAttestation;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.crypto.pkcs11.Pkcs11Vault;
import io.ockamj.crypto.pkcs11.SoftHsm;
import io.ockamj.crypto.pkcs11.SoftHsm.Token;
import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.store.PurposeKeyRepository;
import io.ockamj.store.Store;
import io.ockamj.store.VaultRecord;
import io.ockamj.store.VaultSecrets;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.identity.IdentityManagerException.Reason;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identities whose keys live on a real SoftHSM2 token, through the {@link IdentityManager}: the
 * token's P-256 key signs the identity, its purpose-key attestations and its credentials, a node
 * using it runs secure channels over 127.0.0.1 across a restart, and rotation makes a new key on the
 * token. The secure-channel X25519 key stays in software, in the vault's own file.
 */
@ExtendWith(VertxExtension.class)
class Pkcs11IdentityIT {

  private static Token token;

  @TempDir
  Path dir;

  private Vertx vertx;
  private Store store;
  private IdentityManager manager;
  private Path pinFile;
  private final List<Node> nodes = new ArrayList<>();

  @BeforeAll
  static void token() {
    token = SoftHsm.shared();
  }

  @BeforeEach
  void open(Vertx vertx) throws Exception {
    this.vertx = vertx;
    pinFile = Files.writeString(dir.resolve("pin"), SoftHsm.PIN + "\n");
    reopen();
  }

  @AfterEach
  void close() throws Exception {
    for (Node n : nodes) {
      await(n.close());
    }
    await(manager.close());
    await(store.close());
  }

  private void reopen() throws Exception {
    if (manager != null) {
      await(manager.close());
      await(store.close());
    }
    store = await(Store.open(vertx, dir.resolve("database.sqlite3")));
    manager = await(IdentityManager.open(vertx, store));
  }

  private Node node(String name) throws Exception {
    Node n = await(Node.create(vertx, new NodeOptions().setName(name).setTcpListenerAddress("127.0.0.1:0")));
    nodes.add(n);
    return n;
  }

  /** Opens a channel from a node acting as {@code who} to a fresh node with a software identity. */
  private SecureChannel channelAs(LocalIdentity who) throws Exception {
    Node a = node("a" + nodes.size());
    Node b = node("b" + nodes.size());
    SecureChannels ca = SecureChannels.create(a, new ChannelIdentity(who.identity(), who.secureChannelKey(),
      who.vault(), List.of()));
    SecureChannels cb = SecureChannels.create(b, await(vertx.executeBlocking(ChannelIdentity::generate)));
    await(cb.createListener("api", new SecureChannelOptions()));
    SecureChannel ch = await(ca.createSecureChannel(Route.of(Address.tcp(b.tcpListenerAddress()), Address.local("api")),
      new SecureChannelOptions()));
    Routed echo = await(a.context().sendAndReceive(Route.of(ch.encryptor(), Address.local("echo")),
      "through the token's identity".getBytes(StandardCharsets.UTF_8)));
    assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("through the token's identity");
    // B verified A's P-256 identity and its attestation in the handshake
    io.ockamj.testing.Await.until("B lists the channel", () -> !cb.list().isEmpty(), Duration.ofSeconds(10));
    assertThat(cb.list().get(0).peer()).isEqualTo(who.identity().identifier());
    return ch;
  }

  private static List<KeyId> tokenKeys() {
    try (Pkcs11Vault v = Pkcs11Vault.open(token.pkcs11Config(), token.pin())) {
      return v.signingKeys();
    }
  }

  @Test
  void anIdentityOnTheTokenSignsChannelsAndCredentialsAcrossRestartsAndRotates() throws Exception {
    VaultRecord hsm = await(manager.vaults().createPkcs11("hsm", token.pkcs11Config(), pinFile));
    assertThat(hsm.kind()).isEqualTo(VaultRecord.Kind.PKCS11);
    assertThat(hsm.pinFile()).isEqualTo(pinFile.toString());

    NamedIdentity alice = await(manager.create("alice", "hsm"));
    Identity identity = alice.identity();
    assertThat(identity.primaryPublicKey().type()).isEqualTo(KeyType.P256);
    KeyId primary = KeyId.of(identity.primaryPublicKey());
    assertThat(tokenKeys()).contains(primary);

    LocalIdentity li = await(manager.loadSecureChannelKey("alice"));
    PurposeKey sc = li.secureChannelKey();
    // attested by the token's key, verified in software
    assertThat(sc.attestation().signature().type()).isEqualTo(KeyType.P256);
    assertThat(sc.attestation().verify(io.ockamj.crypto.identity.Purpose.SECURE_CHANNEL, identity,
      identity.identifier(), java.time.Instant.now().getEpochSecond())).isNotNull();
    // the X25519 key is in software, in the vault's own file, not on the token nor in the database
    try (VaultSecrets file = VaultSecrets.open(Path.of(hsm.path()))) {
      assertThat(file.get(sc.keyId().bytes(), VaultSecrets.X25519)).isPresent();
    }
    try (VaultSecrets db = VaultSecrets.open(dir.resolve("database.sqlite3"))) {
      assertThat(db.handles(VaultSecrets.X25519)).isEmpty();
      assertThat(db.handles(VaultSecrets.P256)).isEmpty();
    }
    channelAs(li);

    // credentials are signed by a P-256 credential key on the token
    NamedIdentity bob = await(manager.create("bob", "hsm"));
    CredentialAndPurposeKey c = await(manager.issueCredential("alice", bob.identifier(),
      Attributes.of(Map.of("role", "admin")), Duration.ofHours(1)));
    VerifiedCredential v = c.verify(bob.identifier(), List.of(identity), java.time.Instant.now().getEpochSecond());
    assertThat(v.issuer()).isEqualTo(alice.identifier());
    KeyId credentialKey = PurposeKey.of(c.purposeKeyAttestation()).keyId();
    assertThat(credentialKey.type()).isEqualTo(KeyType.P256);
    assertThat(tokenKeys()).contains(credentialKey);

    // a restart (a new log-in) finds the same keys
    reopen();
    LocalIdentity again = await(manager.loadSecureChannelKey("alice"));
    assertThat(again.secureChannelKey()).isEqualTo(sc);
    channelAs(again);
    CredentialAndPurposeKey c2 = await(manager.issueCredential("alice", bob.identifier(),
      Attributes.of(Map.of("role", "admin")), Duration.ofHours(1)));
    assertThat(c2.purposeKeyAttestation()).isEqualTo(c.purposeKeyAttestation());

    // rotation makes a new key on the token and removes the old one with the purpose keys
    NamedIdentity rotated = await(manager.rotate("alice"));
    KeyId newPrimary = KeyId.of(rotated.identity().primaryPublicKey());
    assertThat(newPrimary.type()).isEqualTo(KeyType.P256);
    assertThat(tokenKeys()).contains(newPrimary).doesNotContain(primary, credentialKey);
    assertThat(await(store.purposeKeys().get(alice.identifier().toString(), PurposeKeyRepository.SECURE_CHANNEL)))
      .isEmpty();
    LocalIdentity afterRotation = await(manager.loadSecureChannelKey("alice"));
    assertThat(afterRotation.secureChannelKey().keyId()).isNotEqualTo(sc.keyId());
    assertThat(PurposeKeyAttestation.decode(afterRotation.secureChannelKey().attestation().bytes())
      .attestationData().subjectLatestChangeHash()).isEqualTo(rotated.identity().latestChangeHash());
    channelAs(afterRotation);

    // the vault cannot go while identities use it; deleting them removes their keys from the token
    assertThat(failure(manager.vaults().delete("hsm"))).isInstanceOfSatisfying(IdentityManagerException.class,
      e -> assertThat(e.reason()).isEqualTo(Reason.VAULT_IN_USE));
    assertThat(await(manager.delete("alice"))).isTrue();
    assertThat(await(manager.delete("bob"))).isTrue();
    assertThat(tokenKeys()).doesNotContain(newPrimary, KeyId.of(bob.identity().primaryPublicKey()));
    assertThat(await(manager.vaults().delete("hsm"))).isTrue();
    assertThat(Path.of(hsm.path())).doesNotExist();
    assertThat(VerifyingVault.software()).isNotNull();
  }

  @Test
  void aWrongOrMissingPinOrModuleIsAOneLineErrorAndNothingIsStored() throws Exception {
    Path wrong = Files.writeString(dir.resolve("wrong-pin"), "000000\n");
    assertThat(failure(manager.vaults().createPkcs11("bad", token.pkcs11Config(), wrong)))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VAULT_UNAVAILABLE))
      .hasMessage("vault 'bad': wrong PIN for the PKCS#11 token of " + token.pkcs11Config());
    assertThat(failure(manager.vaults().createPkcs11("bad", token.pkcs11Config(), null)))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VAULT_UNAVAILABLE))
      .hasMessage("vault 'bad' needs the PIN of its PKCS#11 token: set OCKAM_PKCS11_PIN or create the vault with "
        + "--pin-file FILE");
    Path noModule = Files.writeString(dir.resolve("nomodule.cfg"), "name = X\nlibrary = /nonexistent/libnope.so\n");
    assertThat(failure(manager.vaults().createPkcs11("bad", noModule, pinFile)))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VAULT_UNAVAILABLE))
      .hasMessageStartingWith("vault 'bad': PKCS#11 module not found: /nonexistent/libnope.so");
    assertThat(await(manager.vaults().list())).isEmpty();

    // a vault whose PIN file changed afterwards fails to open, and only its identities are affected
    await(manager.vaults().createPkcs11("hsm", token.pkcs11Config(), pinFile));
    await(manager.create("alice", "hsm"));
    NamedIdentity soft = await(manager.create("soft", "software"));
    Files.writeString(pinFile, "111111\n");
    reopen();
    assertThat(failure(manager.loadSecureChannelKey("alice")))
      .isInstanceOfSatisfying(IdentityManagerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.VAULT_UNAVAILABLE))
      .hasMessageContaining("wrong PIN");
    channelAs(await(manager.loadSecureChannelKey("soft")));
    assertThat(soft.identity().primaryPublicKey().type()).isEqualTo(KeyType.ED25519);
    Files.writeString(pinFile, SoftHsm.PIN);
    assertThat(await(manager.delete("alice"))).isTrue();
  }

  @Test
  void aKeyRemovedFromTheTokenFailsItsSignaturesWhileChannelsGoOn() throws Exception {
    await(manager.vaults().createPkcs11("hsm", token.pkcs11Config(), pinFile));
    NamedIdentity alice = await(manager.create("alice", "hsm"));
    LocalIdentity li = await(manager.loadSecureChannelKey("alice"));
    channelAs(li);
    // an administrator removes the identity's key from the token with another tool
    String alias = Pkcs11Vault.ALIAS_PREFIX + KeyId.of(alice.identity().primaryPublicKey()).hex();
    SoftHsm.deleteObject(token, "privkey", alias);
    SoftHsm.deleteObject(token, "cert", alias);
    assertThat(failure(manager.issueCredential("alice", alice.identifier(), Attributes.of(Map.of("k", "v")),
      Duration.ofMinutes(5)))).isInstanceOfSatisfying(IdentityManagerException.class,
        e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISSING))
      .hasMessageNotContaining("\n");
    assertThat(failure(manager.rotate("alice"))).isInstanceOfSatisfying(IdentityManagerException.class,
      e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISSING));
    // the secure-channel key is in software and already attested: channels still open
    channelAs(li);
    reopen();
    channelAs(await(manager.loadSecureChannelKey("alice")));
  }
}
