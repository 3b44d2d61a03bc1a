package io.ockamj.crypto.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.Vault;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Identities;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeys;
import io.ockamj.crypto.noise.HandshakeState;
import io.ockamj.crypto.noise.TransportKeys;
import io.ockamj.crypto.pkcs11.Pkcs11Exception.Reason;
import io.ockamj.crypto.pkcs11.SoftHsm.Token;
import io.ockamj.crypto.primitives.Sha256;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Pkcs11Vault} on a real SoftHSM2 token: the token signs, software verifies; keys outlive the
 * provider instance and the JVM; wrong PINs, missing modules, removed keys and a hung token give
 * typed one-line errors.
 */
class Pkcs11VaultTest {

  private static Token token;

  @TempDir
  Path tmp;

  @BeforeAll
  static void token() {
    token = SoftHsm.shared();
  }

  private static Pkcs11Vault open() {
    return Pkcs11Vault.open(token.pkcs11Config(), token.pin());
  }

  @Test
  void theTokenSignsAndSoftwareVerifies() {
    try (Pkcs11Vault vault = open()) {
      assertThat(vault.signingKeyTypes()).containsExactly(KeyType.P256);
      KeyId key = vault.generateSigningKey(KeyType.P256);
      VerifyingPublicKey pub = vault.verifyingPublicKey(key);
      assertThat(KeyId.of(pub)).isEqualTo(key);
      assertThat(vault.findSigningKey(pub)).contains(key);
      assertThat(vault.signingKeys()).contains(key);
      byte[] digest = Sha256.digest("hello".getBytes(StandardCharsets.UTF_8));
      Signature sig = vault.sign(key, digest);
      assertThat(sig.type()).isEqualTo(KeyType.P256);
      assertThat(VerifyingVault.software().verify(pub, digest, sig)).isTrue();
      assertThat(VerifyingVault.software().verify(pub, Sha256.digest(new byte[1]), sig)).isFalse();
      assertThat(vault.deleteSigningKey(key)).isTrue();
      assertThat(vault.deleteSigningKey(key)).isFalse();
      assertThat(vault.findSigningKey(pub)).isEmpty();
    }
  }

  @Test
  void anIdentityOnTheTokenVerifiesInSoftwareAndRunsAHandshake() {
    try (Vault vault = Vault.combine(open(), SoftwareVault.create())) {
      Identity identity = Identities.create(vault).createIdentity(KeyType.P256);
      Identity imported = Identity.importFrom(identity.identifier(), identity.export());
      assertThat(imported.primaryPublicKey().type()).isEqualTo(KeyType.P256);
      PurposeKeys purposeKeys = PurposeKeys.create(vault);
      PurposeKey sc = purposeKeys.createSecureChannelKey(identity);
      assertThat(purposeKeys.verify(sc.attestation(), identity, identity.identifier())).isNotNull();
      PurposeKey credentials = purposeKeys.createCredentialKey(identity, KeyType.P256);
      assertThat(purposeKeys.isUsable(credentials, identity)).isTrue();

      SoftwareVault peer = SoftwareVault.create();
      HandshakeState i = HandshakeState.initiator(vault, sc.keyId());
      HandshakeState r = HandshakeState.responder(peer, peer.generateX25519Key());
      r.readMessage(i.writeMessage(new byte[0]));
      i.readMessage(r.writeMessage(new byte[0]));
      r.readMessage(i.writeMessage(new byte[0]));
      try (TransportKeys ik = i.split(); TransportKeys rk = r.split()) {
        assertThat(ik.encryptionKey().contentEquals(rk.decryptionKey())).isTrue();
      }
      assertThat(i.getRemoteStaticPublicKey()).isEqualTo(peer.x25519PublicKey(peer.x25519Keys().get(0)));
      vault.deleteSigningKey(credentials.keyId());
      vault.deleteSigningKey(vault.findSigningKey(identity.primaryPublicKey()).orElseThrow());
    }
  }

  @Test
  void ed25519IsRefused() {
    try (Pkcs11Vault vault = open()) {
      assertThatThrownBy(() -> vault.generateSigningKey(KeyType.ED25519))
        .isInstanceOfSatisfying(Pkcs11Exception.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNSUPPORTED))
        .hasMessageContaining("P-256")
        .hasMessageNotContaining("\n");
      assertThatThrownBy(() -> vault.generateSigningKey(KeyType.X25519)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void keysOutliveTheProviderInstance() {
    KeyId key;
    VerifyingPublicKey pub;
    try (Pkcs11Vault vault = open()) {
      key = vault.generateSigningKey(KeyType.P256);
      pub = vault.verifyingPublicKey(key);
    }
    // the last close logged out; this is a new provider instance and a new log-in
    try (Pkcs11Vault again = open()) {
      assertThat(again.signingKeys()).contains(key);
      assertThat(again.findSigningKey(pub)).contains(key);
      byte[] digest = Sha256.digest(new byte[] {1, 2, 3});
      assertThat(VerifyingVault.software().verify(pub, digest, again.sign(key, digest))).isTrue();
      again.deleteSigningKey(key);
    }
  }

  @Test
  void keysOutliveTheJvm() throws Exception {
    KeyId key;
    VerifyingPublicKey pub;
    try (Pkcs11Vault vault = open()) {
      key = vault.generateSigningKey(KeyType.P256);
      pub = vault.verifyingPublicKey(key);
      byte[] digest = Sha256.digest("from another JVM".getBytes(StandardCharsets.UTF_8));
      ProcessBuilder pb = javaProcess(Pkcs11SignMain.class, token.pkcs11Config().toString(), key.hex(),
        HexFormat.of().formatHex(digest));
      pb.environment().put("TEST_PIN", SoftHsm.PIN);
      String[] out = lastLine(SoftHsm.run(pb.environment(), pb.command().toArray(new String[0]))).split(" ");
      assertThat(out[0]).isEqualTo(key.hex());
      Signature sig = Signature.of(KeyType.P256, HexFormat.of().parseHex(out[1]));
      assertThat(VerifyingVault.software().verify(pub, digest, sig)).isTrue();
      vault.deleteSigningKey(key);

      // and a key another JVM makes while this vault is open is found here
      pb = javaProcess(Pkcs11SignMain.class, token.pkcs11Config().toString(), "new", HexFormat.of().formatHex(digest));
      pb.environment().put("TEST_PIN", SoftHsm.PIN);
      out = lastLine(SoftHsm.run(pb.environment(), pb.command().toArray(new String[0]))).split(" ");
      KeyId theirs = KeyId.fromHex(KeyType.P256, out[0]);
      assertThat(vault.signingKeys()).contains(theirs);
      VerifyingPublicKey theirPub = vault.verifyingPublicKey(theirs);
      assertThat(VerifyingVault.software().verify(theirPub, digest, Signature.of(KeyType.P256,
        HexFormat.of().parseHex(out[1])))).isTrue();
      assertThat(VerifyingVault.software().verify(theirPub, digest, vault.sign(theirs, digest))).isTrue();
      assertThat(vault.deleteSigningKey(theirs)).isTrue();
    }
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  @Test
  void aWrongPinIsRefusedWithOrWithoutAnOpenSession() {
    // no vault open: the token itself refuses the log-in
    assertThatThrownBy(() -> Pkcs11Vault.open(token.pkcs11Config(), "000000".toCharArray()))
      .isInstanceOfSatisfying(Pkcs11Exception.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN))
      .hasMessage("wrong PIN for the PKCS#11 token of " + token.pkcs11Config());
    // a vault is open, so the process is logged in: the PIN is still checked
    try (Pkcs11Vault vault = open()) {
      assertThatThrownBy(() -> Pkcs11Vault.open(token.pkcs11Config(), "135791".toCharArray()))
        .isInstanceOfSatisfying(Pkcs11Exception.class, e -> assertThat(e.reason()).isEqualTo(Reason.WRONG_PIN));
      try (Pkcs11Vault second = open()) {
        assertThat(second.signingKeys()).isEqualTo(vault.signingKeys());
      }
      assertThat(vault.signingKeys()).isNotNull(); // still open after the second one closed
    }
    assertThatThrownBy(() -> Pkcs11Vault.open(token.pkcs11Config(), new char[0]))
      .isInstanceOfSatisfying(Pkcs11Exception.class, e -> assertThat(e.reason()).isEqualTo(Reason.PIN_MISSING));
  }

  @Test
  void badConfigurationsGiveOneLineErrors() throws Exception {
    Path missing = tmp.resolve("missing.cfg");
    assertReason(missing, Reason.CONFIG_INVALID, "PKCS#11 configuration file not found: " + missing);
    Path noModule = Files.writeString(tmp.resolve("nomodule.cfg"), "name = X\nlibrary = " + tmp.resolve("nope.so") + "\n");
    assertReason(noModule, Reason.MODULE_NOT_FOUND, "PKCS#11 module not found: " + tmp.resolve("nope.so"));
    Path garbage = Files.writeString(tmp.resolve("garbage.cfg"), "this is not a configuration\n");
    assertReason(garbage, Reason.CONFIG_INVALID, "invalid PKCS#11 configuration " + garbage);
    Path noToken = Files.writeString(tmp.resolve("notoken.cfg"), "name = X\nlibrary = " + SoftHsm.library()
      + "\nslot = 4242\n");
    assertReason(noToken, Reason.TOKEN_NOT_FOUND, "no token in the slot configured in " + noToken);
    String base = Files.readString(token.pkcs11Config());
    for (String bad : new String[] {"soon", "0s", "2h", "-5s", "1.5s"}) {
      Path badTimeout = Files.writeString(tmp.resolve("timeout-" + bad + ".cfg"), base + "\nockamTimeout = " + bad + "\n");
      assertReason(badTimeout, Reason.CONFIG_INVALID, "invalid PKCS#11 configuration " + badTimeout
        + ": ockamTimeout must be a duration such as 500ms, 30s or 2m");
    }
  }

  @Test
  void theConfigurationFileSetsTheOperationTimeout() throws Exception {
    String base = Files.readString(token.pkcs11Config());
    Path config = Files.writeString(tmp.resolve("timeout.cfg"), "ockamTimeout = 1500ms\n" + base);
    try (Pkcs11Vault vault = Pkcs11Vault.open(config, token.pin())) {
      assertThat(vault.timeout()).isEqualTo(Duration.ofMillis(1500));
      // SunPKCS11 got the rest of the file: the token works
      KeyId key = vault.generateSigningKey(KeyType.P256);
      assertThat(vault.sign(key, new byte[] {1, 2, 3}).type()).isEqualTo(KeyType.P256);
      assertThat(vault.deleteSigningKey(key)).isTrue();
    }
    // an explicit time-out wins over the file's
    Path other = Files.writeString(tmp.resolve("timeout2.cfg"), base + "\n  ockamTimeout=2m  \n");
    try (Pkcs11Vault vault = Pkcs11Vault.open(other, token.pin(), Duration.ofSeconds(3))) {
      assertThat(vault.timeout()).isEqualTo(Duration.ofSeconds(3));
    }
    // without the key: the default
    try (Pkcs11Vault vault = Pkcs11Vault.open(token.pkcs11Config(), token.pin())) {
      assertThat(vault.timeout()).isEqualTo(Pkcs11Vault.DEFAULT_TIMEOUT);
    }
  }

  private static void assertReason(Path config, Reason reason, String messageStart) {
    assertThatThrownBy(() -> Pkcs11Vault.open(config, token.pin()))
      .isInstanceOfSatisfying(Pkcs11Exception.class, e -> assertThat(e.reason()).isEqualTo(reason))
      .hasMessageStartingWith(messageStart)
      .hasMessageNotContaining("\n")
      .hasMessageNotContaining(SoftHsm.PIN);
  }

  @Test
  void aKeyRemovedFromTheTokenIsReportedAsMissing() {
    try (Pkcs11Vault vault = open()) {
      KeyId key = vault.generateSigningKey(KeyType.P256);
      byte[] digest = Sha256.digest(new byte[] {7});
      vault.sign(key, digest);
      // an administrator deletes the key with another tool while the vault holds it
      SoftHsm.deleteObject(token, "privkey", Pkcs11Vault.alias(key));
      assertThatThrownBy(() -> vault.sign(key, digest))
        .isInstanceOfSatisfying(Pkcs11Exception.class, e -> assertThat(e.reason()).isEqualTo(Reason.KEY_MISSING))
        .hasMessageContaining(Pkcs11Vault.alias(key))
        .hasMessageNotContaining("\n");
      assertThat(vault.signingKeys()).doesNotContain(key);
      SoftHsm.deleteObject(token, "cert", Pkcs11Vault.alias(key));
    }
  }

  @Test
  void aHungTokenTimesOutWhileSoftwareKeysGoOn() throws Exception {
    try (Pkcs11Vault vault = Pkcs11Vault.open(token.pkcs11Config(), token.pin(), Duration.ofMillis(1500))) {
      KeyId key = vault.generateSigningKey(KeyType.P256);
      byte[] digest = Sha256.digest(new byte[] {9});
      vault.sign(key, digest);
      SoftwareVault software = SoftwareVault.create();
      KeyId softKey = software.generateSigningKey(KeyType.P256);
      Process locker = javaProcess(TokenLocker.class, token.softhsmConf().getParent().resolve("tokens").toString())
        .redirectErrorStream(true).start();
      try {
        BufferedReader r = new BufferedReader(new InputStreamReader(locker.getInputStream(), StandardCharsets.UTF_8));
        assertThat(r.readLine()).startsWith("locked");
        long start = System.nanoTime();
        assertThatThrownBy(() -> vault.sign(key, digest))
          .isInstanceOfSatisfying(Pkcs11Exception.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
          .hasMessageContaining("did not answer within 1500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        // while the token hangs, later calls fail at once and software keys keep working
        assertThatThrownBy(() -> vault.sign(key, digest))
          .isInstanceOfSatisfying(Pkcs11Exception.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT))
          .hasMessageContaining("has not answered an earlier operation");
        assertThat(VerifyingVault.software().verify(software.verifyingPublicKey(softKey), digest,
          software.sign(softKey, digest))).isTrue();
      } finally {
        locker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      // the token answers again once the stuck operation has returned
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      Signature sig = null;
      while (sig == null) {
        try {
          sig = vault.sign(key, digest);
        } catch (Pkcs11Exception e) {
          if (e.reason() != Reason.TIMEOUT || System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(100);
        }
      }
      assertThat(VerifyingVault.software().verify(vault.verifyingPublicKey(key), digest, sig)).isTrue();
      vault.deleteSigningKey(key);
    }
  }

  private static ProcessBuilder javaProcess(Class<?> main, String... args) {
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"), main.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd);
  }
}
