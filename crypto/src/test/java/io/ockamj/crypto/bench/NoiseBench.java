package io.ockamj.crypto.bench;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.SoftwareVault;

import io.ockamj.crypto.noise.ChannelDecryptor;
import io.ockamj.crypto.noise.ChannelEncryptor;
import io.ockamj.crypto.noise.HandshakeState;
import io.ockamj.crypto.noise.TransportKeys;
import io.ockamj.crypto.primitives.X25519;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Secure-channel throughput: full Noise XX handshakes (both sides, in one thread) per second, and
 * data-phase messages per second for 1 KiB and 16 KiB plaintexts (encrypt only, and encrypt plus
 * decrypt). Run from the IDE or with the JMH runner on the test classpath, e.g.
 * {@code java -cp <test classpath> org.openjdk.jmh.Main NoiseBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NoiseBench {

  /** Static keys for the handshake benchmark. */
  @State(Scope.Benchmark)
  public static class Keys {
    byte[] initiatorStatic;
    byte[] responderStatic;
    byte[] payload2 = new byte[600]; // about the size of an identity + attestation + credential
    byte[] payload3 = new byte[600];

    @Setup
    public void setup() {
      initiatorStatic = X25519.generateSecret();
      responderStatic = X25519.generateSecret();
    }
  }

  /** An established channel for the data-phase benchmarks. */
  @State(Scope.Thread)
  public static class Channel {
    @Param({"1024", "16384"})
    int size;

    byte[] plaintext;
    byte[] out;
    ChannelEncryptor encryptor;
    ChannelEncryptor loopEncryptor;
    ChannelDecryptor loopDecryptor;

    @Setup(Level.Iteration)
    public void setup() {
      plaintext = new byte[size];
      out = new byte[size + ChannelEncryptor.OVERHEAD];
      TransportKeys[] keys = handshake(X25519.generateSecret(), X25519.generateSecret(), new byte[0], new byte[0]);
      encryptor = keys[0].newEncryptor();
      loopEncryptor = keys[0].newEncryptor();
      loopDecryptor = keys[1].newDecryptor();
      keys[0].destroy();
      keys[1].destroy();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
      encryptor.destroy();
      loopEncryptor.destroy();
      loopDecryptor.destroy();
    }
  }

  static TransportKeys[] handshake(byte[] is, byte[] rs, byte[] p2, byte[] p3) {
    HandshakeState i = HandshakeState.initiator(is);
    HandshakeState r = HandshakeState.responder(rs);
    r.readMessage(i.writeMessage(new byte[0]));
    i.readMessage(r.writeMessage(p2));
    r.readMessage(i.writeMessage(p3));
    return new TransportKeys[] {i.split(), r.split()};
  }

  /** Two long-lived vaults holding the static keys, as nodes have. */
  @State(Scope.Benchmark)
  public static class Vaults {
    SoftwareVault initiator;
    SoftwareVault responder;
    KeyId initiatorStatic;
    KeyId responderStatic;
    byte[] payload2 = new byte[600];
    byte[] payload3 = new byte[600];

    @Setup
    public void setup() {
      initiator = SoftwareVault.create();
      responder = SoftwareVault.create();
      initiatorStatic = initiator.generateX25519Key();
      responderStatic = responder.generateX25519Key();
    }

    @TearDown
    public void tearDown() {
      initiator.close();
      responder.close();
    }
  }

  /** One complete handshake as nodes run it: on their vaults' handles, static keys inside the vaults. */
  @Benchmark
  public void handshakePairOnVaults(Vaults v, Blackhole bh) {
    HandshakeState i = HandshakeState.initiator(v.initiator, v.initiatorStatic);
    HandshakeState r = HandshakeState.responder(v.responder, v.responderStatic);
    r.readMessage(i.writeMessage(new byte[0]));
    i.readMessage(r.writeMessage(v.payload2));
    r.readMessage(i.writeMessage(v.payload3));
    TransportKeys ik = i.split();
    TransportKeys rk = r.split();
    bh.consume(ik.handshakeHash());
    ik.destroy();
    rk.destroy();
  }

  /** One complete handshake: both sides, three messages, split (4 X25519 agreements per side). */
  @Benchmark
  public void handshakePair(Keys k, Blackhole bh) {
    TransportKeys[] keys = handshake(k.initiatorStatic, k.responderStatic, k.payload2, k.payload3);
    bh.consume(keys[0].handshakeHash());
    keys[0].destroy();
    keys[1].destroy();
  }

  /** Encrypt one message (nonce prefix, AES-256-GCM, rekey every 32). */
  @Benchmark
  public int encrypt(Channel c) {
    return c.encryptor.encrypt(c.plaintext, 0, c.plaintext.length, c.out, 0);
  }

  /** Encrypt then decrypt one message (replay window and key tracking included). */
  @Benchmark
  public byte[] encryptDecrypt(Channel c) {
    int n = c.loopEncryptor.encrypt(c.plaintext, 0, c.plaintext.length, c.out, 0);
    return c.loopDecryptor.decrypt(c.out, 0, n);
  }
}
