package io.ockamj.protocol.udp;

import io.ockamj.protocol.TcpFrameCodec;
import io.ockamj.protocol.TransportMessage;
import io.ockamj.protocol.errors.DecodeException;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts the parts of routing messages back together, per peer, as Rust's UDP receiver does: only
 * parts in order are accepted; a part of a newer routing message discards the unfinished older one;
 * a part of an older one, or one whose offset is not where the message so far ends, is dropped (the
 * latter discards the unfinished message too).
 * <p>
 * Bounded (ours; Rust keeps everything): an unfinished message may not grow over
 * {@link UdpDatagramCodec#MAX_MESSAGE_SIZE}, at most {@code maxPeers} peers are tracked and at most
 * {@code maxPendingBytes} bytes held over all of them; beyond that the least recently heard peer's
 * unfinished message is discarded. Not thread-safe: one receiver uses it.
 */
public final class UdpReassembler {

  /** What happened to one datagram. */
  public sealed interface Outcome permits Assembled, Pending, Dropped {
  }

  /**
   * A routing message is complete.
   *
   * @param message the decoded routing message
   * @param discarded what was discarded on the way (an unfinished older message of this peer, or of
   *   the least recently heard peer), or {@code null}
   */
  public record Assembled(TransportMessage message, String discarded) implements Outcome {
  }

  /** The part was kept; the routing message is not complete yet. */
  public record Pending() implements Outcome {
  }

  /**
   * A part or a routing message was dropped.
   *
   * @param late {@code true} if it belonged to a routing message older than the one expected
   * @param reason why, for the log
   */
  public record Dropped(boolean late, String reason) implements Outcome {
  }

  private static final Pending PENDING = new Pending();

  /** One peer's unfinished routing message. */
  private static final class PeerState {
    int expected;
    byte[] buf = new byte[0];
    int length;

    PeerState(int expected) {
      this.expected = expected;
    }

    void clear() {
      buf = new byte[0];
      length = 0;
    }
  }

  private final int maxPeers;
  private final long maxPendingBytes;
  private final LinkedHashMap<String, PeerState> peers = new LinkedHashMap<>(16, 0.75f, true);
  private long pendingBytes;

  /**
   * @param maxPeers how many peers to track at most (at least 1)
   * @param maxPendingBytes how many bytes of unfinished messages to hold at most over all peers
   */
  public UdpReassembler(int maxPeers, long maxPendingBytes) {
    if (maxPeers < 1 || maxPendingBytes < 0) {
      throw new IllegalArgumentException("maxPeers must be positive and maxPendingBytes not negative");
    }
    this.maxPeers = maxPeers;
    this.maxPendingBytes = maxPendingBytes;
  }

  /**
   * Adds a received part.
   *
   * @param peer the sender's socket address, e.g. {@code 127.0.0.1:5000}
   * @param part the decoded datagram
   * @return the outcome
   */
  public Outcome add(String peer, UdpTransportMessage part) {
    PeerState s = peers.get(peer);
    String discarded = null;
    if (s == null) {
      if (peers.size() >= maxPeers) {
        Iterator<Map.Entry<String, PeerState>> eldest = peers.entrySet().iterator();
        Map.Entry<String, PeerState> e = eldest.next();
        if (e.getValue().length > 0) {
          discarded = "over " + maxPeers + " peers: the unfinished routing message of " + e.getKey() + " discarded";
        }
        pendingBytes -= e.getValue().length;
        eldest.remove();
      }
      s = new PeerState(part.routingNumber());
      peers.put(peer, s);
    }
    int cmp = UdpDatagramCodec.compareRoutingNumbers(part.routingNumber(), s.expected);
    if (cmp < 0) {
      return new Dropped(true, "part of routing message " + part.routingNumber() + " at offset " + part.offset()
        + " arrived late (expected routing message " + s.expected + ")");
    }
    if (cmp > 0) {
      if (s.length > 0) {
        discarded = "routing message " + s.expected + " discarded unfinished (" + s.length + " bytes): routing message "
          + part.routingNumber() + " arrived";
      }
      release(s);
      s.expected = part.routingNumber();
    }
    if (s.length != part.offset()) {
      String reason = "routing message " + part.routingNumber() + ": expected offset " + s.length + ", received " + part.offset();
      release(s);
      s.expected = (s.expected + 1) & 0xFFFF;
      return new Dropped(false, discarded == null ? reason : discarded + "; " + reason);
    }
    int add = part.payload().length;
    if ((long) s.length + add > UdpDatagramCodec.MAX_MESSAGE_SIZE) {
      release(s);
      s.expected = (s.expected + 1) & 0xFFFF;
      return new Dropped(false, "routing message " + part.routingNumber() + " exceeds " + UdpDatagramCodec.MAX_MESSAGE_SIZE + " bytes");
    }
    if (!part.isLast()) {
      append(s, part.payload());
      pendingBytes += add;
      String evicted = evictOver(s);
      if (evicted != null) {
        discarded = discarded == null ? evicted : discarded + "; " + evicted;
      }
      return discarded == null ? PENDING : new Dropped(false, discarded);
    }
    byte[] whole;
    if (s.length == 0) {
      whole = part.payload();
    } else {
      whole = Arrays.copyOf(s.buf, s.length + add);
      System.arraycopy(part.payload(), 0, whole, s.length, add);
    }
    release(s);
    s.expected = (s.expected + 1) & 0xFFFF;
    try {
      return new Assembled(TcpFrameCodec.decode(whole), discarded);
    } catch (DecodeException e) {
      String reason = "routing message " + part.routingNumber() + " could not be decoded: " + e.getMessage();
      return new Dropped(false, discarded == null ? reason : discarded + "; " + reason);
    }
  }

  /** @return how many peers are tracked */
  public int peers() {
    return peers.size();
  }

  /** @return the bytes of unfinished routing messages held */
  public long pendingBytes() {
    return pendingBytes;
  }

  private void release(PeerState s) {
    pendingBytes -= s.length;
    s.clear();
  }

  private static void append(PeerState s, byte[] bytes) {
    int need = s.length + bytes.length;
    if (need > s.buf.length) {
      s.buf = Arrays.copyOf(s.buf, Math.min(UdpDatagramCodec.MAX_MESSAGE_SIZE, Math.max(need, s.buf.length * 2)));
    }
    System.arraycopy(bytes, 0, s.buf, s.length, bytes.length);
    s.length = need;
  }

  /**
   * Discards the unfinished messages of the least recently heard peers while over the byte limit.
   *
   * @return what was discarded, or {@code null}
   */
  private String evictOver(PeerState current) {
    if (pendingBytes <= maxPendingBytes) {
      return null;
    }
    int others = 0;
    boolean self = false;
    Iterator<Map.Entry<String, PeerState>> it = peers.entrySet().iterator();
    while (pendingBytes > maxPendingBytes && it.hasNext()) {
      PeerState s = it.next().getValue();
      if (s.length > 0) {
        release(s);
        s.expected = (s.expected + 1) & 0xFFFF;
        if (s == current) {
          self = true;
        } else {
          others++;
        }
      }
    }
    return "over " + maxPendingBytes + " bytes of unfinished routing messages: discarded " + others
      + " of other peers" + (self ? " and this one" : "");
  }
}
