package io.ockamj.crypto.pkcs11;

import io.ockamj.crypto.pkcs11.Pkcs11Exception.Reason;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SunPKCS11 configuration file as the vault reads it: the provider's own text, plus our keys,
 * which SunPKCS11 would reject and so are taken out of the text it gets. Ours (not in Rust Ockam):
 * <ul>
 *   <li>{@value #TIMEOUT_KEY} {@code = 30s}: the longest one token operation may take, as
 *   {@code 500ms}, {@code 30s}, {@code 2m} or a number of seconds; at most one hour. Without it,
 *   {@link Pkcs11Vault#DEFAULT_TIMEOUT}.</li>
 * </ul>
 *
 * @param providerText the configuration for SunPKCS11, our lines blanked (line numbers kept)
 * @param timeout the operation time-out the file sets, or {@code null}
 */
record Pkcs11Config(String providerText, Duration timeout) {

  /** Our key for the operation time-out. */
  static final String TIMEOUT_KEY = "ockamTimeout";

  private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
  private static final Pattern TIMEOUT_LINE = Pattern.compile("^\\s*" + TIMEOUT_KEY + "\\s*=\\s*(.*?)\\s*$");
  private static final Pattern VALUE = Pattern.compile("(\\d{1,9})(ms|s|m)?");

  /**
   * @param text the file's text
   * @param file the file, for messages
   * @return the text for SunPKCS11 and our settings
   * @throws Pkcs11Exception ({@link Reason#CONFIG_INVALID}) if a key of ours has a bad value or is repeated
   */
  static Pkcs11Config parse(String text, Path file) {
    String[] lines = text.split("\n", -1);
    Duration timeout = null;
    for (int i = 0; i < lines.length; i++) {
      Matcher m = TIMEOUT_LINE.matcher(lines[i]);
      if (!m.matches()) {
        continue;
      }
      if (timeout != null) {
        throw new Pkcs11Exception(Reason.CONFIG_INVALID, "invalid PKCS#11 configuration " + file + ": "
          + TIMEOUT_KEY + " is set twice");
      }
      timeout = timeout(m.group(1), file);
      lines[i] = "# " + TIMEOUT_KEY + " (read by Ockam)";
    }
    return new Pkcs11Config(String.join("\n", lines), timeout);
  }

  private static Duration timeout(String value, Path file) {
    Matcher m = VALUE.matcher(value);
    Duration d = null;
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      String unit = m.group(2) == null ? "s" : m.group(2);
      d = switch (unit) {
        case "ms" -> Duration.ofMillis(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      };
    }
    if (d == null || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
      throw new Pkcs11Exception(Reason.CONFIG_INVALID, "invalid PKCS#11 configuration " + file + ": " + TIMEOUT_KEY
        + " must be a duration such as 500ms, 30s or 2m, above zero and at most 1h, not '"
        + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "'");
    }
    return d;
  }
}
