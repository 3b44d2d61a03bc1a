package io.ockamj.verticles.channel;

import io.ockamj.node.Node;
import io.ockamj.node.spi.NodeInternal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The channel factories ({@link SecureChannels}) made for one node, weakly held: so that all its
 * channels with a peer, or all that prove an identity, can be found.
 */
final class ChannelFactories {

  private final Set<SecureChannels> all = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  static ChannelFactories of(Node node) {
    return NodeInternal.of(node).component(ChannelFactories.class, ChannelFactories::new);
  }

  static List<SecureChannels> list(Node node) {
    ChannelFactories f = NodeInternal.of(node).component(ChannelFactories.class);
    return f == null ? List.of() : f.list();
  }

  void add(SecureChannels c) {
    all.add(c);
  }

  List<SecureChannels> list() {
    synchronized (all) {
      return new ArrayList<>(all);
    }
  }
}
