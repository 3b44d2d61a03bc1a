package io.ockamj.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.util.Locale;

/**
 * Parses durations as the Rust CLI writes them: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h},
 * {@code 1d}; a bare number means seconds.
 */
final class Durations implements CommandLine.ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return parse(value);
  }

  static Duration parse(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long n = Long.parseLong(v.replaceAll("[smhd]$", ""));
      switch (v.charAt(v.length() - 1)) {
        case 'm': return Duration.ofMinutes(n);
        case 'h': return Duration.ofHours(n);
        case 'd': return Duration.ofDays(n);
        default: return Duration.ofSeconds(n);
      }
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException("invalid duration '" + value + "' (examples: 500ms, 10s, 5m, 2h)");
    }
  }
}
