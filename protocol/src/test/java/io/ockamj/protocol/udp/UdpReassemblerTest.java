package io.ockamj.protocol.udp;

import io.ockamj.protocol.Route;
import io.ockamj.protocol.TransportMessage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Reassembly of routing messages from datagrams, as Rust's receiver does it, and its bounds. */
class UdpReassemblerTest {

  private static TransportMessage message(int size) {
    byte[] payload = new byte[size];
    for (int i = 0; i < size; i++) {
      payload[i] = (byte) i;
    }
    return new TransportMessage(Route.of("echo"), Route.of("app"), payload, null);
  }

  private static List<UdpTransportMessage> parts(TransportMessage m, int routingNumber) {
    return UdpDatagramCodec.split(m, routingNumber).stream().map(UdpDatagramCodec::decode).toList();
  }

  @Test
  void partsInOrderMakeTheMessage() {
    UdpReassembler r = new UdpReassembler(16, 1 << 20);
    TransportMessage m = message(1500);
    List<UdpTransportMessage> ps = parts(m, 10);
    assertThat(ps).hasSize(4);
    for (int i = 0; i < 3; i++) {
      assertThat(r.add("127.0.0.1:1", ps.get(i))).isInstanceOf(UdpReassembler.Pending.class);
    }
    assertThat(r.pendingBytes()).isEqualTo(3 * 493);
    assertThat(r.add("127.0.0.1:1", ps.get(3))).isEqualTo(new UdpReassembler.Assembled(m, null));
    assertThat(r.pendingBytes()).isZero();
    // the next number is expected now; an older one is late
    assertThat(r.add("127.0.0.1:1", parts(message(3), 10).get(0))).isInstanceOfSatisfying(UdpReassembler.Dropped.class,
      d -> assertThat(d.late()).isTrue());
    assertThat(r.add("127.0.0.1:1", parts(message(3), 11).get(0))).isInstanceOf(UdpReassembler.Assembled.class);
  }

  @Test
  void peersAreApart() {
    UdpReassembler r = new UdpReassembler(16, 1 << 20);
    TransportMessage a = message(600);
    TransportMessage b = message(700);
    List<UdpTransportMessage> pa = parts(a, 1);
    List<UdpTransportMessage> pb = parts(b, 1);
    r.add("a", pa.get(0));
    r.add("b", pb.get(0));
    assertThat(r.add("a", pa.get(1))).isEqualTo(new UdpReassembler.Assembled(a, null));
    assertThat(r.add("b", pb.get(1))).isEqualTo(new UdpReassembler.Assembled(b, null));
  }

  @Test
  void aGapDropsTheMessageAndANewerNumberReplacesIt() {
    UdpReassembler r = new UdpReassembler(16, 1 << 20);
    List<UdpTransportMessage> ps = parts(message(1500), 100);
    r.add("p", ps.get(0));
    assertThat(r.add("p", ps.get(2))).isInstanceOfSatisfying(UdpReassembler.Dropped.class,
      d -> assertThat(d.reason()).contains("expected offset 493"));
    assertThat(r.pendingBytes()).isZero();
    // a newer message discards an unfinished one and is assembled
    List<UdpTransportMessage> newer = parts(message(600), 200);
    r.add("p", parts(message(600), 101).get(0));
    assertThat(r.add("p", newer.get(0))).isInstanceOfSatisfying(UdpReassembler.Dropped.class,
      d -> assertThat(d.reason()).contains("discarded unfinished"));
    assertThat(r.add("p", newer.get(1))).isInstanceOf(UdpReassembler.Assembled.class);
  }

  @Test
  void undecodableRoutingMessagesAreDropped() {
    UdpReassembler r = new UdpReassembler(16, 1 << 20);
    assertThat(r.add("p", new UdpTransportMessage(1, 0, 0, true, new byte[] {(byte) 0x83, 0x01})))
      .isInstanceOfSatisfying(UdpReassembler.Dropped.class, d -> assertThat(d.reason()).contains("could not be decoded"));
  }

  @Test
  void peersAreBounded() {
    UdpReassembler r = new UdpReassembler(2, 1 << 20);
    r.add("a", parts(message(1500), 1).get(0));
    r.add("b", parts(message(1500), 1).get(0));
    // a third peer evicts the least recently heard one (a) with its unfinished message
    assertThat(r.add("c", parts(message(1500), 1).get(0))).isInstanceOfSatisfying(UdpReassembler.Dropped.class,
      d -> assertThat(d.reason()).contains("over 2 peers").contains(" a "));
    assertThat(r.peers()).isEqualTo(2);
    assertThat(r.pendingBytes()).isEqualTo(986);
  }

  @Test
  void pendingBytesAreBounded() {
    UdpReassembler r = new UdpReassembler(8, 1000);
    r.add("a", parts(message(1500), 1).get(0));
    r.add("b", parts(message(1500), 1).get(0));
    assertThat(r.pendingBytes()).isEqualTo(986);
    // over 1000 bytes: the least recently heard peer's unfinished message goes
    assertThat(r.add("c", parts(message(1500), 1).get(0))).isInstanceOfSatisfying(UdpReassembler.Dropped.class,
      d -> assertThat(d.reason()).contains("discarded 1 of other peers"));
    assertThat(r.pendingBytes()).isEqualTo(986);
    // a peer alone over the bound loses its own
    UdpReassembler small = new UdpReassembler(8, 100);
    assertThat(small.add("a", parts(message(1500), 1).get(0))).isInstanceOfSatisfying(UdpReassembler.Dropped.class,
      d -> assertThat(d.reason()).contains("and this one"));
    assertThat(small.pendingBytes()).isZero();
  }
}
