package io.ockamj.protocol;

import io.ockamj.protocol.bare.BareWriter;
import io.ockamj.protocol.cbor.CborReader;
import io.ockamj.protocol.cbor.CborWriter;
import io.ockamj.protocol.errors.DecodeException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Ockam's multiaddr: the user-facing route syntax, a sequence of (protocol, value) components such as
 * {@code /ip4/127.0.0.1/tcp/4000/service/echo}.
 * <p>
 * Three forms are supported:
 * <ul>
 *   <li>text: {@code /proto/value/proto/value…}; each value runs until the next {@code /}. The whole
 *       string {@code self} is an alias for {@code /secure/api}. As in Rust, the leading {@code /} may
 *       be omitted and the empty string is the empty multiaddr.</li>
 *   <li>binary: for each component the protocol code as an unsigned varint, then the value (ip4: 4
 *       bytes, ip6: 16 bytes, tcp: u16 big-endian, all others: varint length + UTF-8).</li>
 *   <li>CBOR (API bodies): a single byte string holding the binary form.</li>
 * </ul>
 * Instances are immutable; {@link #toString()} gives the canonical text and {@link #equals(Object)}
 * compares the binary forms. Decoders are bounded: at most {@link #MAX_COMPONENTS} components and
 * {@link #MAX_VALUE_LENGTH} bytes per string value.
 */
public final class MultiAddr implements Iterable<MultiAddr.Component> {

  /** The largest number of components accepted by the parsers and decoders. */
  public static final int MAX_COMPONENTS = 64;
  /** The largest UTF-8 length of a string value (service name, host name…). */
  public static final int MAX_VALUE_LENGTH = Address.MAX_INNER_LENGTH;
  /** The text alias for {@code /secure/api}. */
  public static final String SELF_ALIAS = "self";

  private static final MultiAddr EMPTY = new MultiAddr(new Component[0]);

  private final Component[] components;

  private MultiAddr(Component[] components) {
    this.components = components;
  }

  /**
   * The protocols Ockam registers, with their multicodec code and text prefix.
   */
  public enum Protocol {
    /** An IPv4 address (4 bytes), followed by {@link #TCP} in transport routes. */
    IP4(4, "ip4"),
    /** A TCP port (u16 big-endian). */
    TCP(6, "tcp"),
    /** An IPv6 address (16 bytes), followed by {@link #TCP} in transport routes. */
    IP6(41, "ip6"),
    /** A DNS host name, followed by {@link #TCP} in transport routes. */
    DNSADDR(56, "dnsaddr"),
    /** A local worker address. */
    SERVICE(62526, "service"),
    /** A local node by name; resolved by the caller. */
    NODE(72526, "node"),
    /** An Orchestrator project by name; resolved by the caller. */
    PROJECT(82526, "project"),
    /** An Orchestrator space; resolved by the caller. */
    SPACE(92526, "space"),
    /** A secure-channel listener address (a local address once resolved). */
    SECURE(99526, "secure"),
    /** A local worker address. */
    WORKER(102526, "worker");

    private static final Protocol[] ALL = values();

    private final int code;
    private final String prefix;

    Protocol(int code, String prefix) {
      this.code = code;
      this.prefix = prefix;
    }

    /**
     * @return the multicodec code written as a varint in the binary form
     */
    public int code() {
      return code;
    }

    /**
     * @return the text prefix, for example {@code service}
     */
    public String prefix() {
      return prefix;
    }

    /**
     * @return {@code true} for the protocols whose value is a length-prefixed UTF-8 string
     */
    public boolean isString() {
      return this != IP4 && this != IP6 && this != TCP;
    }

    /**
     * @return {@code true} for {@code ip4}, {@code ip6} and {@code dnsaddr}, which name a host
     */
    public boolean isHost() {
      return this == IP4 || this == IP6 || this == DNSADDR;
    }

    /**
     * @return {@code true} for {@code service}, {@code worker} and {@code secure}, which become local addresses
     */
    public boolean isLocal() {
      return this == SERVICE || this == WORKER || this == SECURE;
    }

    /**
     * @param code a multicodec code
     * @return the protocol, or {@code null} if it is not registered
     */
    public static Protocol byCode(long code) {
      for (Protocol p : ALL) {
        if (p.code == code) {
          return p;
        }
      }
      return null;
    }

    /**
     * @param prefix a text prefix
     * @return the protocol, or {@code null} if it is not registered
     */
    public static Protocol byPrefix(String prefix) {
      for (Protocol p : ALL) {
        if (p.prefix.equals(prefix)) {
          return p;
        }
      }
      return null;
    }
  }

  /**
   * One component of a multiaddr: a protocol and its value. The value is kept both as canonical text
   * and as its binary form; equality compares protocol and binary value.
   */
  public static final class Component {

    private final Protocol protocol;
    private final String value;
    private final byte[] bytes;

    // the caller has checked that value and bytes agree
    Component(Protocol protocol, String value, byte[] bytes) {
      this.protocol = protocol;
      this.value = value;
      this.bytes = bytes;
    }

    /**
     * Creates a component from the text form of its value.
     *
     * @param protocol the protocol
     * @param value the value text, for example {@code 127.0.0.1}, {@code 4000} or {@code echo}
     * @return the component, with its value in canonical form
     * @throws AddressParseException if the value is not valid for the protocol
     */
    public static Component of(Protocol protocol, String value) {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(value, "value");
      return MultiAddrCodec.parseValue(protocol, value);
    }

    /**
     * @param port a port 0..65535
     * @return a {@code tcp} component
     * @throws IllegalArgumentException if the port is out of range
     */
    public static Component tcp(int port) {
      if (port < 0 || port > 0xFFFF) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      return new Component(Protocol.TCP, Integer.toString(port), new byte[] {(byte) (port >>> 8), (byte) port});
    }

    /**
     * @param name a local worker address
     * @return a {@code service} component
     * @throws AddressParseException if the name contains {@code /} or is too long
     */
    public static Component service(String name) {
      return of(Protocol.SERVICE, name);
    }

    // builds a component from its binary value; the caller has checked the length
    static Component fromBytes(Protocol protocol, byte[] b) {
      return MultiAddrCodec.valueFromBytes(protocol, b);
    }

    /**
     * @return the protocol
     */
    public Protocol protocol() {
      return protocol;
    }

    /**
     * @return the value in canonical text form
     */
    public String value() {
      return value;
    }

    /**
     * @return the binary value (without the code or, for strings, the length prefix)
     */
    public byte[] valueBytes() {
      return bytes.clone();
    }

    /**
     * @return the port of a {@code tcp} component
     * @throws IllegalStateException for other protocols
     */
    public int port() {
      if (protocol != Protocol.TCP) {
        throw new IllegalStateException("not a tcp component: " + this);
      }
      return ((bytes[0] & 0xFF) << 8) | (bytes[1] & 0xFF);
    }

    void writeTo(BareWriter w) {
      w.varint(protocol.code);
      if (protocol.isString()) {
        w.data(bytes);
      } else {
        w.fixed(bytes);
      }
    }

    @Override
    public boolean equals(Object o) {
      return this == o
        || o instanceof Component && ((Component) o).protocol == protocol && Arrays.equals(((Component) o).bytes, bytes);
    }

    @Override
    public int hashCode() {
      return 31 * protocol.hashCode() + Arrays.hashCode(bytes);
    }

    /**
     * @return the text form {@code /prefix/value}
     */
    @Override
    public String toString() {
      return "/" + protocol.prefix + "/" + value;
    }
  }

  /**
   * @return the empty multiaddr
   */
  public static MultiAddr empty() {
    return EMPTY;
  }

  /**
   * @param components the components, first first
   * @return the multiaddr
   * @throws IllegalArgumentException if there are more than {@link #MAX_COMPONENTS}
   */
  public static MultiAddr of(Component... components) {
    return of(Arrays.asList(components));
  }

  /**
   * @param components the components, first first
   * @return the multiaddr
   * @throws IllegalArgumentException if there are more than {@link #MAX_COMPONENTS}
   */
  public static MultiAddr of(List<Component> components) {
    if (components.size() > MAX_COMPONENTS) {
      throw new IllegalArgumentException("multiaddr of " + components.size() + " components exceeds " + MAX_COMPONENTS);
    }
    Component[] a = components.toArray(new Component[0]);
    for (Component c : a) {
      Objects.requireNonNull(c, "component");
    }
    return a.length == 0 ? EMPTY : new MultiAddr(a);
  }

  /**
   * Parses the text form.
   *
   * @param text for example {@code /ip4/127.0.0.1/tcp/4000/service/echo}, or {@code self}
   * @return the multiaddr
   * @throws AddressParseException on an unknown protocol, an invalid value or too many components
   */
  public static MultiAddr parse(String text) {
    return MultiAddrCodec.parse(text);
  }

  /**
   * Decodes the binary form. Codes and lengths must be minimal varints (as the Rust
   * {@code unsigned-varint} crate requires).
   *
   * @param bytes the binary form (the whole array)
   * @return the multiaddr
   * @throws DecodeException on an unknown code, a truncated value, invalid UTF-8 or too many components
   */
  public static MultiAddr decode(byte[] bytes) {
    return MultiAddrCodec.decode(bytes);
  }

  /**
   * Reads the CBOR form: a byte string holding the binary form.
   *
   * @param r the reader
   * @return the multiaddr
   * @throws DecodeException if the item is not a byte string or its content is invalid
   */
  public static MultiAddr readCbor(CborReader r) {
    return decode(r.readBytes(MAX_COMPONENTS * (MAX_VALUE_LENGTH + 8)));
  }

  /**
   * Decodes a CBOR item that must fill the whole input.
   *
   * @param cbor the encoded item
   * @return the multiaddr
   * @throws DecodeException if malformed
   */
  public static MultiAddr decodeCbor(byte[] cbor) {
    CborReader r = new CborReader(cbor);
    MultiAddr m = readCbor(r);
    r.expectEnd();
    return m;
  }

  /**
   * @return the binary form
   */
  public byte[] encode() {
    BareWriter w = new BareWriter();
    for (Component c : components) {
      c.writeTo(w);
    }
    return w.toByteArray();
  }

  /**
   * Writes the CBOR form (one byte string).
   *
   * @param w the writer
   */
  public void writeCbor(CborWriter w) {
    w.bytes(encode());
  }

  /**
   * @return the CBOR form
   */
  public byte[] encodeCbor() {
    CborWriter w = new CborWriter();
    writeCbor(w);
    return w.toByteArray();
  }

  /**
   * @return the number of components
   */
  public int size() {
    return components.length;
  }

  /**
   * @return {@code true} if there are no components
   */
  public boolean isEmpty() {
    return components.length == 0;
  }

  /**
   * @param index a position, 0 for the first component
   * @return the component
   * @throws IndexOutOfBoundsException if out of range
   */
  public Component get(int index) {
    return components[index];
  }

  /**
   * @return the components as an unmodifiable list
   */
  public List<Component> components() {
    return Collections.unmodifiableList(Arrays.asList(components));
  }

  @Override
  public Iterator<Component> iterator() {
    return components().iterator();
  }

  /**
   * Tells whether the components from {@code start} on begin with the given protocols.
   *
   * @param start the first position to compare
   * @param protocols the expected protocols
   * @return {@code true} if they match
   */
  public boolean matches(int start, Protocol... protocols) {
    if (start < 0 || start + protocols.length > components.length) {
      return false;
    }
    for (int i = 0; i < protocols.length; i++) {
      if (components[start + i].protocol != protocols[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param from the first component to keep
   * @param to one past the last component to keep
   * @return the components {@code [from, to)}
   * @throws IndexOutOfBoundsException if out of range
   */
  public MultiAddr slice(int from, int to) {
    return of(Arrays.asList(components).subList(from, to));
  }

  /**
   * @param other the components to add at the end
   * @return this multiaddr followed by {@code other}
   * @throws IllegalArgumentException if the result has more than {@link #MAX_COMPONENTS}
   */
  public MultiAddr concat(MultiAddr other) {
    List<Component> l = new ArrayList<>(components.length + other.components.length);
    l.addAll(Arrays.asList(components));
    l.addAll(Arrays.asList(other.components));
    return of(l);
  }

  /**
   * The route to a secure channel listener as Rust's {@code secure-channel create --to} reads it: a
   * route without a {@code /secure/} hop names the listener by its last {@code /service/} hop (Rust's
   * {@code /node/n2/service/api}), which becomes {@code /secure/} here; a route with one is unchanged.
   *
   * @return this multiaddr, or a copy whose last {@code /service/} component is {@code /secure/}
   */
  public MultiAddr toSecureChannelListenerRoute() {
    int last = -1;
    for (int i = 0; i < components.length; i++) {
      if (components[i].protocol() == Protocol.SECURE) {
        return this;
      }
      if (components[i].protocol() == Protocol.SERVICE) {
        last = i;
      }
    }
    if (last < 0) {
      return this;
    }
    Component[] copy = components.clone();
    copy[last] = Component.of(Protocol.SECURE, components[last].value());
    return of(Arrays.asList(copy));
  }

  /**
   * @param c the component to add at the end
   * @return this multiaddr followed by {@code c}
   */
  public MultiAddr append(Component c) {
    return concat(of(c));
  }

  /**
   * @param c the component to put in front
   * @return {@code c} followed by this multiaddr
   */
  public MultiAddr prepend(Component c) {
    return of(c).concat(this);
  }

  /**
   * Converts to a route without opening connections, like Rust's {@code multiaddr_to_transport_route}:
   * {@code ip4}/{@code ip6}/{@code dnsaddr} followed by {@code tcp} become a TCP address
   * {@code 1#host:port} (IPv6 as {@code [addr]:port}); {@code service}, {@code worker} and
   * {@code secure} become local addresses.
   *
   * @return the route
   * @throws RouteConversionException for {@code node}, {@code project} and {@code space} (the caller
   *   must resolve them first), for a host not followed by {@code tcp} and for a {@code tcp} without host
   */
  public Route toTransportRoute() {
    return MultiAddrRoutes.toTransportRoute(this);
  }

  /**
   * Converts a multiaddr made only of {@code service}, {@code worker} and {@code secure} components to
   * a route of local addresses (Rust's {@code local_multiaddr_to_route}).
   *
   * @return the route
   * @throws RouteConversionException if another protocol appears
   */
  public Route toLocalRoute() {
    return MultiAddrRoutes.toLocalRoute(this);
  }

  /**
   * Returns the first socket address, like Rust's {@code MultiAddr::to_socket_addr}: the text
   * {@code host:port} of the first host component followed by {@code tcp} (a {@code dnsaddr} is not
   * resolved).
   *
   * @return for example {@code 127.0.0.1:4000}, {@code [::1]:4000} or {@code localhost:4000}
   * @throws RouteConversionException if the multiaddr does not start with a host and a port
   */
  public String toSocketAddress() {
    return MultiAddrRoutes.toSocketAddress(this);
  }

  /**
   * Converts a route back to a multiaddr: a local address becomes {@code /service/<address>}, a TCP
   * address {@code host:port} becomes {@code /ip4|ip6|dnsaddr/<host>/tcp/<port>}.
   *
   * @param route the route
   * @return the multiaddr
   * @throws RouteConversionException for other transport types or malformed addresses
   */
  public static MultiAddr fromRoute(Route route) {
    return MultiAddrRoutes.fromRoute(route);
  }

  /**
   * Converts one address, see {@link #fromRoute(Route)}.
   *
   * @param address a local or TCP address
   * @return the multiaddr
   * @throws RouteConversionException for other transport types or malformed addresses
   */
  public static MultiAddr fromAddress(Address address) {
    return MultiAddrRoutes.fromAddress(address);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof MultiAddr && Arrays.equals(components, ((MultiAddr) o).components);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(components);
  }

  /**
   * @return the canonical text form, for example {@code /ip4/127.0.0.1/tcp/4000}; empty for the empty multiaddr
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append('/').append(c.protocol.prefix).append('/').append(c.value);
    }
    return sb.toString();
  }
}
