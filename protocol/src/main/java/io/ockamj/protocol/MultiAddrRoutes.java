package io.ockamj.protocol;

import io.ockamj.protocol.MultiAddr.Component;
import io.ockamj.protocol.MultiAddr.Protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * Resolution between {@link MultiAddr}s and {@link Route}s: multiaddr to transport or local route,
 * to socket address, and route or address back to multiaddr. No connection is opened here.
 */
final class MultiAddrRoutes {

  private MultiAddrRoutes() {
  }

  static Route toTransportRoute(MultiAddr m) {
    List<Address> hops = new ArrayList<>();
    for (int i = 0; i < m.size(); i++) {
      Component c = m.get(i);
      Protocol p = c.protocol();
      if (p.isHost()) {
        if (i + 1 >= m.size() || m.get(i + 1).protocol() != Protocol.TCP) {
          throw new RouteConversionException("multiaddr " + m + ": " + c + " must be followed by /tcp/<port>");
        }
        hops.add(Address.tcp(hostPort(c, m.get(++i))));
      } else if (p.isLocal()) {
        hops.add(Address.local(c.value()));
      } else if (p == Protocol.TCP) {
        throw new RouteConversionException("multiaddr " + m + ": " + c + " is not preceded by a host");
      } else {
        throw new RouteConversionException("multiaddr " + m + ": " + c + " must be resolved before it can be routed");
      }
    }
    return Route.of(hops);
  }

  static Route toLocalRoute(MultiAddr m) {
    List<Address> hops = new ArrayList<>();
    for (Component c : m) {
      if (!c.protocol().isLocal()) {
        throw new RouteConversionException("multiaddr " + m + ": " + c + " is not a local address");
      }
      hops.add(Address.local(c.value()));
    }
    return Route.of(hops);
  }

  static String toSocketAddress(MultiAddr m) {
    if (m.size() < 2 || !m.get(0).protocol().isHost() || m.get(1).protocol() != Protocol.TCP) {
      throw new RouteConversionException("multiaddr " + m + " does not start with a host and a TCP port");
    }
    return hostPort(m.get(0), m.get(1));
  }

  private static String hostPort(Component host, Component port) {
    return host.protocol() == Protocol.IP6
      ? "[" + host.value() + "]:" + port.value()
      : host.value() + ":" + port.value();
  }

  static MultiAddr fromRoute(Route route) {
    List<Component> out = new ArrayList<>();
    for (Address a : route) {
      out.addAll(fromAddress(a).components());
    }
    if (out.size() > MultiAddr.MAX_COMPONENTS) {
      throw new RouteConversionException("route " + route + " has too many hops for a multiaddr");
    }
    return MultiAddr.of(out);
  }

  static MultiAddr fromAddress(Address address) {
    try {
      if (address.isLocal()) {
        return MultiAddr.of(Component.service(address.innerText()));
      }
      if (address.transportType() == Address.TCP) {
        HostnamePort hp = HostnamePort.parse(address.innerText());
        String host = hp.hostname();
        Component h;
        if (host.startsWith("[")) {
          h = Component.of(Protocol.IP6, host.substring(1, host.length() - 1));
        } else if (IpLiterals.parseIpv4(host) != null) {
          h = Component.of(Protocol.IP4, host);
        } else {
          h = Component.of(Protocol.DNSADDR, host);
        }
        return MultiAddr.of(h, Component.tcp(hp.port()));
      }
    } catch (AddressParseException e) {
      throw new RouteConversionException("address " + address + " cannot be written as a multiaddr: " + e.getMessage(), e);
    }
    throw new RouteConversionException("address " + address + " has transport type " + address.transportType()
      + ", which has no multiaddr form");
  }
}
