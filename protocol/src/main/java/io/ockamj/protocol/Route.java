package io.ockamj.protocol;

import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An Ockam route: the ordered list of addresses a message still has to visit. The first address is
 * the next hop, the last the recipient.
 * <p>
 * Routes are immutable; every operation returns a new route. The text form joins addresses with
 * {@code " => "}, for example {@code 1#127.0.0.1:4000 => echo}.
 */
public final class Route implements Iterable<Address> {

  /** The largest number of hops accepted by decoders. */
  public static final int MAX_HOPS = 256;

  private static final Route EMPTY = new Route(new Address[0]);

  private final Address[] hops;

  private Route(Address[] hops) {
    this.hops = hops;
  }

  /**
   * @return the empty route
   */
  public static Route empty() {
    return EMPTY;
  }

  /**
   * Creates a route from addresses.
   *
   * @param hops the addresses, first hop first
   * @return the route
   */
  public static Route of(Address... hops) {
    return hops.length == 0 ? EMPTY : new Route(hops.clone());
  }

  /**
   * Creates a route from addresses.
   *
   * @param hops the addresses, first hop first
   * @return the route
   */
  public static Route of(List<Address> hops) {
    return hops.isEmpty() ? EMPTY : new Route(hops.toArray(new Address[0]));
  }

  /**
   * Creates a route of local addresses, or of addresses in text form.
   *
   * @param hops address texts, each parsed with {@link Address#parse(String)}
   * @return the route
   */
  public static Route of(String... hops) {
    Address[] a = new Address[hops.length];
    for (int i = 0; i < hops.length; i++) {
      a[i] = Address.parse(hops[i]);
    }
    return new Route(a);
  }

  /**
   * Parses the text form {@code a => b => c}; whitespace around each address is ignored.
   *
   * @param text the route text
   * @return the route
   * @throws AddressParseException if the text is blank or an address is malformed
   */
  public static Route parse(String text) {
    if (text.isBlank()) {
      throw new AddressParseException("empty route");
    }
    String[] parts = text.split("=>", -1);
    Address[] a = new Address[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.isEmpty()) {
        throw new AddressParseException("invalid route '" + text + "': empty address at position " + i);
      }
      a[i] = Address.parse(p);
    }
    return new Route(a);
  }

  /**
   * @return the number of hops
   */
  public int size() {
    return hops.length;
  }

  /**
   * @return {@code true} when there are no hops left
   */
  public boolean isEmpty() {
    return hops.length == 0;
  }

  /**
   * @param index a position, 0 for the next hop
   * @return the address at that position
   */
  public Address get(int index) {
    return hops[index];
  }

  /**
   * @return the next hop
   * @throws IllegalStateException if the route is empty
   */
  public Address next() {
    if (hops.length == 0) {
      throw new IllegalStateException("route is empty: no next hop");
    }
    return hops[0];
  }

  /**
   * @return the final address
   * @throws IllegalStateException if the route is empty
   */
  public Address recipient() {
    if (hops.length == 0) {
      throw new IllegalStateException("route is empty: no recipient");
    }
    return hops[hops.length - 1];
  }

  /**
   * @return this route without its first hop
   * @throws IllegalStateException if the route is empty
   */
  public Route step() {
    if (hops.length == 0) {
      throw new IllegalStateException("route is empty: cannot step");
    }
    return hops.length == 1 ? EMPTY : new Route(Arrays.copyOfRange(hops, 1, hops.length));
  }

  /**
   * @param first the address to put in front
   * @return a route that visits {@code first} and then this route
   */
  public Route prepend(Address first) {
    Address[] a = new Address[hops.length + 1];
    a[0] = first;
    System.arraycopy(hops, 0, a, 1, hops.length);
    return new Route(a);
  }

  /**
   * @param last the address to put at the end
   * @return a route that visits this route and then {@code last}
   */
  public Route append(Address last) {
    Address[] a = Arrays.copyOf(hops, hops.length + 1);
    a[hops.length] = last;
    return new Route(a);
  }

  /**
   * @param before the route to visit first
   * @return {@code before} followed by this route
   */
  public Route prepend(Route before) {
    return before.append(this);
  }

  /**
   * @param after the route to visit last
   * @return this route followed by {@code after}
   */
  public Route append(Route after) {
    if (after.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return after;
    }
    Address[] a = Arrays.copyOf(hops, hops.length + after.hops.length);
    System.arraycopy(after.hops, 0, a, hops.length, after.hops.length);
    return new Route(a);
  }

  /**
   * @param replacement the address that replaces the first hop
   * @return a route whose first hop is {@code replacement} (a one-hop route if this route is empty)
   */
  public Route replaceNext(Address replacement) {
    if (hops.length == 0) {
      // like Rust's pop_front + push_front on an empty route
      return new Route(new Address[] {replacement});
    }
    Address[] a = hops.clone();
    a[0] = replacement;
    return new Route(a);
  }

  /**
   * Tells whether {@code other} appears in this route as a contiguous sequence.
   *
   * @param other a non-empty route
   * @return {@code true} if this route contains it
   * @throws IllegalArgumentException if {@code other} is empty
   */
  public boolean containsRoute(Route other) {
    if (other.isEmpty()) {
      throw new IllegalArgumentException("cannot look for an empty route");
    }
    outer:
    for (int i = 0; i + other.hops.length <= hops.length; i++) {
      for (int j = 0; j < other.hops.length; j++) {
        if (!hops[i + j].equals(other.hops[j])) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * @return the hops as an unmodifiable list
   */
  public List<Address> asList() {
    return Collections.unmodifiableList(Arrays.asList(hops));
  }

  @Override
  public Iterator<Address> iterator() {
    return asList().iterator();
  }

  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof Route && Arrays.equals(hops, ((Route) o).hops);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hops);
  }

  @Override
  public String toString() {
    return Arrays.stream(hops).map(Address::toString).collect(Collectors.joining(" => "));
  }
}
