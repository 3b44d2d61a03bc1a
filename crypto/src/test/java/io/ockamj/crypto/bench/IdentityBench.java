package io.ockamj.crypto.bench;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.VerifyingPublicKey;
import io.ockamj.crypto.VerifyingVault;
import io.ockamj.crypto.identity.Attributes;
import io.ockamj.crypto.identity.ChangeOptions;
import io.ockamj.crypto.identity.CredentialAndPurposeKey;
import io.ockamj.crypto.identity.Credentials;
import io.ockamj.crypto.identity.Identities;
import io.ockamj.crypto.identity.Identity;
import io.ockamj.crypto.identity.PurposeKey;
import io.ockamj.crypto.identity.PurposeKeys;
import io.ockamj.crypto.identity.VerifiedCredential;
import io.ockamj.crypto.primitives.Sha256;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Identity throughput: change-history verifications per second (decode + every §5.6 rule, for a
 * one-change and a three-change history of each key type), presented-credential verifications per
 * second (decode + attestation + credential, §6.3), and raw Ed25519 / P-256 signatures and
 * verifications per second through the software vault. Run from the IDE, with {@link #main}, or
 * with {@code java -cp <test classpath> org.openjdk.jmh.Main IdentityBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IdentityBench {

  /** Histories to verify. */
  @State(Scope.Benchmark)
  public static class Histories {
    @Param({"ED25519", "P256"})
    KeyType keyType;

    @Param({"1", "3"})
    int changes;

    byte[] history;

    @Setup
    public void setup() {
      Identities identities = Identities.create(SoftwareVault.create());
      Identity id = identities.createIdentity(keyType);
      for (int i = 1; i < changes; i++) {
        id = identities.rotate(id, new ChangeOptions().setKeyType(keyType));
      }
      history = id.export();
    }
  }

  /** A presented credential and its authority. */
  @State(Scope.Benchmark)
  public static class PresentedCredential {
    @Param({"ED25519", "P256"})
    KeyType keyType;

    byte[] credential;
    List<Identity> authorities;
    long now;

    @Setup
    public void setup() {
      SoftwareVault vault = SoftwareVault.create();
      Identities identities = Identities.create(vault);
      Identity authority = identities.createIdentity(keyType);
      Identity member = identities.createIdentity();
      PurposeKey key = PurposeKeys.create(vault).createCredentialKey(authority, keyType);
      Attributes attributes = Attributes.builder()
        .put("ockam-role", "member").put("project_id", "767d461c-9851-4c0b-bfc6-6d3334b5bcc2")
        .put("trust_context_id", "767d461c-9851-4c0b-bfc6-6d3334b5bcc2").build();
      CredentialAndPurposeKey cap = Credentials.create(vault).issue(key, member, attributes, Duration.ofDays(30));
      credential = cap.bytes();
      authorities = List.of(authority);
      now = cap.credential().credentialData().createdAt();
    }
  }

  /** A vault key for the raw signing benchmarks. */
  @State(Scope.Thread)
  public static class Signer {
    @Param({"ED25519", "P256"})
    KeyType keyType;

    SoftwareVault vault;
    KeyId key;
    VerifyingPublicKey publicKey;
    byte[] digest;
    Signature signature;

    @Setup
    public void setup() {
      vault = SoftwareVault.create();
      key = vault.generateSigningKey(keyType);
      publicKey = vault.verifyingPublicKey(key);
      digest = Sha256.digest("an Ockam change".getBytes());
      signature = vault.sign(key, digest);
    }
  }

  /**
   * @param s the history
   * @return the verified identity
   */
  @Benchmark
  public Identity verifyHistory(Histories s) {
    return Identity.importFrom(s.history);
  }

  /**
   * @param s the credential
   * @return the verified credential
   */
  @Benchmark
  public VerifiedCredential verifyCredential(PresentedCredential s) {
    return CredentialAndPurposeKey.decode(s.credential).verify(null, s.authorities, s.now);
  }

  /**
   * @param s the signer
   * @return the signature
   */
  @Benchmark
  public Signature sign(Signer s) {
    return s.vault.sign(s.key, s.digest);
  }

  /**
   * @param s the signer
   * @return whether the signature verified
   */
  @Benchmark
  public boolean verifySignature(Signer s) {
    return VerifyingVault.software().verify(s.publicKey, s.digest, s.signature);
  }

  /**
   * Runs every benchmark of this class.
   *
   * @param args ignored
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(IdentityBench.class.getSimpleName()).build()).run();
  }
}
