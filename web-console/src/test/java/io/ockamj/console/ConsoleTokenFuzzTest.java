package io.ockamj.console;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

/**
 * Jazzer fuzz targets for the console's decoders of untrusted text: login tokens and session cookies. In a
 * normal build they run in regression mode; with {@code JAZZER_FUZZ=1} they fuzz. Nothing may escape, and
 * nothing but a value the key signed may be accepted.
 */
class ConsoleTokenFuzzTest {

  private static final ConsoleKey KEY = ConsoleKey.random();

  @FuzzTest(maxDuration = "20s")
  void loginToken(byte[] data) {
    String token = new String(data, StandardCharsets.ISO_8859_1);
    if (KEY.verify(token) != null) {
      throw new AssertionError("accepted a token the key did not sign: " + token);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void sessionCookie(byte[] data) {
    String value = new String(data, StandardCharsets.ISO_8859_1);
    if (ConsoleAuth.parseSession(KEY, value, 0) != null) {
      throw new AssertionError("accepted a session the key did not sign: " + value);
    }
  }
}
