package io.ockamj.console;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.StringLength;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Login tokens: what a key mints it verifies, with its times; any other text, or a changed character, is refused. */
class ConsoleTokenPropertiesTest {

  private static final ConsoleKey KEY = ConsoleKey.random();
  private static final ConsoleKey OTHER = ConsoleKey.random();

  @Property(tries = 300)
  void mintedTokensVerifyWithTheirTimes(@ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long now,
                                        @ForAll @LongRange(min = 1, max = 300_000) long ttlMillis) {
    String token = KEY.mintToken(Duration.ofMillis(ttlMillis), now);
    ConsoleKey.Token t = KEY.verify(token);
    assertThat(t).isNotNull();
    assertThat(t.issuedAt()).isEqualTo(now);
    assertThat(t.expiresAt()).isEqualTo(now + ttlMillis);
    assertThat(token.length()).isLessThanOrEqualTo(ConsoleKey.MAX_TOKEN_LENGTH);
    assertThat(OTHER.verify(token)).isNull();
  }

  @Property(tries = 300)
  void aChangedCharacterIsRefused(@ForAll @IntRange(min = 0, max = 200) int position, @ForAll char replacement) {
    String token = KEY.mintToken(Duration.ofSeconds(60), 1_000_000L);
    int i = position % token.length();
    String changed = token.substring(0, i) + replacement + token.substring(i + 1);
    if (!changed.equals(token)) {
      // base64url without padding may decode two spellings of the last character alike; the bytes then differ or match exactly
      ConsoleKey.Token t = KEY.verify(changed);
      assertThat(t == null || t.equals(KEY.verify(token))).isTrue();
    }
  }

  @Property(tries = 500)
  void arbitraryTextIsRefusedWithoutThrowing(@ForAll @StringLength(max = 300) String text) {
    assertThat(KEY.verify(text)).isNull();
    assertThat(ConsoleAuth.parseSession(KEY, text, 0)).isNull();
  }
}
