package io.ockamj.node;

import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The flow controls of a node (Ockam's "trust options", §3): which local workers may receive the
 * messages that enter the node through a given producer.
 * <p>
 * A <em>producer</em> is an address that injects untrusted messages into the node: the receiver of
 * a TCP connection, the internal side of a secure channel's decryptor, the internal side of a
 * remote relay. Its messages may reach an address only if that address was declared a
 * <em>consumer</em> of the producer's flow, or of the flow of the <em>spawner</em> that created the
 * producer (a TCP listener, a secure channel listener). Every other message is dropped and counted
 * in {@link NodeMetrics#deniedOutgoing()}. Nothing of this travels on the wire.
 * <p>
 * So "make worker W reachable by anything arriving on this TCP listener" is
 * {@code addConsumer(W, listenerFlowControlId)}, and "let this worker receive the replies that come
 * back through this channel" is {@link #addConsumerOfNextHop(Address, Route)}.
 * <p>
 * Entries of an address are removed when the worker owning it stops. All methods are thread-safe
 * and cheap; the check made for every message a producer sends is one hash lookup.
 */
public interface FlowControls {

  /**
   * What is known about one producer.
   *
   * @param producer the producer's address
   * @param flowControlId the producer's own flow
   * @param spawnerFlowControlId the flow of the spawner that created the producer, or {@code null}
   * @param additionalAddresses other addresses of the same logical producer (the sender of a TCP
   *                            connection, the encryptor of a secure channel)
   */
  record ProducerInfo(Address producer, FlowControlId flowControlId, FlowControlId spawnerFlowControlId,
                      List<Address> additionalAddresses) {
  }

  /**
   * @return a fresh flow control id
   */
  default FlowControlId generateId() {
    return FlowControlId.random();
  }

  /**
   * Declares a producer.
   *
   * @param producer the address whose outgoing messages are untrusted
   * @param flowControlId its flow
   * @param spawnerFlowControlId the flow of the spawner that created it, or {@code null}
   * @param additionalAddresses other addresses of the same producer, looked up by
   *                            {@link #findProducer(Address)} too
   */
  void addProducer(Address producer, FlowControlId flowControlId, FlowControlId spawnerFlowControlId,
                   List<Address> additionalAddresses);

  /**
   * Declares a spawner: an address that creates producers of its own flow.
   *
   * @param spawner the spawner's address
   * @param flowControlId its flow
   */
  void addSpawner(Address spawner, FlowControlId flowControlId);

  /**
   * Allows messages of the flow {@code flowControlId} to reach {@code consumer}.
   *
   * @param consumer the address
   * @param flowControlId the flow (of a producer or of a spawner)
   */
  void addConsumer(Address consumer, FlowControlId flowControlId);

  /**
   * Makes {@code consumer} a consumer of the flow whose producer (or one of its additional
   * addresses) is the next hop of {@code route}: the address can then receive what comes back
   * through the connection or channel the route enters. Does nothing when the next hop is not a
   * producer's address (a local worker, or a route that is empty).
   *
   * @param consumer the address that expects replies
   * @param route a route whose first hop is already resolved to a local address
   * @return the flow {@code consumer} was added to, if any
   */
  default Optional<FlowControlId> addConsumerOfNextHop(Address consumer, Route route) {
    if (route.isEmpty()) {
      return Optional.empty();
    }
    Optional<ProducerInfo> p = findProducer(route.next());
    p.ifPresent(info -> {
      if (!isConsumer(consumer, info.flowControlId())) {
        addConsumer(consumer, info.flowControlId());
      }
    });
    return p.map(ProducerInfo::flowControlId);
  }

  /**
   * Links the two sides of a worker that forwards messages between connections or channels (a relay,
   * a hop), as Ockam's relay does (§3.6): if {@code nextHop} belongs to a producer, {@code previousHop}
   * becomes a consumer of its flow, and the other way round, so that what comes back from either
   * side can reach the other without passing the forwarding worker.
   *
   * @param previousHop where the forwarded message came from (the first hop of its return route)
   * @param nextHop where it goes (the first hop of its new onward route)
   */
  default void link(Address previousHop, Address nextHop) {
    findProducer(nextHop).ifPresent(p -> {
      if (!isConsumer(previousHop, p.flowControlId())) {
        addConsumer(previousHop, p.flowControlId());
      }
    });
    findProducer(previousHop).ifPresent(p -> {
      if (!isConsumer(nextHop, p.flowControlId())) {
        addConsumer(nextHop, p.flowControlId());
      }
    });
  }

  /**
   * Finds a producer by its own address or by one of its additional addresses.
   *
   * @param address the address
   * @return the producer, if {@code address} belongs to one
   */
  Optional<ProducerInfo> findProducer(Address address);

  /**
   * @param address an address
   * @return the flow of the spawner at {@code address}, if it is one
   */
  Optional<FlowControlId> findSpawner(Address address);

  /**
   * @param address an address
   * @param flowControlId a flow
   * @return whether {@code address} is a consumer of {@code flowControlId}
   */
  boolean isConsumer(Address address, FlowControlId flowControlId);

  /**
   * @param address an address
   * @return the flows {@code address} is a consumer of
   */
  Set<FlowControlId> consumedBy(Address address);

  /**
   * The outgoing access control of a producer: a message may leave it only towards a consumer of
   * {@code flowControlId} or, when not {@code null}, of {@code spawnerFlowControlId} (§3.2).
   *
   * @param flowControlId the producer's flow
   * @param spawnerFlowControlId the flow of its spawner, or {@code null}
   * @return the access control to put on the producer's mailbox
   */
  OutgoingAccessControl outgoingAccessControl(FlowControlId flowControlId, FlowControlId spawnerFlowControlId);

  /**
   * Removes every entry of {@code address}: as producer, spawner and consumer. Called by the node
   * when the worker owning the address stops; flows nobody references any more are forgotten.
   *
   * @param address the address that went away
   */
  void cleanup(Address address);
}
