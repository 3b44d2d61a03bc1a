package io.ockamj.verticles.nodemanager;

import io.ockamj.crypto.identity.Identifier;
import io.ockamj.node.NodeException;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.protocol.api.Method;
import io.ockamj.protocol.api.Request;
import io.ockamj.protocol.api.RequestHeader;
import io.ockamj.protocol.api.Response;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannels;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /node/identity/rotated {identity, reestablish}} (ours; Rust's nodes read their identity
 * from the database at each handshake): an identity of this node was rotated in the store, by
 * {@code ockam identity rotate}. The node loads the new change history and secure-channel key, and every
 * channel factory proving that identity presents them from then on. With {@code reestablish} the node
 * also closes the established channels that prove the old key, so that their users (inlets, relays, the
 * peers' inlets) open new ones under the new key; the channel the request came through is kept, it is
 * the caller's. The answer is {@code {identifier, change_history, channel_factories, channels_closed}}.
 */
final class IdentityRequests {

  private static final System.Logger LOG = System.getLogger(IdentityRequests.class.getName());

  private IdentityRequests() {
  }

  static boolean handles(String[] seg) {
    return seg.length == 3 && seg[0].equals("node") && seg[1].equals("identity") && seg[2].equals("rotated");
  }

  static Future<Response> rotated(NodeManager manager, Request request, Route returnRoute) {
    RequestHeader h = request.header();
    if (h.method() != Method.POST) {
      return NodeManagerWorker.notAllowed(h);
    }
    var body = NodeManagerWorker.body(request);
    String name = Bodies.text(body, "identity");
    boolean reestablish = Bodies.bool(body, "reestablish");
    Set<Address> caller = new HashSet<>(returnRoute.asList());
    return manager.identities().compose(ids -> ids.get(name).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new NodeException(NodeException.Kind.NOT_FOUND, "no identity named '" + name + "'"));
      }
      Identifier id = found.get().identifier();
      List<SecureChannels> proving = new ArrayList<>();
      for (SecureChannels c : SecureChannels.of(manager.node())) {
        if (c.identity().identity().identifier().equals(id)) {
          proving.add(c);
        }
      }
      if (proving.isEmpty()) {
        return NodeManagerWorker.ok(h, answer(found.get().identity().export(), id, 0, 0));
      }
      return ids.loadSecureChannelKey(name).compose(li -> {
        List<Future<Void>> closing = new ArrayList<>();
        for (SecureChannels c : proving) {
          c.useIdentity(new ChannelIdentity(li.identity(), li.secureChannelKey(), li.vault(), List.of()));
          if (reestablish) {
            for (SecureChannel ch : c.list()) {
              if (!caller.contains(ch.encryptor()) && !caller.contains(ch.decryptor())) {
                closing.add(c.close(ch.encryptor()).otherwiseEmpty());
              }
            }
          }
        }
        LOG.log(System.Logger.Level.INFO, "node " + manager.node().name() + " proves identity " + id + " with change "
          + li.identity().changeHistory().changes().size() + " of its history from now on"
          + (reestablish ? "; closing " + closing.size() + " channel(s) to re-establish them" : ""));
        return Future.join(closing).transform(ar -> NodeManagerWorker.ok(h,
          answer(li.identity().export(), id, proving.size(), closing.size())));
      });
    }));
  }

  private static Object answer(byte[] history, Identifier id, int factories, int closed) {
    return Bodies.map("identifier", id.toString(), "change_history", java.util.HexFormat.of().formatHex(history),
      "channel_factories", (long) factories, "channels_closed", (long) closed);
  }
}
