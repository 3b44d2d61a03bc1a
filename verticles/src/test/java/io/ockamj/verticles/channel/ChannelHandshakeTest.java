package io.ockamj.verticles.channel;

import io.ockamj.crypto.noise.HandshakeState;
import io.ockamj.node.spi.CryptoWorkers;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelHandshakeTest {

  /**
   * The responder makes its handshake state in the crypto task that reads message 1; when the
   * decryptor stopped before that task ran, the state made is wiped at once and the step fails as
   * closed, instead of leaving an ephemeral key in the vault that no one deletes.
   */
  @Test
  void aResponderStoppedBeforeMessage1IsReadKeepsNoHandshakeState() {
    Vertx vertx = Vertx.vertx();
    try {
      CryptoWorkers workers = CryptoWorkers.of(vertx);
      ChannelIdentity responder = await(ChannelIdentity.generate(vertx));
      ChannelIdentity initiator = await(ChannelIdentity.generate(vertx));
      byte[] message1 = await(workers.run(() -> {
        try (HandshakeState hs = HandshakeState.initiator(initiator.vault(), initiator.secureChannelKey().keyId())) {
          return hs.writeMessage(new byte[0]);
        }
      }));
      ChannelHandshake handshake = new ChannelHandshake(null, responder, null, false);
      assertThat(handshake.takeTurn()).isTrue();
      assertThat(handshake.takeTurn()).as("message 1 is taken once").isFalse();
      handshake.destroy();
      assertThatThrownBy(() -> await(workers.run(() -> handshake.step(message1))))
        .isInstanceOfSatisfying(ChannelException.class, e -> assertThat(e.reason()).isEqualTo(ChannelException.Reason.CLOSED));
    } finally {
      await(vertx.close());
    }
  }
}
