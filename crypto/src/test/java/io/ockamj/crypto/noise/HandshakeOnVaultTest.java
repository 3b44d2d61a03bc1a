package io.ockamj.crypto.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.KeyId;
import io.ockamj.crypto.SoftwareVault;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The handshake on vault handles: the static key stays in the vault, and every ephemeral key and
 * secret buffer it made is gone once it completes, fails or is destroyed, while a rejected message
 * leaves neither the state nor the vault changed.
 */
class HandshakeOnVaultTest {

  @Test
  void aCompletedHandshakeLeavesOnlyTheStaticKeys() {
    try (SoftwareVault iv = SoftwareVault.create(); SoftwareVault rv = SoftwareVault.create()) {
      KeyId is = iv.generateX25519Key();
      KeyId rs = rv.generateX25519Key();
      HandshakeState i = HandshakeState.initiator(iv, is);
      HandshakeState r = HandshakeState.responder(rv, rs);
      assertThat(i.getLocalStaticPublicKey()).isEqualTo(iv.x25519PublicKey(is));
      r.readMessage(i.writeMessage(new byte[0]));
      byte[] m2 = r.writeMessage("r".getBytes());
      // a corrupted message 2 is rejected without changing the state or leaving buffers behind
      int before = iv.secretBufferCount();
      byte[] bad = m2.clone();
      bad[bad.length - 1] ^= 1;
      assertThatThrownBy(() -> i.readMessage(bad)).isInstanceOf(SecureChannelException.class);
      assertThat(iv.secretBufferCount()).isEqualTo(before);
      assertThat(i.readMessage(m2)).isEqualTo("r".getBytes());
      r.readMessage(i.writeMessage("i".getBytes()));
      try (TransportKeys ik = i.split(); TransportKeys rk = r.split()) {
        assertThat(ik.encryptionKey().contentEquals(rk.decryptionKey())).isTrue();
        assertThat(ik.decryptionKey().contentEquals(rk.encryptionKey())).isTrue();
      }
      assertThat(iv.secretBufferCount()).isZero();
      assertThat(rv.secretBufferCount()).isZero();
      assertThat(iv.keys()).containsExactly(is);
      assertThat(rv.keys()).containsExactly(rs);
      assertThat(iv.toString()).isEqualTo("SoftwareVault[1 keys, 0 buffers]");
    }
  }

  @Test
  void aFailedOrAbandonedHandshakeLeavesNothingBehind() {
    try (SoftwareVault v = SoftwareVault.create()) {
      KeyId s = v.generateX25519Key();
      HandshakeState r = HandshakeState.responder(v, s);
      byte[] lowOrder = new byte[32]; // the all-zero point
      r.readMessage(lowOrder);
      assertThatThrownBy(() -> r.writeMessage(new byte[0])).isInstanceOf(SecureChannelException.class);
      assertThat(r.getAction()).isEqualTo(HandshakeState.Action.FAILED);
      HandshakeState i = HandshakeState.initiator(v, s);
      i.writeMessage(new byte[0]);
      i.destroy();
      i.destroy();
      assertThat(v.secretBufferCount()).isZero();
      assertThat(v.keys()).containsExactly(s);
    }
  }

  @Test
  void rawSecretFactoriesCloseTheirPrivateVault() {
    byte[] secret = new byte[32];
    Arrays.fill(secret, (byte) 1);
    HandshakeState i = HandshakeState.initiator(secret);
    HandshakeState r = HandshakeState.responder(secret);
    r.readMessage(i.writeMessage(new byte[0]));
    i.readMessage(r.writeMessage(new byte[0]));
    r.readMessage(i.writeMessage(new byte[0]));
    i.split().close();
    r.split().close();
    assertThat(i.isDestroyed()).isTrue();
    assertThatThrownBy(() -> HandshakeState.initiator(SoftwareVault.create(), KeyId.of(
      io.ockamj.crypto.KeyType.X25519, new byte[32]))).isInstanceOf(io.ockamj.crypto.VaultException.class);
  }
}
