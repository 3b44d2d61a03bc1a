package io.ockamj.console;

import io.ockamj.crypto.noise.ChannelEncryptor;
import io.ockamj.crypto.primitives.AesGcm;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel view's rekey count is the encryptor's: the n-th message of a direction is sealed with
 * the key rekeyed {@code NodeSnapshot.rekeys(n)} times.
 */
class ChannelRekeysTest {

  @Test
  void theNthMessageIsSealedWithTheKeyRekeyedAsOftenAsTheViewSays() {
    byte[] k0 = new byte[32];
    Arrays.fill(k0, (byte) 7);
    byte[] plain = {1, 2, 3};
    ChannelEncryptor enc = new ChannelEncryptor(k0, true);
    for (int n = 1; n <= 200; n++) {
      byte[] sealed = enc.encrypt(plain);
      byte[] key = k0.clone();
      for (long r = NodeSnapshot.rekeys(n); r > 0; r--) {
        key = ChannelEncryptor.rekey(key);
      }
      byte[] expected = AesGcm.encrypt(key, n - 1, new byte[0], plain);
      assertThat(Arrays.copyOfRange(sealed, ChannelEncryptor.NONCE_LEN, sealed.length)).as("message %d", n).isEqualTo(expected);
    }
    assertThat(NodeSnapshot.rekeys(0)).isZero();
  }
}
