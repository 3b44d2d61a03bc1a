package io.ockamj.protocol.cbor;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Jazzer fuzz tests of the CBOR reader: whatever the input, only {@link DecodeException} may escape.
 * Run in regression mode (seeds under {@code CborReaderFuzzTestInputs/}) by {@code mvn test}; set
 * {@code JAZZER_FUZZ=1} to fuzz.
 */
class CborReaderFuzzTest {

  @FuzzTest
  void skip(byte[] data) {
    CborReader r = new CborReader(data);
    try {
      while (!r.atEnd()) {
        int before = r.position();
        r.skip();
        assertThat(r.position()).isGreaterThan(before);
      }
    } catch (DecodeException expected) {
      // bad input is fine, as long as it is reported this way
    }
  }

  @FuzzTest
  void readRawItem(byte[] data) {
    try {
      CborReader r = new CborReader(data);
      byte[] raw = r.readRawItem();
      assertThat(raw).isEqualTo(Arrays.copyOf(data, raw.length));
      // the raw bytes are one complete item on their own
      CborReader again = new CborReader(raw);
      again.skip();
      again.expectEnd();
    } catch (DecodeException expected) {
      // bad input
    }
  }

  @FuzzTest
  void typedReads(byte[] data) {
    // reads every item with the typed accessors, as a decoder of a real structure would
    try {
      walk(new CborReader(data, 0, data.length, 1024), 0);
    } catch (DecodeException expected) {
      // bad input
    }
  }

  private static void walk(CborReader r, int depth) {
    if (depth > CborReader.MAX_DEPTH) {
      r.skip();
      return;
    }
    switch (r.peekMajor()) {
      case CborReader.UNSIGNED:
      case CborReader.NEGATIVE:
        r.readI64();
        break;
      case CborReader.BYTES:
        r.readBytes(1 << 16);
        break;
      case CborReader.TEXT:
        r.readText(1 << 16);
        break;
      case CborReader.ARRAY: {
        int n = r.readArrayHeader();
        for (int i = 0; r.hasNext(n < 0 ? -1 : n - i); i++) {
          walk(r, depth + 1);
        }
        break;
      }
      case CborReader.MAP: {
        int n = r.readMapHeader();
        for (int i = 0; r.hasNext(n < 0 ? -1 : n - i); i++) {
          walk(r, depth + 1);
          walk(r, depth + 1);
        }
        break;
      }
      case CborReader.TAG:
        r.readTag();
        walk(r, depth + 1);
        break;
      default:
        if (r.peekNull()) {
          r.readNull();
        } else {
          try {
            r.readBool();
          } catch (DecodeException notBool) {
            r.skip();
          }
        }
    }
  }
}
