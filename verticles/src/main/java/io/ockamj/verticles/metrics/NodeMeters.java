package io.ockamj.verticles.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.ockamj.node.DropReason;
import io.ockamj.node.Drops;
import io.ockamj.node.Node;
import io.ockamj.node.spi.NodeInternal;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The meters of one node and the calls that record into them. Components find it with
 * {@link #of(Node)}: the instance {@linkplain #install installed} on the node, else a disabled one
 * whose calls return at once. The meter names are listed in this package's documentation.
 * <p>
 * Hot paths (a message, a read) take their {@link TransportMeters} or {@link PortalMeters} once and
 * call it per event; the other calls here are for rarer events (a handshake, a ping, a refresh).
 * Thread-safe.
 */
public final class NodeMeters {

  /** Records nothing; what {@link #of(Node)} answers for a node without meters. */
  public static final NodeMeters DISABLED = new NodeMeters();

  private final MeterRegistry registry;
  private final Tags tags;
  private final AtomicLong channelsOpen = new AtomicLong();
  private final Map<String, TransportMeters> transports = new ConcurrentHashMap<>();
  private final Map<String, PortalMeters> portals = new ConcurrentHashMap<>();
  /** The round trip of each relay's last answered ping, in nanoseconds. */
  private final Map<String, AtomicLong> lastRelayRtt = new ConcurrentHashMap<>();
  /** The refusals of each resource, by "TYPE NAME". */
  private final Map<String, Counter> denials = new ConcurrentHashMap<>();

  private NodeMeters() {
    this.registry = null;
    this.tags = Tags.empty();
  }

  private NodeMeters(MeterRegistry registry, Node node) {
    this.registry = registry;
    this.tags = Tags.of("node", node.name());
    Drops drops = node.drops();
    for (DropReason reason : DropReason.values()) {
      FunctionCounter.builder("ockam.messages.dropped", drops, d -> d.count(reason))
        .tags(tags.and("reason", reason.name().toLowerCase(java.util.Locale.ROOT)))
        .description("Messages the node dropped, by reason").register(registry);
    }
    FunctionCounter.builder("ockam.messages.delivered", node, n -> n.metrics().delivered()).tags(tags)
      .description("Messages delivered to a worker of the node").register(registry);
    Gauge.builder("ockam.secure_channels.open", channelsOpen, AtomicLong::get).tags(tags)
      .description("Secure channels open now").strongReference(true).register(registry);
  }

  /**
   * Gives a node meters in a registry; components started afterwards record into it. Installing
   * on a node that has meters returns those.
   *
   * @param node the node
   * @param registry where its meters go
   * @return the node's meters
   */
  public static NodeMeters install(Node node, MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    return NodeInternal.of(node).component(NodeMeters.class, () -> new NodeMeters(registry, node));
  }

  /**
   * @param node a node
   * @return its meters, or {@link #DISABLED} if none were installed
   */
  public static NodeMeters of(Node node) {
    NodeMeters m = node instanceof NodeInternal n ? n.component(NodeMeters.class) : null;
    return m != null ? m : DISABLED;
  }

  /**
   * @return whether this records anything
   */
  public boolean enabled() {
    return registry != null;
  }

  /**
   * @return the registry, or {@code null} when disabled
   */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * @param transport a transport's name, e.g. {@code tcp}
   * @return its counters (the same instance for the same name)
   */
  public TransportMeters transport(String transport) {
    if (registry == null) {
      return TransportMeters.DISABLED;
    }
    return transports.computeIfAbsent(transport, t -> TransportMeters.create(registry, tags, t));
  }

  /**
   * @param inlet {@code true} for an inlet, {@code false} for an outlet
   * @param portal the inlet's or outlet's name (its alias, bind address or worker address)
   * @return its meters (the same instance for the same kind and name)
   */
  public PortalMeters portal(boolean inlet, String portal) {
    if (registry == null) {
      return PortalMeters.DISABLED;
    }
    String kind = inlet ? "inlet" : "outlet";
    return portals.computeIfAbsent(kind + " " + portal, k -> PortalMeters.create(registry, tags, kind, portal));
  }

  /**
   * The meters of an inlet or outlet, without creating them: for readers (the web console) that
   * show the counts of portals that may never have had a connection.
   *
   * @param inlet {@code true} for an inlet, {@code false} for an outlet
   * @param portal the inlet's bind address or the outlet's worker address, as given to {@link #portal}
   * @return its meters, or {@link PortalMeters#DISABLED} (all counts 0) if it has none yet
   */
  public PortalMeters existingPortal(boolean inlet, String portal) {
    PortalMeters m = portals.get((inlet ? "inlet" : "outlet") + " " + portal);
    return m != null ? m : PortalMeters.DISABLED;
  }

  /**
   * Counts a secure channel whose handshake completed, and how long the handshake took; the
   * channel counts as open until {@link #secureChannelClosed()}.
   *
   * @param initiator whether this node initiated it
   * @param handshake the duration of the handshake
   */
  public void secureChannelCreated(boolean initiator, Duration handshake) {
    if (registry == null) {
      return;
    }
    Tags t = tags.and("role", role(initiator));
    Counter.builder("ockam.secure_channels.established").tags(t).description("Secure channels whose handshake completed")
      .register(registry).increment();
    Timer.builder("ockam.secure_channel.handshake").tags(t).description("Duration of secure channel handshakes")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
      .register(registry).record(handshake);
    channelsOpen.incrementAndGet();
  }

  /**
   * Counts the end of a channel {@link #secureChannelCreated} counted. Never below zero: a channel
   * created before the meters were installed may close after.
   */
  public void secureChannelClosed() {
    if (registry != null) {
      channelsOpen.updateAndGet(n -> n > 0 ? n - 1 : 0);
    }
  }

  /**
   * Counts a secure channel handshake that failed (timed out, refused by the trust policy, malformed).
   *
   * @param initiator whether this node initiated it
   */
  public void secureChannelFailed(boolean initiator) {
    if (registry != null) {
      Counter.builder("ockam.secure_channels.failed").tags(tags.and("role", role(initiator)))
        .description("Secure channel handshakes that failed").register(registry).increment();
    }
  }

  /**
   * Counts a relay ping answered, and its round trip.
   *
   * @param relay the relay's name
   * @param rtt the round-trip time
   */
  public void relayPing(String relay, Duration rtt) {
    if (registry == null) {
      return;
    }
    relayPingCounter(relay, "ok").increment();
    lastRelayRtt.computeIfAbsent(relay, r -> {
      AtomicLong last = new AtomicLong(-1);
      Gauge.builder("ockam.relay.last_rtt", last, l -> l.get() < 0 ? Double.NaN : l.get() / 1e9).tags(tags.and("relay", r))
        .baseUnit("seconds").description("Round trip of the relay's last answered ping").strongReference(true).register(registry);
      return last;
    }).set(rtt.toNanos());
    Timer.builder("ockam.relay.rtt").tags(tags.and("relay", relay)).description("Round trip of relay pings")
      .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(30))
      .register(registry).record(rtt);
  }

  /**
   * @param relay a relay's name
   * @return the round trip of its last answered ping, or empty if none was answered (or meters are disabled)
   */
  public java.util.Optional<Duration> lastRelayRtt(String relay) {
    AtomicLong last = lastRelayRtt.get(relay);
    long nanos = last == null ? -1 : last.get();
    return nanos < 0 ? java.util.Optional.empty() : java.util.Optional.of(Duration.ofNanos(nanos));
  }

  /**
   * Counts a relay ping that got no answer in time.
   *
   * @param relay the relay's name
   */
  public void relayPingFailed(String relay) {
    if (registry != null) {
      relayPingCounter(relay, "failed").increment();
    }
  }

  private Counter relayPingCounter(String relay, String outcome) {
    return Counter.builder("ockam.relay.pings").tags(tags.and("relay", relay, "outcome", outcome))
      .description("Relay pings sent, by outcome").register(registry);
  }

  /**
   * Counts a refresh of the node's credential.
   *
   * @param succeeded whether a new credential was obtained
   */
  public void credentialRefresh(boolean succeeded) {
    if (registry != null) {
      Counter.builder("ockam.credential.refreshes").tags(tags.and("outcome", succeeded ? "ok" : "failed"))
        .description("Credential refreshes, by outcome").register(registry).increment();
    }
  }

  /**
   * Counts a message or secure channel a policy refused: once per refusal.
   *
   * @param resourceType the kind of resource the policy guards, e.g. {@code tcp-outlet}, {@code tcp-inlet}
   * @param resource the resource's name, e.g. an outlet's address or an inlet's alias
   */
  public void policyDenied(String resourceType, String resource) {
    if (registry != null) {
      denials.computeIfAbsent(resourceType + " " + resource, k -> Counter.builder("ockam.policy.denials")
        .tags(tags.and("resource_type", resourceType, "resource", resource))
        .description("Messages and secure channels refused by a policy").register(registry)).increment();
    }
  }

  /**
   * @param resourceType the kind of resource, e.g. {@code tcp-outlet}
   * @param resource its name
   * @return how many refusals {@link #policyDenied} counted for it (0 when disabled)
   */
  public long policyDenials(String resourceType, String resource) {
    Counter c = denials.get(resourceType + " " + resource);
    return c == null ? 0 : (long) c.count();
  }

  private static String role(boolean initiator) {
    return initiator ? "initiator" : "responder";
  }
}
