package io.ockamj.verticles.channel;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Turns a multiaddr into a route through secure channels ({@link SecureChannels#resolve}): a channel
 * for every {@code /secure/NAME} component, each created through the ones before it, each with the
 * options given for its position among the route's secure components.
 */
final class SecureRouteResolver {

  private final SecureChannels channels;
  private final IntFunction<SecureChannelOptions> options;

  SecureRouteResolver(SecureChannels channels, IntFunction<SecureChannelOptions> options) {
    this.channels = channels;
    this.options = options;
  }

  Future<SecureChannels.SecureRoute> resolve(MultiAddr multiAddr) {
    Route full;
    try {
      full = multiAddr.toTransportRoute();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    List<Integer> secureAt = new ArrayList<>();
    int hop = 0;
    for (MultiAddr.Component c : multiAddr) {
      if (c.protocol() == MultiAddr.Protocol.SECURE) {
        secureAt.add(hop);
      }
      if (!c.protocol().isHost()) {
        hop++;
      }
    }
    return resolveFrom(full, secureAt, 0, 0, new ArrayList<>());
  }

  private Future<SecureChannels.SecureRoute> resolveFrom(Route full, List<Integer> secureAt, int index, int shift,
                                                         List<SecureChannel> made) {
    if (index == secureAt.size()) {
      return Future.succeededFuture(new SecureChannels.SecureRoute(full, List.copyOf(made)));
    }
    int at = secureAt.get(index) - shift;
    List<Address> hops = full.asList();
    Route toListener = Route.of(hops.subList(0, at + 1));
    Route rest = Route.of(hops.subList(at + 1, hops.size()));
    SecureChannelOptions opts;
    try {
      opts = options.apply(index);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return channels.createSecureChannel(toListener, opts).compose(ch -> {
      made.add(ch);
      Route next = rest.prepend(ch.encryptor());
      return resolveFrom(next, secureAt, index + 1, shift + at, made);
    });
  }
}
