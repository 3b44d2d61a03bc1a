package io.ockamj.node.impl;

import io.ockamj.node.FlowControlId;
import io.ockamj.node.OutgoingAccessControl;
import io.ockamj.node.RelayMessage;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.LocalMessage;
import io.ockamj.protocol.Route;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The flow-control tables on their own (§3): producers, consumers, spawners, the check, cleanup. */
class FlowControlsImplTest {

  private final FlowControlsImpl fc = new FlowControlsImpl();
  private final Address receiver = Address.local("receiver");
  private final Address sender = Address.local("sender");
  private final Address service = Address.local("service");
  private final Address other = Address.local("other");

  private static boolean allowed(OutgoingAccessControl ac, Address from, Address to) {
    LocalMessage m = LocalMessage.of(Route.of(to), Route.empty(), new byte[0]);
    return ac.isAuthorized(new RelayMessage(from, to, m)).result();
  }

  @Test
  void idsAre32LowercaseHexAndRandom() {
    FlowControlId a = FlowControlId.random();
    assertThat(a.value()).matches("[0-9a-f]{32}");
    assertThat(FlowControlId.random()).isNotEqualTo(a);
    assertThatThrownBy(() -> new FlowControlId("ABC")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aProducerReachesOnlyConsumersOfItsFlowOrOfItsSpawner() {
    FlowControlId flow = fc.generateId();
    FlowControlId spawner = fc.generateId();
    fc.addProducer(receiver, flow, spawner, List.of(sender));
    OutgoingAccessControl ac = fc.outgoingAccessControl(flow, spawner);
    assertThat(allowed(ac, receiver, service)).isFalse();
    fc.addConsumer(service, spawner);
    assertThat(allowed(ac, receiver, service)).isTrue();
    fc.addConsumer(other, flow);
    assertThat(allowed(ac, receiver, other)).isTrue();
    // a consumer of an unrelated flow gets nothing
    Address third = Address.local("third");
    fc.addConsumer(third, fc.generateId());
    assertThat(allowed(ac, receiver, third)).isFalse();
    // without a spawner only the producer's own flow counts
    assertThat(allowed(fc.outgoingAccessControl(flow, null), receiver, service)).isFalse();
  }

  @Test
  void producersAreFoundByAdditionalAddressesAndNextHopsAddConsumers() {
    FlowControlId flow = fc.generateId();
    fc.addProducer(receiver, flow, null, List.of(sender));
    assertThat(fc.findProducer(sender)).get().extracting(p -> p.flowControlId()).isEqualTo(flow);
    assertThat(fc.findProducer(receiver)).get().extracting(p -> p.producer()).isEqualTo(receiver);
    assertThat(fc.findProducer(service)).isEmpty();
    assertThat(fc.addConsumerOfNextHop(service, Route.of(sender, Address.local("echo")))).contains(flow);
    assertThat(fc.isConsumer(service, flow)).isTrue();
    assertThat(fc.addConsumerOfNextHop(other, Route.of(Address.local("echo")))).isEmpty();
    assertThat(fc.addConsumerOfNextHop(other, Route.empty())).isEmpty();
    assertThat(fc.consumedBy(other)).isEmpty();
  }

  @Test
  void linkLetsTwoProducersAnswerEachOther() {
    FlowControlId left = fc.generateId();
    FlowControlId right = fc.generateId();
    Address leftSender = Address.local("left-sender");
    Address rightSender = Address.local("right-sender");
    fc.addProducer(Address.local("left-receiver"), left, null, List.of(leftSender));
    fc.addProducer(Address.local("right-receiver"), right, null, List.of(rightSender));
    fc.link(leftSender, rightSender);
    assertThat(fc.isConsumer(leftSender, right)).isTrue();
    assertThat(fc.isConsumer(rightSender, left)).isTrue();
    // a local worker as previous hop may receive the answers; the producer's side gains nothing
    fc.link(service, rightSender);
    assertThat(fc.consumedBy(service)).containsExactly(right);
    assertThat(fc.consumedBy(rightSender)).containsExactly(left);
  }

  @Test
  void cleanupForgetsAnAddressAndFlowsNobodyProduces() {
    FlowControlId flow = fc.generateId();
    FlowControlId spawner = fc.generateId();
    fc.addSpawner(Address.local("listener"), spawner);
    fc.addProducer(receiver, flow, spawner, List.of(sender));
    fc.addConsumer(service, flow);
    fc.addConsumer(service, spawner);
    fc.cleanup(receiver);
    assertThat(fc.findProducer(receiver)).isEmpty();
    assertThat(fc.findProducer(sender)).isEmpty();
    // the connection's flow is gone with its producer; the listener's flow stays
    assertThat(fc.isConsumer(service, flow)).isFalse();
    assertThat(fc.consumedBy(service)).containsExactly(spawner);
    fc.cleanup(service);
    assertThat(fc.consumedBy(service)).isEmpty();
    fc.cleanup(Address.local("listener"));
    assertThat(fc.findSpawner(Address.local("listener"))).isEmpty();
    assertThat(fc.sizes()).containsExactly(0, 0, 0);
  }

  @Test
  void pinnedFlowsKeepTheirConsumers() {
    FlowControlId nodeFlow = FlowControlId.random();
    FlowControlsImpl tables = new FlowControlsImpl(nodeFlow);
    tables.addSpawner(Address.local("api"), nodeFlow);
    tables.addConsumer(service, nodeFlow);
    tables.cleanup(Address.local("api"));
    assertThat(tables.isConsumer(service, nodeFlow)).isTrue();
  }

  @Test
  void aFlowSharedByTwoProducersSurvivesTheFirst() {
    FlowControlId flow = fc.generateId();
    fc.addProducer(receiver, flow, null, List.of(sender));
    Address relayInternal = Address.local("main-internal");
    fc.addProducer(relayInternal, flow, null, List.of());
    fc.addConsumer(service, flow);
    fc.cleanup(relayInternal);
    assertThat(fc.isConsumer(service, flow)).isTrue();
    fc.cleanup(receiver);
    assertThat(fc.isConsumer(service, flow)).isFalse();
  }
}
