package io.ockamj.crypto.bench;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.KeyType;
import io.ockamj.crypto.Signature;
import io.ockamj.crypto.SigningVault;
import io.ockamj.crypto.SoftwareVault;
import io.ockamj.crypto.pkcs11.Pkcs11Vault;
import io.ockamj.crypto.pkcs11.SoftHsm;
import io.ockamj.crypto.primitives.Sha256;

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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * P-256 signatures per second (Ockam's signing of a 32-byte digest, as for purpose-key attestations
 * and credentials) through the software vault and through a PKCS#11 token (SoftHSM2 via SunPKCS11,
 * each signature a round trip through the token's thread and the module). Needs SoftHSM2 and
 * {@code SOFTHSM2_CONF} pointing at a {@code softhsm2.conf} in a scratch directory (emptied and given
 * a fresh token), e.g.:
 * <pre>
 * SOFTHSM2_CONF=/tmp/bench-hsm/softhsm2.conf java -cp &lt;crypto test classpath&gt; \
 *   io.ockamj.crypto.bench.VaultSignBench
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VaultSignBench {

  /** A P-256 key in the chosen vault. */
  @State(Scope.Benchmark)
  public static class Key {
    @Param({"software", "pkcs11"})
    String vault;

    SigningVault signer;
    AutoCloseable closer;
    KeyId key;
    byte[] digest = Sha256.digest("attestation".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    @Setup
    public void setup() {
      if (vault.equals("software")) {
        SoftwareVault v = SoftwareVault.create();
        signer = v;
        closer = v;
      } else {
        SoftHsm.Token token = SoftHsm.shared();
        Pkcs11Vault v = Pkcs11Vault.open(token.pkcs11Config(), token.pin());
        signer = v;
        closer = v;
      }
      key = signer.generateSigningKey(KeyType.P256);
    }

    @TearDown
    public void tearDown() throws Exception {
      signer.deleteSigningKey(key);
      closer.close();
    }
  }

  /** One P-256 signature of a 32-byte digest (64-byte r || s out). */
  @Benchmark
  public Signature signP256(Key k) {
    return k.signer.sign(k.key, k.digest);
  }

  /**
   * Runs the benchmark.
   *
   * @param args ignored
   * @throws RunnerException if JMH fails
   */
  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(VaultSignBench.class.getSimpleName()).build()).run();
  }
}
