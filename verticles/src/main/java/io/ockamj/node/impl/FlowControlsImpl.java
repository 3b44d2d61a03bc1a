package io.ockamj.node.impl;

import io.ockamj.node.AccessControls;
import io.ockamj.node.FlowControlId;
import io.ockamj.node.FlowControls;
import io.ockamj.node.OutgoingAccessControl;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The flow-control tables of one node. Reads (one per message a producer sends) are lock-free;
 * changes, which happen when connections, channels and workers come and go, take a lock so that
 * the forward and reverse maps stay consistent.
 */
final class FlowControlsImpl implements FlowControls {

  private final Map<FlowControlId, Set<Address>> consumers = new ConcurrentHashMap<>();
  private final Map<Address, Set<FlowControlId>> consumedBy = new ConcurrentHashMap<>();
  private final Map<Address, ProducerInfo> producers = new ConcurrentHashMap<>();
  private final Map<Address, ProducerInfo> byAdditionalAddress = new ConcurrentHashMap<>();
  private final Map<Address, FlowControlId> spawners = new ConcurrentHashMap<>();
  // how many producers and spawners name each flow (as their own or their spawner's); guarded by lock
  private final Map<FlowControlId, Integer> references = new HashMap<>();
  private final Object lock = new Object();
  // flows of the node itself (its TCP listener, its default channel listener): their consumers are
  // kept even while no producer or spawner uses them
  private final Set<FlowControlId> pinned;

  FlowControlsImpl(FlowControlId... pinned) {
    this.pinned = Set.of(pinned);
  }

  @Override
  public void addProducer(Address producer, FlowControlId flowControlId, FlowControlId spawnerFlowControlId,
                          List<Address> additionalAddresses) {
    Objects.requireNonNull(producer, "producer");
    Objects.requireNonNull(flowControlId, "flowControlId");
    ProducerInfo info = new ProducerInfo(producer, flowControlId, spawnerFlowControlId, List.copyOf(additionalAddresses));
    synchronized (lock) {
      ProducerInfo old = producers.put(producer, info);
      if (old != null) {
        release(old.flowControlId());
        release(old.spawnerFlowControlId());
      }
      reference(info.flowControlId());
      reference(info.spawnerFlowControlId());
      for (Address a : info.additionalAddresses()) {
        byAdditionalAddress.put(a, info);
      }
    }
  }

  @Override
  public void addSpawner(Address spawner, FlowControlId flowControlId) {
    Objects.requireNonNull(flowControlId, "flowControlId");
    synchronized (lock) {
      release(spawners.put(Objects.requireNonNull(spawner, "spawner"), flowControlId));
      reference(flowControlId);
    }
  }

  @Override
  public void addConsumer(Address consumer, FlowControlId flowControlId) {
    Objects.requireNonNull(consumer, "consumer");
    Objects.requireNonNull(flowControlId, "flowControlId");
    synchronized (lock) {
      consumers.computeIfAbsent(flowControlId, k -> ConcurrentHashMap.newKeySet()).add(consumer);
      consumedBy.computeIfAbsent(consumer, k -> ConcurrentHashMap.newKeySet()).add(flowControlId);
    }
  }

  @Override
  public Optional<ProducerInfo> findProducer(Address address) {
    ProducerInfo p = producers.get(address);
    return Optional.ofNullable(p != null ? p : byAdditionalAddress.get(address));
  }

  @Override
  public Optional<FlowControlId> findSpawner(Address address) {
    return Optional.ofNullable(spawners.get(address));
  }

  @Override
  public boolean isConsumer(Address address, FlowControlId flowControlId) {
    Set<Address> set = consumers.get(flowControlId);
    return set != null && set.contains(address);
  }

  @Override
  public Set<FlowControlId> consumedBy(Address address) {
    Set<FlowControlId> set = consumedBy.get(address);
    return set == null ? Set.of() : Set.copyOf(set);
  }

  @Override
  public OutgoingAccessControl outgoingAccessControl(FlowControlId flowControlId, FlowControlId spawnerFlowControlId) {
    Objects.requireNonNull(flowControlId, "flowControlId");
    return m -> {
      Route onward = m.message().onwardRoute();
      if (onward.isEmpty()) {
        return AccessControls.decision(false);
      }
      Address next = onward.next();
      return AccessControls.decision(isConsumer(next, flowControlId)
        || (spawnerFlowControlId != null && isConsumer(next, spawnerFlowControlId)));
    };
  }

  @Override
  public void cleanup(Address address) {
    synchronized (lock) {
      Set<FlowControlId> orphanCandidates = new HashSet<>();
      ProducerInfo p = producers.remove(address);
      if (p != null) {
        release(p.flowControlId());
        release(p.spawnerFlowControlId());
        orphanCandidates.add(p.flowControlId());
        for (Address a : p.additionalAddresses()) {
          byAdditionalAddress.remove(a, p);
        }
      }
      FlowControlId s = spawners.remove(address);
      if (s != null) {
        release(s);
        orphanCandidates.add(s);
      }
      Set<FlowControlId> consumed = consumedBy.remove(address);
      if (consumed != null) {
        for (FlowControlId id : consumed) {
          Set<Address> set = consumers.get(id);
          if (set != null) {
            set.remove(address);
          }
        }
      }
      // a flow that lost its last producer and spawner can never carry messages again
      for (FlowControlId id : orphanCandidates) {
        if (!isReferenced(id)) {
          Set<Address> gone = consumers.remove(id);
          if (gone != null) {
            for (Address c : gone) {
              Set<FlowControlId> ids = consumedBy.get(c);
              if (ids != null) {
                ids.remove(id);
                if (ids.isEmpty()) {
                  consumedBy.remove(c, ids);
                }
              }
            }
          }
        }
      }
    }
  }

  // a constant-time check: closing n channels or connections used to scan every producer each time
  private boolean isReferenced(FlowControlId id) {
    return pinned.contains(id) || references.containsKey(id);
  }

  private void reference(FlowControlId id) {
    if (id != null) {
      references.merge(id, 1, Integer::sum);
    }
  }

  private void release(FlowControlId id) {
    if (id != null) {
      references.computeIfPresent(id, (k, n) -> n == 1 ? null : n - 1);
    }
  }

  /** Sizes of the tables, for tests and the console: producers, spawners, flows with consumers. */
  int[] sizes() {
    return new int[] {producers.size(), spawners.size(), consumers.size()};
  }
}
