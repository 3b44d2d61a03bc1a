package io.ockamj.crypto.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.crypto.primitives.AeadException;
import io.ockamj.crypto.primitives.AesGcm;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class NoisePropertiesTest {

  private static final byte[] KEY = new byte[32];

  static {
    for (int i = 0; i < 32; i++) {
      KEY[i] = (byte) (i * 7 + 3);
    }
  }

  @Property(tries = 300)
  void aesGcmRoundTripsForAnyNonceAndAad(@ForAll @Size(max = 2048) byte[] plaintext, @ForAll long nonce,
                                          @ForAll @Size(max = 64) byte[] aad) {
    byte[] ct = AesGcm.encrypt(KEY, nonce, aad, plaintext);
    assertThat(ct).hasSize(plaintext.length + AesGcm.TAG_SIZE);
    assertThat(AesGcm.decrypt(KEY, nonce, aad, ct)).isEqualTo(plaintext);
  }

  @Property(tries = 300)
  void anyFlippedBitIsRejected(@ForAll @Size(max = 256) byte[] plaintext, @ForAll long nonce,
                               @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int bitSeed) {
    byte[] ct = AesGcm.encrypt(KEY, nonce, null, plaintext);
    int bit = bitSeed % (ct.length * 8);
    ct[bit / 8] ^= (byte) (1 << (bit % 8));
    assertThatThrownBy(() -> AesGcm.decrypt(KEY, nonce, null, ct)).isInstanceOf(AeadException.class);
  }

  @Property(tries = 200)
  void encryptingThreePartsEqualsEncryptingTheirConcatenation(@ForAll @Size(max = 300) byte[] head,
                                                             @ForAll @Size(max = 2048) byte[] body,
                                                             @ForAll @Size(max = 40) byte[] tail,
                                                             @ForAll @IntRange(min = 0, max = 300) int headLen,
                                                             @ForAll @IntRange(min = 0, max = 100) int messagesBefore) {
    int h = Math.min(headLen, head.length);
    byte[] joined = new byte[h + body.length + tail.length];
    System.arraycopy(head, 0, joined, 0, h);
    System.arraycopy(body, 0, joined, h, body.length);
    System.arraycopy(tail, 0, joined, h + body.length, tail.length);
    try (ChannelEncryptor parts = new ChannelEncryptor(KEY, true); ChannelEncryptor whole = new ChannelEncryptor(KEY, true)) {
      // also across a rekey: both encryptors advance through the same nonces
      for (int i = 0; i < messagesBefore; i++) {
        parts.encrypt(new byte[1]);
        whole.encrypt(new byte[1]);
      }
      byte[] out = new byte[joined.length + ChannelEncryptor.OVERHEAD + 3];
      int n = parts.encrypt(head, h, body, tail, out, 3);
      assertThat(n).isEqualTo(joined.length + ChannelEncryptor.OVERHEAD);
      assertThat(java.util.Arrays.copyOfRange(out, 3, 3 + n)).isEqualTo(whole.encrypt(joined));
    }
  }

  @Property(tries = 200)
  void decryptingIntoABufferEqualsDecrypting(@ForAll @Size(max = 40) List<@Size(max = 600) byte[]> payloads,
                                             @ForAll @IntRange(min = 0, max = 8) int outOff) {
    try (ChannelEncryptor enc = new ChannelEncryptor(KEY, true);
         ChannelDecryptor intoArrays = new ChannelDecryptor(KEY, true);
         ChannelDecryptor intoBuffer = new ChannelDecryptor(KEY, true)) {
      byte[] buffer = new byte[700];
      for (byte[] p : payloads) {
        byte[] wire = enc.encrypt(p);
        int n = intoBuffer.decrypt(wire, 0, wire.length, buffer, outOff);
        assertThat(java.util.Arrays.copyOfRange(buffer, outOff, outOff + n)).isEqualTo(intoArrays.decrypt(wire)).isEqualTo(p);
      }
      byte[] tooShort = enc.encrypt(new byte[10]);
      assertThatThrownBy(() -> intoBuffer.decrypt(tooShort, 0, tooShort.length, new byte[9], 0))
        .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Property(tries = 200)
  void payloadHeadPayloadAndPaddingFieldAreTheEncodedMessage(@ForAll @Size(max = 600) byte[] payload,
                                                            @ForAll @IntRange(min = 0, max = 300) int padding) {
    Route onward = Route.of("outlet", "x");
    Route ret = Route.of(Address.randomLocal());
    CborWriter head = SecureChannelPaddedMessage.payloadHead(onward, ret, payload.length);
    byte[] tail = SecureChannelPaddedMessage.paddingField(padding);
    byte[] joined = new byte[head.size() + payload.length + tail.length];
    System.arraycopy(head.buffer(), 0, joined, 0, head.size());
    System.arraycopy(payload, 0, joined, head.size(), payload.length);
    System.arraycopy(tail, 0, joined, head.size() + payload.length, tail.length);
    SecureChannelMessage.Payload message = new SecureChannelMessage.Payload(onward, ret, payload);
    assertThat(joined).isEqualTo(new SecureChannelPaddedMessage(message, new byte[padding]).encode());
  }

  @Property(tries = 100)
  void channelRoundTripsAcrossRekeys(@ForAll @Size(min = 1, max = 100) List<@Size(max = 300) byte[]> payloads) {
    try (ChannelEncryptor enc = new ChannelEncryptor(KEY, true); ChannelDecryptor dec = new ChannelDecryptor(KEY, true)) {
      for (byte[] p : payloads) {
        byte[] wire = enc.encrypt(p);
        assertThat(wire).hasSize(p.length + ChannelEncryptor.OVERHEAD);
        assertThat(dec.decrypt(wire)).isEqualTo(p);
      }
      assertThat(dec.rekeys()).isEqualTo((payloads.size() - 1) / ChannelEncryptor.KEY_RENEWAL_INTERVAL);
    }
  }

  @Property(tries = 200)
  void channelRoundTripsFromAnyStartNonce(@ForAll @Size(max = 512) byte[] payload, @ForAll long start) {
    if (start == -1L) {
      return;
    }
    try (ChannelEncryptor enc = new ChannelEncryptor(KEY, start, false);
         ChannelDecryptor dec = new ChannelDecryptor(KEY, false)) {
      byte[] wire = enc.encrypt(payload);
      assertThat(dec.decrypt(wire)).isEqualTo(payload);
      assertThat(dec.lastNonce()).isEqualTo(start);
    }
  }

  @Property(tries = 500)
  void decryptorOnlyThrowsTypedErrors(@ForAll @Size(max = 128) List<@Size(max = 64) byte[]> frames) {
    try (ChannelDecryptor dec = new ChannelDecryptor(KEY, true)) {
      for (byte[] f : frames) {
        try {
          dec.decrypt(f);
        } catch (SecureChannelException expected) {
          // fine
        }
      }
    }
  }

  @Property(tries = 300)
  void plaintextMessagesRoundTrip(@ForAll("messages") SecureChannelMessage msg, @ForAll @Size(max = 32) byte[] padding) {
    SecureChannelPaddedMessage m = new SecureChannelPaddedMessage(msg, padding);
    byte[] bytes = m.encode();
    SecureChannelPaddedMessage back = SecureChannelPaddedMessage.decode(bytes);
    assertThat(back).isEqualTo(m);
    assertThat(back.encode()).isEqualTo(bytes);
  }

  @Property(tries = 1000)
  void plaintextDecoderOnlyThrowsDecodeException(@ForAll("mutatedMessages") byte[] bytes) {
    try {
      SecureChannelPaddedMessage m = SecureChannelPaddedMessage.decode(bytes);
      assertThat(SecureChannelPaddedMessage.decode(m.encode())).isEqualTo(m);
    } catch (DecodeException expected) {
      // fine
    }
    try {
      IdentityAndCredentials.decode(bytes);
    } catch (DecodeException expected) {
      // fine
    }
  }

  @Provide
  Arbitrary<byte[]> mutatedMessages() {
    Arbitrary<byte[]> valid = messages().map(SecureChannelPaddedMessage::encode);
    return Combinators.combine(valid, Arbitraries.integers().between(0, 1000), Arbitraries.bytes(),
        Arbitraries.integers().between(0, 3))
      .as((b, pos, val, op) -> {
        if (b.length == 0) {
          return b;
        }
        int p = pos % b.length;
        switch (op) {
          case 0:
            b[p] = val;
            return b;
          case 1:
            return java.util.Arrays.copyOf(b, p);
          case 2:
            b[p] ^= (byte) (1 << (val & 7));
            return b;
          default:
            return b;
        }
      });
  }

  @Provide
  Arbitrary<SecureChannelMessage> messages() {
    Arbitrary<Address> address = Combinators.combine(Arbitraries.integers().between(0, 255),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
      .as(Address::of);
    Arbitrary<Route> route = address.list().ofMaxSize(5).map(Route::of);
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    Arbitrary<SecureChannelMessage> payload = Combinators.combine(route, route, bytes)
      .as(SecureChannelMessage.Payload::new);
    // raw CBOR arrays stand in for change histories and credentials
    Arbitrary<byte[]> rawArray = bytes.list().ofMaxSize(3).map(parts -> {
      CborWriter w = new CborWriter();
      w.array(parts.size());
      for (byte[] p : parts) {
        w.bytes(p);
      }
      return w.toByteArray();
    });
    Arbitrary<SecureChannelMessage> refresh = Combinators.combine(rawArray, rawArray.list().ofMaxSize(3))
      .as((ch, creds) -> new SecureChannelMessage.RefreshCredentials(ch, new ArrayList<>(creds)));
    return Arbitraries.oneOf(payload, refresh, Arbitraries.just(SecureChannelMessage.Close.INSTANCE));
  }
}
