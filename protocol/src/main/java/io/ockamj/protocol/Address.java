package io.ockamj.protocol;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An Ockam address: a transport type and opaque bytes, nearly always UTF-8 text.
 * <p>
 * The text form is {@code <transport type>#<inner>}, for example {@code 0#echo} (a worker in this
 * node) or {@code 1#127.0.0.1:4000} (a TCP peer). Without a {@code #} the address is
 * {@linkplain #LOCAL local}. Addresses are immutable values; equality compares both parts.
 */
public final class Address implements Comparable<Address> {

  /** Transport type of addresses of workers inside a node. */
  public static final int LOCAL = 0;
  /** Transport type of TCP peer addresses ({@code host:port}). */
  public static final int TCP = 1;
  /** Transport type of UDP peer addresses. */
  public static final int UDP = 2;

  /** The largest inner length accepted by decoders (a sane bound; Ockam addresses are short). */
  public static final int MAX_INNER_LENGTH = 1024;

  /** In a holder: parsing or printing addresses does not set up the security providers. */
  private static final class Random {
    static final SecureRandom SOURCE = new SecureRandom();
  }

  private final int transportType;
  private final byte[] inner;
  private final int hash;

  private Address(int transportType, byte[] inner) {
    this.transportType = transportType;
    this.inner = inner;
    this.hash = 31 * transportType + Arrays.hashCode(inner);
  }

  /**
   * Creates an address from its parts.
   *
   * @param transportType the transport type, 0..255
   * @param inner the address bytes (copied)
   * @return the address
   * @throws IllegalArgumentException if the transport type is out of range
   */
  public static Address of(int transportType, byte[] inner) {
    if (transportType < 0 || transportType > 255) {
      throw new IllegalArgumentException("transport type out of range: " + transportType);
    }
    return new Address(transportType, inner.clone());
  }

  /**
   * Creates an address from a transport type and UTF-8 text.
   *
   * @param transportType the transport type, 0..255
   * @param inner the address text
   * @return the address
   */
  public static Address of(int transportType, String inner) {
    return of(transportType, inner.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates a local (worker) address.
   *
   * @param name the worker address text, for example {@code echo}
   * @return the address
   */
  public static Address local(String name) {
    return new Address(LOCAL, name.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates a TCP peer address.
   *
   * @param hostAndPort {@code host:port}
   * @return the address {@code 1#host:port}
   */
  public static Address tcp(String hostAndPort) {
    return new Address(TCP, hostAndPort.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Creates a random local address: 16 random bytes rendered as 32 lowercase hex characters, as
   * Ockam does for connection and channel workers.
   *
   * @return a fresh local address
   */
  public static Address randomLocal() {
    byte[] bytes = new byte[16];
    Random.SOURCE.nextBytes(bytes);
    return local(HexFormat.of().formatHex(bytes));
  }

  /**
   * Parses the text form {@code [type#]inner}.
   *
   * @param text the address text
   * @return the address
   * @throws AddressParseException if the type is not a decimal 0..255 or there is more than one {@code #}
   */
  public static Address parse(String text) {
    int sep = text.indexOf('#');
    if (sep < 0) {
      return local(text);
    }
    if (text.indexOf('#', sep + 1) >= 0) {
      throw new AddressParseException("invalid address '" + text + "': more than one '#'");
    }
    String type = text.substring(0, sep);
    // Rust's u8::from_str: an optional '+', then decimal digits (leading zeros allowed)
    String digits = type.startsWith("+") ? type.substring(1) : type;
    if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new AddressParseException("invalid address '" + text + "': transport type '" + type + "' is not a number 0..255");
    }
    String significant = digits.replaceFirst("^0+(?=.)", "");
    int tt = significant.length() > 3 ? 256 : Integer.parseInt(significant);
    if (tt > 255) {
      throw new AddressParseException("invalid address '" + text + "': transport type " + type + " is over 255");
    }
    return of(tt, text.substring(sep + 1));
  }

  /**
   * @return the transport type, 0..255
   */
  public int transportType() {
    return transportType;
  }

  /**
   * @return {@code true} for the addresses of workers inside a node
   */
  public boolean isLocal() {
    return transportType == LOCAL;
  }

  /**
   * @return a copy of the address bytes
   */
  public byte[] inner() {
    return inner.clone();
  }

  /**
   * @return the number of address bytes
   */
  public int innerLength() {
    return inner.length;
  }

  /**
   * @return the address bytes as UTF-8 text (invalid sequences replaced)
   */
  public String innerText() {
    return new String(inner, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return this == o
      || o instanceof Address && ((Address) o).transportType == transportType && Arrays.equals(((Address) o).inner, inner);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Address o) {
    int c = Integer.compare(transportType, o.transportType);
    return c != 0 ? c : Arrays.compareUnsigned(inner, o.inner);
  }

  /**
   * @return the text form {@code type#inner}
   */
  @Override
  public String toString() {
    return transportType + "#" + innerText();
  }

  /** Package access for codecs that write the bytes without copying. */
  byte[] innerUnsafe() {
    return inner;
  }
}
