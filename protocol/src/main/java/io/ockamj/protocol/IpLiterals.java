package io.ockamj.protocol;

/**
 * Strict IPv4/IPv6 literal parsing and formatting, following Rust's {@code std::net} rules (no DNS
 * lookups, unlike {@code InetAddress.getByName}). Package-private helper for {@link MultiAddr} and
 * {@link HostnamePort}.
 */
final class IpLiterals {

  private IpLiterals() {
  }

  /**
   * Parses a dotted-quad IPv4 address: four decimal octets 0..255, no leading zeros.
   *
   * @param s the text
   * @return the 4 bytes, or {@code null} if {@code s} is not an IPv4 literal
   */
  static byte[] parseIpv4(String s) {
    return parseIpv4(s, 0, s.length());
  }

  private static byte[] parseIpv4(String s, int from, int to) {
    byte[] out = new byte[4];
    int i = from;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
      int start = i;
      int v = 0;
      while (i < to && i - start < 4 && isDigit(s.charAt(i))) {
        v = v * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 3 || v > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[octet] = (byte) v;
    }
    return i == to ? out : null;
  }

  /**
   * Parses an IPv6 address: up to eight groups of 1..4 hex digits, at most one {@code ::}, optionally
   * ending with an embedded IPv4 address. No brackets, no zone index.
   *
   * @param s the text
   * @return the 16 bytes, or {@code null} if {@code s} is not an IPv6 literal
   */
  static byte[] parseIpv6(String s) {
    int n = s.length();
    if (n < 2 || n > 45) {
      return null;
    }
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (i == n) {
        return new byte[16];
      }
    } else if (s.charAt(0) == ':') {
      return null;
    }
    while (true) {
      if (count >= 8) {
        return null;
      }
      // an embedded IPv4 address may take the last two groups
      int nextColon = s.indexOf(':', i);
      if (nextColon < 0 && s.indexOf('.', i) >= 0) {
        if (count > 6) {
          return null;
        }
        byte[] v4 = parseIpv4(s, i, n);
        if (v4 == null) {
          return null;
        }
        groups[count++] = ((v4[0] & 0xFF) << 8) | (v4[1] & 0xFF);
        groups[count++] = ((v4[2] & 0xFF) << 8) | (v4[3] & 0xFF);
        i = n;
        break;
      }
      int start = i;
      int v = 0;
      while (i < n && i - start < 5 && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
        v = (v << 4) | Character.digit(s.charAt(i), 16);
        i++;
      }
      int digits = i - start;
      if (digits == 0 || digits > 4) {
        return null;
      }
      groups[count++] = v;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < n && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
        if (i == n) {
          break;
        }
      } else if (i == n) {
        return null;
      }
    }
    if (gap < 0 ? count != 8 : count > 7) {
      return null;
    }
    int[] full = new int[8];
    if (gap < 0) {
      full = groups;
    } else {
      int tail = count - gap;
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - tail, tail);
    }
    byte[] out = new byte[16];
    for (int g = 0; g < 8; g++) {
      out[2 * g] = (byte) (full[g] >>> 8);
      out[2 * g + 1] = (byte) full[g];
    }
    return out;
  }

  /**
   * @param b 4 bytes
   * @return the dotted-quad text
   */
  static String formatIpv4(byte[] b) {
    return (b[0] & 0xFF) + "." + (b[1] & 0xFF) + "." + (b[2] & 0xFF) + "." + (b[3] & 0xFF);
  }

  /**
   * Formats like Rust's {@code Ipv6Addr} Display: IPv4-mapped addresses as {@code ::ffff:a.b.c.d},
   * otherwise lowercase hex groups with the first longest run (of at least two) zero groups as
   * {@code ::}.
   *
   * @param b 16 bytes
   * @return the text
   */
  static String formatIpv6(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xFFFF) {
      return "::ffff:" + (g[6] >>> 8) + "." + (g[6] & 0xFF) + "." + (g[7] >>> 8) + "." + (g[7] & 0xFF);
    }
    int bestStart = 0;
    int bestLen = 0;
    int curStart = 0;
    int curLen = 0;
    for (int i = 0; i < 8; i++) {
      if (g[i] == 0) {
        if (curLen == 0) {
          curStart = i;
        }
        curLen++;
        if (curLen > bestLen) {
          bestLen = curLen;
          bestStart = curStart;
        }
      } else {
        curLen = 0;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    if (bestLen > 1) {
      appendGroups(sb, g, 0, bestStart);
      sb.append("::");
      appendGroups(sb, g, bestStart + bestLen, 8);
    } else {
      appendGroups(sb, g, 0, 8);
    }
    return sb.toString();
  }

  private static void appendGroups(StringBuilder sb, int[] g, int from, int to) {
    for (int i = from; i < to; i++) {
      if (i > from) {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
  }

  /**
   * Parses a decimal u16 the way Rust's {@code u16::from_str} does: an optional {@code +}, then one
   * or more ASCII digits (leading zeros allowed), value at most 65535.
   *
   * @param s the text
   * @return the port, or -1 if invalid
   */
  static int parsePort(String s) {
    int i = s.startsWith("+") ? 1 : 0;
    if (i == s.length()) {
      return -1;
    }
    int v = 0;
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      v = v * 10 + (c - '0');
      if (v > 0xFFFF) {
        return -1;
      }
    }
    return v;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
