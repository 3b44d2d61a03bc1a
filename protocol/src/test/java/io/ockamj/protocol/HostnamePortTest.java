package io.ockamj.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code host:port} parsing (protocol reference 2.6; cases of hostname_port.rs tests).
 */
class HostnamePortTest {

  @ParameterizedTest
  @CsvSource({
    "localhost:80, localhost, 80",
    "127.0.0.1:80, 127.0.0.1, 80",
    ":80, 127.0.0.1, 80",
    "80, 127.0.0.1, 80",
    "[2001:db8:85a3::8a2e:370:7334]:8080, [2001:db8:85a3::8a2e:370:7334], 8080",
    "[::1]:9999, [::1], 9999",
    "[0:0:0:0:0:0:0:1]:1, [::1], 1",
    "xn--74h.com:80, xn--74h.com, 80",
    "my_host.example-1.com:65535, my_host.example-1.com, 65535",
    "a:0, a, 0"})
  void parses(String text, String host, int port) {
    HostnamePort hp = HostnamePort.parse(text);
    assertThat(hp).isEqualTo(new HostnamePort(host, port));
    assertThat(HostnamePort.parse(hp.toString())).isEqualTo(hp);
    assertThat(hp.toAddress()).isEqualTo(Address.tcp(host + ":" + port));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "invalid", "192.168.0.1:invalid", "192.168.0.1:9999:extra", "192,166,0.1:9999", "127.0.0.1:80:80",
    "", ":", "host:", ":host", "host:65536", "-host:1", "host-:1", ".host:1", "host.:1", "a..b:1",
    "hôst:1", "a b:1", "::1:80", "[::1]", "[::1]:", "[::g]:1", "65536"})
  void rejects(String text) {
    assertThatThrownBy(() -> HostnamePort.parse(text)).isInstanceOf(AddressParseException.class);
  }

  @Test
  void hostnameLengthLimits() {
    String label = "a".repeat(HostnamePort.MAX_LABEL_LENGTH);
    assertThat(HostnamePort.isValidHostname(label)).isTrue();
    assertThat(HostnamePort.isValidHostname(label + "a")).isFalse();
    String name = (label + ".").repeat(3) + "a".repeat(HostnamePort.MAX_HOSTNAME_LENGTH - 3 * 64);
    assertThat(name).hasSize(HostnamePort.MAX_HOSTNAME_LENGTH);
    assertThat(HostnamePort.isValidHostname(name)).isTrue();
    assertThat(HostnamePort.isValidHostname(name + "a")).isFalse();
  }

  @Test
  void constructorChecksRanges() {
    assertThatThrownBy(() -> new HostnamePort("h", 65536)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new HostnamePort("", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new HostnamePort("[::1]", 1).isIpv6()).isTrue();
  }
}
