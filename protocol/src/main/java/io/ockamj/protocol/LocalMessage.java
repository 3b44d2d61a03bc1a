package io.ockamj.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A message as it moves between workers of one node: where it still has to go (the onward route),
 * how to answer it (the return route), the payload bytes and the local information attached by
 * workers on the way.
 * <p>
 * Instances are immutable and safe to hand from one worker to another without copying; the payload
 * array must not be modified after construction.
 *
 * @param onwardRoute the remaining route, first hop first
 * @param returnRoute the route a reply should take
 * @param payload the payload bytes
 * @param localInfo metadata that never leaves this node
 */
public record LocalMessage(Route onwardRoute, Route returnRoute, byte[] payload, List<LocalInfo> localInfo) {

  /**
   * Validates the components.
   *
   * @param onwardRoute the remaining route
   * @param returnRoute the reply route
   * @param payload the payload bytes
   * @param localInfo metadata that never leaves this node
   */
  public LocalMessage {
    Objects.requireNonNull(onwardRoute, "onwardRoute");
    Objects.requireNonNull(returnRoute, "returnRoute");
    Objects.requireNonNull(payload, "payload");
    localInfo = List.copyOf(localInfo);
  }

  /**
   * Creates a message without local information.
   *
   * @param onwardRoute the remaining route
   * @param returnRoute the reply route
   * @param payload the payload bytes
   * @return the message
   */
  public static LocalMessage of(Route onwardRoute, Route returnRoute, byte[] payload) {
    return new LocalMessage(onwardRoute, returnRoute, payload, List.of());
  }

  /**
   * @param onward the new onward route
   * @return a copy with another onward route
   */
  public LocalMessage withOnwardRoute(Route onward) {
    return new LocalMessage(onward, returnRoute, payload, localInfo);
  }

  /**
   * @param ret the new return route
   * @return a copy with another return route
   */
  public LocalMessage withReturnRoute(Route ret) {
    return new LocalMessage(onwardRoute, ret, payload, localInfo);
  }

  /**
   * @param bytes the new payload
   * @return a copy with another payload
   */
  public LocalMessage withPayload(byte[] bytes) {
    return new LocalMessage(onwardRoute, returnRoute, bytes, localInfo);
  }

  /**
   * @param info the entry to add
   * @return a copy with one more local information entry
   */
  public LocalMessage withLocalInfo(LocalInfo info) {
    List<LocalInfo> l = new java.util.ArrayList<>(localInfo);
    l.add(info);
    return new LocalMessage(onwardRoute, returnRoute, payload, l);
  }

  /**
   * What a worker that relays a message does: remove itself from the front of the onward route and
   * put {@code via} in front of the return route, so that replies come back through it.
   *
   * @param via the address replies should go through
   * @return the message to forward
   */
  public LocalMessage stepForward(Address via) {
    return new LocalMessage(onwardRoute.step(), returnRoute.prepend(via), payload, localInfo);
  }

  /**
   * @param typeIdentifier the kind of information
   * @return the first local information entry of that kind, or {@code null}
   */
  public LocalInfo findLocalInfo(String typeIdentifier) {
    for (LocalInfo i : localInfo) {
      if (i.typeIdentifier().equals(typeIdentifier)) {
        return i;
      }
    }
    return null;
  }

  /**
   * @return the message as it crosses a transport (local information dropped)
   */
  public TransportMessage toTransportMessage() {
    return new TransportMessage(onwardRoute, returnRoute, payload, null);
  }

  @Override
  public String toString() {
    return "LocalMessage[onward=" + onwardRoute + ", return=" + returnRoute + ", payload=" + payload.length + " bytes]";
  }
}
