package io.ockamj.node.impl;

import io.ockamj.node.DropReason;
import io.ockamj.node.Drops;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts drops per reason and rate-limits their log lines per reason and peer.
 */
final class DropsImpl implements Drops {

  private static final System.Logger LOG = System.getLogger("io.ockamj.node.drops");
  static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
  /** Peers remembered for rate limiting; past this, stale entries go, then one shared entry per reason. */
  static final int MAX_KEYS = 1024;

  private final String nodeName;
  private final EnumMap<DropReason, LongAdder> counts = new EnumMap<>(DropReason.class);
  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  // a closing node drops what is in flight by design: still counted, logged at DEBUG only
  private volatile boolean closing;

  private static final class Window {
    long lastLogged;
    long suppressed;
  }

  DropsImpl(String nodeName) {
    this.nodeName = nodeName;
    for (DropReason r : DropReason.values()) {
      counts.put(r, new LongAdder());
    }
  }

  @Override
  public void record(DropReason reason, Object peer, String detail) {
    counts.get(reason).increment();
    if (closing) {
      LOG.log(System.Logger.Level.DEBUG, () -> "node " + nodeName + " (closing) dropped a message (" + reason + ") from " + peer
        + ": " + detail);
      return;
    }
    if (!LOG.isLoggable(System.Logger.Level.INFO)) {
      return;
    }
    String peerText = peer == null ? "-" : peer.toString();
    long now = System.nanoTime();
    Window w = window(reason, peerText, now);
    long suppressed;
    synchronized (w) {
      if (w.lastLogged != 0 && now - w.lastLogged < LOG_INTERVAL_NANOS) {
        w.suppressed++;
        return;
      }
      w.lastLogged = now;
      suppressed = w.suppressed;
      w.suppressed = 0;
    }
    LOG.log(System.Logger.Level.INFO, "node " + nodeName + " dropped a message (" + reason + ") from " + peerText + ": " + detail
      + (suppressed > 0 ? " (and " + suppressed + " more like it in the last minute)" : ""));
  }

  private Window window(DropReason reason, String peer, long now) {
    String key = reason.name() + '|' + peer;
    Window w = windows.get(key);
    if (w != null) {
      return w;
    }
    if (windows.size() >= MAX_KEYS) {
      windows.values().removeIf(x -> {
        synchronized (x) {
          return now - x.lastLogged >= LOG_INTERVAL_NANOS && x.suppressed == 0;
        }
      });
      if (windows.size() >= MAX_KEYS) {
        key = reason.name() + "|*";
      }
    }
    return windows.computeIfAbsent(key, k -> new Window());
  }

  @Override
  public long count(DropReason reason) {
    return counts.get(reason).sum();
  }

  @Override
  public Map<DropReason, Long> counts() {
    Map<DropReason, Long> out = new LinkedHashMap<>();
    for (Map.Entry<DropReason, LongAdder> e : counts.entrySet()) {
      long n = e.getValue().sum();
      if (n != 0) {
        out.put(e.getKey(), n);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public long total() {
    long t = 0;
    for (LongAdder a : counts.values()) {
      t += a.sum();
    }
    return t;
  }

  /** From now on drops are expected (the node is closing): counted, but not logged at INFO. */
  void closing() {
    closing = true;
  }

  /** Peers remembered for rate limiting, for tests. */
  int rememberedPeers() {
    return windows.size();
  }
}
