package io.ockamj.verticles.credentials;

import io.ockamj.crypto.identity.Identity;
import io.ockamj.node.Node;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.protocol.Route;
import io.ockamj.store.Store;
import io.ockamj.verticles.authority.AuthorityClient;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.revocation.RevocationService;
import io.ockamj.verticles.revocation.RevocationSubscriber;
import io.ockamj.verticles.revocation.Revocations;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.Objects;

/**
 * Makes a node that trusts an authority follow that authority's revocations (ours): a
 * {@link RevocationSubscriber} at {@value #ADDRESS} reaches the authority's
 * {@value RevocationService#ADDRESS} service through one secure channel, opened again when it is
 * lost; a revoked member's channels and portal connections on this node close at once and its
 * credentials stop counting.
 */
public final class AuthorityRevocations {

  /** The subscriber's address on the node. */
  public static final String ADDRESS = "revocation_subscriber";
  /** How often the subscription is renewed by default (also how soon a lost channel is noticed). */
  public static final Duration DEFAULT_RENEW = Duration.ofSeconds(10);

  private AuthorityRevocations() {
  }

  /**
   * Starts following an authority's revocations.
   *
   * @param node the node
   * @param channels the identity the node proves to the authority
   * @param store where applied notices are kept
   * @param authority the authority's identity
   * @param route the authority's secure channel listener, e.g. {@code /ip4/127.0.0.1/tcp/4000/service/api}
   * @param renewEvery how often the subscription is renewed
   * @return a future with the subscriber, once it loaded the notices already applied (the first
   *         subscription goes on in the background)
   */
  public static Future<RevocationSubscriber> follow(Node node, SecureChannels channels, Store store, Identity authority,
                                                    MultiAddr route, Duration renewEvery) {
    Objects.requireNonNull(route, "an authority route is required");
    SecureChannel[] current = new SecureChannel[1];
    java.util.function.Supplier<Future<Route>> serviceRoute = () -> {
      SecureChannel c = current[0];
      Future<SecureChannel> channel;
      if (c != null && channels.list().stream().anyMatch(x -> x.encryptor().equals(c.encryptor()))) {
        channel = Future.succeededFuture(c);
      } else {
        channel = AuthorityClient.connect(node, channels, route, authority.identifier(), AuthorityClient.DEFAULT_TIMEOUT)
          .map(client -> {
            current[0] = client.channel();
            return client.channel();
          });
      }
      return channel.map(ch -> Route.of(ch.encryptor(), Address.local(RevocationService.ADDRESS)));
    };
    RevocationSubscriber s = new RevocationSubscriber(authority, serviceRoute, store.revocations(), Revocations.of(node), renewEvery);
    return node.startWorker(WorkerOptions.of(ADDRESS), s).map(s);
  }
}
