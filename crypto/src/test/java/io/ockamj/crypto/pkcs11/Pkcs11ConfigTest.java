package io.ockamj.crypto.pkcs11;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Our keys in a SunPKCS11 configuration file, taken out of the text the provider reads. */
class Pkcs11ConfigTest {

  private static final Path FILE = Path.of("/cfg/token.cfg");

  @Test
  void theTimeoutKeyIsReadAndBlankedKeepingLineNumbers() {
    Pkcs11Config c = Pkcs11Config.parse("name = T\nockamTimeout = 45s\nlibrary = /x.so\n", FILE);
    assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.providerText()).isEqualTo("name = T\n# ockamTimeout (read by Ockam)\nlibrary = /x.so\n");
    assertThat(Pkcs11Config.parse("ockamTimeout=250ms", FILE).timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(Pkcs11Config.parse("ockamTimeout = 2m", FILE).timeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(Pkcs11Config.parse("ockamTimeout = 20", FILE).timeout()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void withoutTheKeyTheTextIsUnchanged() {
    String text = "name = T\n# ockamTimeout = 5s is only a comment here\nlibrary = /x.so\n";
    Pkcs11Config c = Pkcs11Config.parse(text, FILE);
    assertThat(c.timeout()).isNull();
    assertThat(c.providerText()).isEqualTo(text);
  }

  @Test
  void badOrRepeatedValuesAreConfigurationErrors() {
    for (String bad : new String[] {"", "x", "0", "0ms", "61m", "3601s", "1e3", "9999999999"}) {
      assertThatThrownBy(() -> Pkcs11Config.parse("ockamTimeout = " + bad + "\n", FILE))
        .isInstanceOfSatisfying(Pkcs11Exception.class,
          e -> assertThat(e.reason()).isEqualTo(Pkcs11Exception.Reason.CONFIG_INVALID))
        .hasMessageStartingWith("invalid PKCS#11 configuration /cfg/token.cfg: ockamTimeout must be");
    }
    assertThatThrownBy(() -> Pkcs11Config.parse("ockamTimeout = 5s\nockamTimeout = 6s\n", FILE))
      .hasMessage("invalid PKCS#11 configuration /cfg/token.cfg: ockamTimeout is set twice");
  }
}
