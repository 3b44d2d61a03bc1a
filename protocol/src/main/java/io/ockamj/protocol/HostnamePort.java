package io.ockamj.protocol;

import java.util.Objects;

/**
 * A TCP peer as Ockam writes it in routes: {@code host:port}, the inner text of a TCP
 * {@link Address} ({@code 1#127.0.0.1:4000}). An IPv6 host keeps its brackets, so
 * {@link #toString()} is always a valid {@code host:port}.
 *
 * @param hostname an IPv4 literal, a bracketed IPv6 literal such as {@code [::1]}, or a host name
 * @param port the port, 0..65535
 */
public record HostnamePort(String hostname, int port) {

  /** The host a bare port refers to. */
  public static final String DEFAULT_HOST = "127.0.0.1";
  /** The longest host name accepted. */
  public static final int MAX_HOSTNAME_LENGTH = 253;
  /** The longest label (dot-separated part) of a host name. */
  public static final int MAX_LABEL_LENGTH = 63;

  /**
   * Validates the components.
   *
   * @param hostname the host
   * @param port the port
   * @throws IllegalArgumentException if the port is out of range or the host is empty
   */
  public HostnamePort {
    Objects.requireNonNull(hostname, "hostname");
    if (hostname.isEmpty()) {
      throw new IllegalArgumentException("empty hostname");
    }
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
  }

  /**
   * Parses {@code host:port} with Ockam's rules ({@code ockam_transport_core/src/hostname_port.rs}),
   * in this order:
   * <ol>
   *   <li>a bare port ({@code 4000}) or {@code :4000} means {@code 127.0.0.1:4000};</li>
   *   <li>a socket address ({@code 1.2.3.4:5}, {@code [::1]:5}) is taken as is (IPv6 written in
   *       canonical form, in brackets);</li>
   *   <li>otherwise the text is split at the first {@code :}; the port must be a u16 and the host a
   *       non-empty ASCII name of at most 253 characters, without leading or trailing {@code -} or
   *       {@code .}, made of dot-separated labels of 1..63 characters from {@code [A-Za-z0-9_-]}.</li>
   * </ol>
   *
   * @param text the text
   * @return the parsed value
   * @throws AddressParseException if the text is not a valid {@code host:port}
   */
  public static HostnamePort parse(String text) {
    int port = IpLiterals.parsePort(text);
    if (port >= 0) {
      return new HostnamePort(DEFAULT_HOST, port);
    }
    if (text.startsWith(":")) {
      port = IpLiterals.parsePort(text.substring(1));
      if (port >= 0) {
        return new HostnamePort(DEFAULT_HOST, port);
      }
    }
    HostnamePort socket = parseSocketAddress(text);
    if (socket != null) {
      return socket;
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new AddressParseException("cannot read '" + text + "' as hostname:port");
    }
    String host = text.substring(0, colon);
    port = IpLiterals.parsePort(text.substring(colon + 1));
    if (port < 0) {
      throw new AddressParseException("invalid port value in '" + text + "'");
    }
    String problem = hostnameProblem(host);
    if (problem != null) {
      throw new AddressParseException("invalid hostname in '" + text + "': " + problem);
    }
    return new HostnamePort(host, port);
  }

  // 1.2.3.4:5 or [v6]:5, or null
  private static HostnamePort parseSocketAddress(String text) {
    if (text.startsWith("[")) {
      int close = text.indexOf("]:");
      if (close < 0) {
        return null;
      }
      byte[] v6 = IpLiterals.parseIpv6(text.substring(1, close));
      int port = IpLiterals.parsePort(text.substring(close + 2));
      return v6 == null || port < 0 ? null : new HostnamePort("[" + IpLiterals.formatIpv6(v6) + "]", port);
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return null;
    }
    byte[] v4 = IpLiterals.parseIpv4(text.substring(0, colon));
    int port = IpLiterals.parsePort(text.substring(colon + 1));
    return v4 == null || port < 0 ? null : new HostnamePort(IpLiterals.formatIpv4(v4), port);
  }

  /**
   * Checks a host name against the rules of {@link #parse(String)} (step 3).
   *
   * @param host the host name
   * @return {@code true} if acceptable
   */
  public static boolean isValidHostname(String host) {
    return hostnameProblem(host) == null;
  }

  private static String hostnameProblem(String host) {
    if (host.isEmpty()) {
      return "empty host";
    }
    if (host.length() > MAX_HOSTNAME_LENGTH) {
      return "longer than " + MAX_HOSTNAME_LENGTH + " characters";
    }
    char first = host.charAt(0);
    char last = host.charAt(host.length() - 1);
    if (first == '-' || first == '.' || last == '-' || last == '.') {
      return "starts or ends with '-' or '.'";
    }
    int label = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return "empty label";
        }
        label = 0;
      } else if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
        if (++label > MAX_LABEL_LENGTH) {
          return "label longer than " + MAX_LABEL_LENGTH + " characters";
        }
      } else {
        return "unsupported character";
      }
    }
    return null;
  }

  /**
   * @return {@code true} if the host is a bracketed IPv6 literal
   */
  public boolean isIpv6() {
    return hostname.startsWith("[");
  }

  /**
   * @return the TCP address {@code 1#host:port}
   */
  public Address toAddress() {
    return Address.tcp(toString());
  }

  /**
   * @return {@code host:port}
   */
  @Override
  public String toString() {
    return hostname + ":" + port;
  }
}
