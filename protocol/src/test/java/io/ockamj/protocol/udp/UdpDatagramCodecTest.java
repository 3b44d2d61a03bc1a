package io.ockamj.protocol.udp;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.errors.DecodeException;
import io.ockamj.protocol.errors.OckamException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.ockamj.protocol.testing.Vectors.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The UDP datagram format against bytes written by hand from Rust's layout
 * ({@code ockam_transport_udp/src/messages/transport_message.rs}, minicbor array encoding), and its
 * limits.
 */
class UdpDatagramCodecTest {

  /** The routing message of the protocol reference's TCP example (section 2.2): "hello" to echo, return route [app]. */
  private static final String HELLO_ROUTING_MESSAGE = "83" + "81" + "820044" + "6563686f" + "81" + "820043" + "617070" + "46" + "0568656c6c6f";

  private static final TransportMessage HELLO =
    new TransportMessage(Route.of("echo"), Route.of("app"), BareWriter.encodeString("hello"), null);

  @Test
  void smallPartMatchesTheSpecBytes() {
    // [1, 0x1234, 0, true, h'6869']
    byte[] expected = hex("85" + "01" + "191234" + "00" + "f5" + "42" + "6869");
    UdpTransportMessage m = new UdpTransportMessage(1, 0x1234, 0, true, new byte[] {'h', 'i'});
    assertThat(UdpDatagramCodec.encode(m)).isEqualTo(expected);
    assertThat(UdpDatagramCodec.decode(expected)).isEqualTo(m);
  }

  @Test
  void largestPartIsExactly508Bytes() {
    // Rust's test_max_size_max_protocol: u8::MAX, u16::MAX, u32::MAX, true, 493 zero bytes
    byte[] head = hex("85" + "18ff" + "19ffff" + "1affffffff" + "f5" + "5901ed");
    byte[] expected = Arrays.copyOf(head, head.length + 493);
    UdpTransportMessage m = new UdpTransportMessage(255, 0xFFFF, 0xFFFF_FFFFL, true, new byte[493]);
    byte[] encoded = UdpDatagramCodec.encode(m);
    assertThat(encoded).hasSize(UdpDatagramCodec.MAX_ON_THE_WIRE_SIZE).isEqualTo(expected);
    assertThat(UdpDatagramCodec.decode(expected)).isEqualTo(m);
  }

  @Test
  void aShortRoutingMessageIsOneDatagram() {
    List<byte[]> parts = UdpDatagramCodec.split(HELLO, 7);
    // [1, 7, 0, true, h'<23 bytes>']
    assertThat(parts).hasSize(1);
    assertThat(parts.get(0)).isEqualTo(hex("85" + "01" + "07" + "00" + "f5" + "57" + HELLO_ROUTING_MESSAGE));
  }

  @Test
  void aLongRoutingMessageIsCutAt493Bytes() {
    TransportMessage big = new TransportMessage(Route.of("echo"), Route.of("app"), new byte[1200], null);
    byte[] whole = TcpFrameCodec.encode(big);
    List<byte[]> parts = UdpDatagramCodec.split(big, 0xFFFF);
    assertThat(parts).hasSize(3);
    long offset = 0;
    for (int i = 0; i < parts.size(); i++) {
      assertThat(parts.get(i).length).isLessThanOrEqualTo(UdpDatagramCodec.MAX_ON_THE_WIRE_SIZE);
      UdpTransportMessage m = UdpDatagramCodec.decode(parts.get(i));
      assertThat(m.routingNumber()).isEqualTo(0xFFFF);
      assertThat(m.offset()).isEqualTo(offset);
      assertThat(m.isLast()).isEqualTo(i == 2);
      assertThat(m.payload()).isEqualTo(Arrays.copyOfRange(whole, (int) offset, (int) offset + m.payload().length));
      offset += m.payload().length;
    }
    assertThat(offset).isEqualTo(whole.length);
    // the second part: [1, 0xffff, 493, false, h'<493 bytes>']
    assertThat(Arrays.copyOf(parts.get(1), 12)).isEqualTo(hex("85" + "01" + "19ffff" + "1901ed" + "f4" + "5901ed"));
  }

  @Test
  void udpAddressesInRoutesAreTransportType2() {
    // a return route as a receiver builds it: [sender, 2#127.0.0.1:4000]
    TransportMessage m = new TransportMessage(Route.of("rendezvous"),
      Route.of(Address.local("s"), Address.of(Address.UDP, "127.0.0.1:4000")), new byte[] {0x01}, null);
    assertThat(TcpFrameCodec.encode(m)).isEqualTo(hex("83" + "81" + "82004a" + "72656e64657a766f7573"
      + "82" + "820041" + "73" + "82024e" + "3132372e302e302e313a34303030" + "4101"));
  }

  @Test
  void decodingIsLenientLikeMinicbor() {
    // indefinite-length array, and an extra trailing element
    assertThat(UdpDatagramCodec.decode(hex("9f" + "01" + "02" + "03" + "f4" + "40" + "ff")))
      .isEqualTo(new UdpTransportMessage(1, 2, 3, false, new byte[0]));
    assertThat(UdpDatagramCodec.decode(hex("86" + "01" + "02" + "03" + "f5" + "40" + "00")))
      .isEqualTo(new UdpTransportMessage(1, 2, 3, true, new byte[0]));
  }

  @Test
  void malformedDatagramsAreRejectedTyped() {
    for (String bad : List.of("", "84010203f4", "85" + "1901ff" + "00" + "00" + "f5" + "40", "85" + "01" + "1a00010000" + "00" + "f5" + "40",
      "85" + "01" + "00" + "1b0000000100000000" + "f5" + "40", "85010000f5", "8501000001" + "40", "850100" + "00" + "f5" + "44" + "01",
      "85010000f540" + "00", "ff")) {
      assertThatThrownBy(() -> UdpDatagramCodec.decode(hex(bad))).as(bad).isInstanceOf(DecodeException.class);
    }
    assertThatThrownBy(() -> UdpDatagramCodec.decode(new byte[509])).isInstanceOf(DecodeException.class)
      .hasMessageContaining("508");
  }

  @Test
  void tooLargeRoutingMessagesAreNotSent() {
    TransportMessage huge = new TransportMessage(Route.of("echo"), Route.of("app"), new byte[UdpDatagramCodec.MAX_MESSAGE_SIZE], null);
    assertThatThrownBy(() -> UdpDatagramCodec.split(huge, 0)).isInstanceOf(OckamException.class);
  }

  @Test
  void routingNumbersCompareOnACircle() {
    // Rust's routing_number.rs tests
    assertThat(UdpDatagramCodec.compareRoutingNumbers(5, 6)).isNegative();
    assertThat(UdpDatagramCodec.compareRoutingNumbers(6, 5)).isPositive();
    assertThat(UdpDatagramCodec.compareRoutingNumbers(5, 5)).isZero();
    assertThat(UdpDatagramCodec.compareRoutingNumbers(0xFFFF, 0)).isNegative();
    assertThat(UdpDatagramCodec.compareRoutingNumbers(0xFFFF, 0xFFFE)).isPositive();
    assertThat(UdpDatagramCodec.compareRoutingNumbers(0, 0xFFFF)).isPositive();
    assertThat(UdpDatagramCodec.compareRoutingNumbers(0, 0x8000)).isNegative();
    assertThat(UdpDatagramCodec.compareRoutingNumbers(0, 0x8001)).isPositive();
  }
}
