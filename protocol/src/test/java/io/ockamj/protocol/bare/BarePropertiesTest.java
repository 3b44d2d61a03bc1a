package io.ockamj.protocol.bare;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-trip properties of the BARE writer and reader.
 */
class BarePropertiesTest {

  @Property
  void varintRoundTrips(@ForAll long value) {
    byte[] b = new BareWriter().varint(value).toByteArray();
    assertThat(b).hasSize(BareWriter.varintSize(value));
    // unsigned LEB128: ceil(significant bits / 7) bytes, at least one
    int bits = 64 - Long.numberOfLeadingZeros(value);
    assertThat(b.length).isEqualTo(Math.max(1, (bits + 6) / 7));
    BareReader r = new BareReader(b);
    assertThat(r.varint()).isEqualTo(value);
    r.expectEnd();
  }

  @Property
  void dataRoundTrips(@ForAll @Size(max = 600) byte[] data, @ForAll @Size(max = 4) byte[] trailing) {
    byte[] b = new BareWriter().data(data).fixed(trailing).toByteArray();
    BareReader r = new BareReader(b);
    assertThat(r.data(data.length)).isEqualTo(data);
    assertThat(r.rest()).isEqualTo(trailing);
    assertThat(BareReader.decodeBytes(BareWriter.encodeBytes(data), data.length)).isEqualTo(data);
  }

  @Property
  void stringRoundTrips(@ForAll String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    // jqwik may produce lone surrogates, which have no UTF-8 form
    if (!new String(utf8, StandardCharsets.UTF_8).equals(s)) {
      return;
    }
    byte[] b = BareWriter.encodeString(s);
    assertThat(b).hasSize(BareWriter.varintSize(utf8.length) + utf8.length);
    assertThat(BareReader.decodeString(b, utf8.length)).isEqualTo(s);
  }

  @Property
  void littleEndianU16RoundTrips(@ForAll char c) {
    BareReader r = new BareReader(new BareWriter().u16le(c).u8(c).toByteArray());
    assertThat(r.u16le()).isEqualTo((int) c);
    assertThat(r.u8()).isEqualTo(c & 0xFF);
  }
}
