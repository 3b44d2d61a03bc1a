package io.ockamj.cli;

import io.ockamj.store.OckamHome;
import io.ockamj.store.Store;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.identity.IdentityManager;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;

/**
 * Loads the identity a node or a command proves in secure channels: the named identity, or the
 * default one (created on first use), with its persisted secure-channel key.
 */
final class NodeIdentity {

  private NodeIdentity() {
  }

  /**
   * Opened local state with the identity loaded; close the store when done.
   *
   * @param store the opened store
   * @param identity the channel identity
   */
  record Loaded(Store store, ChannelIdentity identity) {
  }

  static Future<Loaded> load(Vertx vertx, String identityName) {
    return Store.open(vertx, OckamHome.resolve().database()).compose(store ->
      IdentityManager.open(vertx, store)
        .compose(manager -> identityName == null
          ? manager.getOrCreateDefault().compose(n -> manager.loadSecureChannelKey(n.name()))
          : manager.loadSecureChannelKey(identityName))
        .map(li -> new Loaded(store, new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of())))
        .recover(err -> store.close().transform(ar -> Future.failedFuture(err))));
  }
}
