package io.ockamj.cli;

import io.ockamj.node.WorkerInfo;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.NodeRecord;
import io.ockamj.verticles.nodemanager.NodeManagerClient;
import io.ockamj.verticles.nodemanager.SecureChannelListenerInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the command line can know of a route before a message or a handshake goes along it: when
 * the route starts at a local node ({@code /node/NAME}, or the {@code /ip4/.../tcp/PORT} of a local
 * node's listener), the addresses the message then meets on that node — a secure channel listener
 * ({@code /secure/X}; what follows an established channel is routed on the same node), services,
 * through {@code hop} — can be asked of the node's API. A missing one is reported at once instead of
 * after the timeout.
 * <p>
 * The check runs beside the request (it costs no time when the route works) and may fail quietly:
 * a node that is not running, an API this identity may not use, or a slow answer leave the request
 * to report its own error.
 */
final class RouteCheck {

  /** How long the check may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** How long a request runs before the route check starts (most succeed sooner, and then no check is paid for). */
  static final Duration CHECK_DELAY = Duration.ofMillis(Long.getLong("ockam.routeCheckDelayMs", 400));

  /** The address that forwards a message to the next address on the same node. */
  private static final String HOP = "hop";

  private RouteCheck() {
  }

  /** An address the message meets on the node: a secure channel listener, or a worker. */
  record Hop(boolean secure, String address) {
    @Override
    public String toString() {
      return (secure ? "/secure/" : "/service/") + address;
    }
  }

  /**
   * What to ask of which local node.
   *
   * @param node the node's name, or {@code null} if the route names its listener
   * @param listener {@code host:port} of the listener the route starts at, if {@code node} is {@code null}
   * @param hops the addresses met on it, in order
   */
  record Plan(String node, String listener, List<Hop> hops) {
  }

  /**
   * The check a route allows, if any.
   *
   * @param route the route as given (with {@code /node/NAME} still in it)
   * @return what to ask of which node
   */
  static Optional<Plan> plan(MultiAddr route) {
    List<MultiAddr.Component> cs = route.components();
    String node = null;
    String listener = null;
    int i;
    if (!cs.isEmpty() && cs.get(0).protocol() == MultiAddr.Protocol.NODE) {
      node = cs.get(0).value();
      i = 1;
    } else if (cs.size() >= 2 && cs.get(1).protocol() == MultiAddr.Protocol.TCP && (cs.get(0).protocol() == MultiAddr.Protocol.IP4
      || cs.get(0).protocol() == MultiAddr.Protocol.IP6 || cs.get(0).protocol() == MultiAddr.Protocol.DNSADDR)) {
      String host = cs.get(0).value();
      if (host.equals("localhost")) {
        host = "127.0.0.1";
      }
      listener = (host.contains(":") ? "[" + host + "]" : host) + ":" + cs.get(1).value();
      i = 2;
    } else {
      return Optional.empty();
    }
    List<Hop> hops = new ArrayList<>();
    for (; i < cs.size(); i++) {
      MultiAddr.Component c = cs.get(i);
      if (c.protocol() == MultiAddr.Protocol.SECURE) {
        hops.add(new Hop(true, c.value()));
      } else if (c.protocol() == MultiAddr.Protocol.SERVICE) {
        hops.add(new Hop(false, c.value()));
        if (!c.value().equals(HOP)) {
          break;
        }
      } else {
        break;
      }
    }
    return hops.isEmpty() ? Optional.empty() : Optional.of(new Plan(node, listener, List.copyOf(hops)));
  }

  /**
   * The first address of {@code hops} that the node lacks, as a one-line error.
   *
   * @param node the node's name
   * @param hops the addresses met on it
   * @param workers the addresses of its workers (local address names)
   * @param listeners the addresses of its secure channel listeners
   * @return the error, or empty if every address is there
   */
  static Optional<String> missing(String node, List<Hop> hops, Set<String> workers, Set<String> listeners) {
    for (Hop h : hops) {
      if (h.secure() && !listeners.contains(h.address())) {
        return Optional.of("node '" + node + "' has no secure channel listener '" + h.address() + "' (" + h + " in the route)"
          + (workers.contains(h.address()) ? ": '" + h.address() + "' is a worker of another kind" : "")
          + "; see 'ockam worker list --at " + node + "'");
      }
      if (!h.secure() && !workers.contains(h.address())) {
        return Optional.of("node '" + node + "' has no service '" + h.address() + "' (" + h + " in the route); see 'ockam worker list --at "
          + node + "'");
      }
    }
    return Optional.empty();
  }

  /**
   * Asks the node of a plan for its workers and listeners. Blocking.
   *
   * @param plan the plan
   * @return the first missing address as a one-line error; empty if there is none or the node cannot tell
   */
  static Optional<String> ask(Plan plan) {
    try (NodeClient c = NodeClient.open()) {
      Optional<NodeRecord> found = plan.node() != null ? c.find(plan.node()) : c.records().stream()
        .filter(r -> r.tcpListenerAddress() != null && NodeClient.connectAddress(r.tcpListenerAddress()).equals(plan.listener()))
        .findFirst();
      if (found.isEmpty() || !NodeClient.localStatus(found.get()).equals("running")) {
        return Optional.empty();
      }
      NodeRecord r = found.get();
      NodeManagerClient api = c.await(c.api(r, TIMEOUT));
      try {
        boolean secure = plan.hops().stream().anyMatch(Hop::secure);
        Set<String> workers = new HashSet<>();
        for (WorkerInfo w : c.await(api.workers())) {
          for (Address a : w.addresses()) {
            if (a.isLocal()) {
              workers.add(a.innerText());
            }
          }
        }
        Set<String> listeners = new HashSet<>();
        if (secure) {
          for (SecureChannelListenerInfo l : c.await(api.secureChannelListeners())) {
            listeners.add(l.address());
          }
        }
        return missing(r.name(), plan.hops(), workers, listeners);
      } finally {
        c.await(api.close().otherwiseEmpty());
      }
    } catch (Exception e) {
      return Optional.empty();
    }
  }

  /** A blocking request. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws Exception;
  }

  /**
   * Runs a request along a route while the route is checked: if the check finds a missing address
   * before the request ends, that is the error, at once; if the request fails, a missing address the
   * check finds is the better error; if it succeeds, the check does not matter.
   *
   * @param route the route as given, or {@code null} for no check
   * @param work the request
   * @return what the request returned
   */
  static <T> T race(MultiAddr route, Work<T> work) throws Exception {
    Optional<Plan> plan = route == null ? Optional.empty() : plan(route);
    if (plan.isEmpty()) {
      return work.run();
    }
    ExecutorService threads = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "route-check");
      t.setDaemon(true);
      return t;
    });
    try {
      CompletableFuture<T> main = CompletableFuture.supplyAsync(() -> {
        try {
          return work.run();
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      }, threads);
      // the check costs a secure channel handshake with the node (a good part of a short command's
      // CPU): it starts only when the request has not succeeded within a moment
      try {
        return main.get(CHECK_DELAY.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException notYet) {
        // check now
      }
      CompletableFuture<Optional<String>> check = CompletableFuture.supplyAsync(() -> ask(plan.get()), threads);
      CompletableFuture<String> found = check.thenCompose(p -> p.isPresent() ? CompletableFuture.completedFuture(p.get())
        : new CompletableFuture<>());
      try {
        CompletableFuture.anyOf(main, found).get();
      } catch (ExecutionException e) {
        // main failed: handled below
      }
      if (found.isDone()) {
        throw new ExitCodes.CliException(ExitCodes.UNREACHABLE, found.join());
      }
      try {
        return main.get();
      } catch (ExecutionException e) {
        Optional<String> p;
        try {
          p = check.get(TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException te) {
          p = Optional.empty();
        }
        if (p.isPresent()) {
          throw new ExitCodes.CliException(ExitCodes.UNREACHABLE, p.get());
        }
        Throwable cause = ExitCodes.unwrap(e);
        if (cause instanceof Exception) {
          throw (Exception) cause;
        }
        throw e;
      }
    } finally {
      threads.shutdown();
    }
  }

  /**
   * The likely causes of a silence along a route, for timeout errors.
   *
   * @param secureHandshake whether a secure channel handshake went unanswered (else a message)
   * @return a clause to append to the error
   */
  static String likelyCauses(boolean secureHandshake) {
    return secureHandshake
      ? "there may be no such secure channel listener at the far end, flow control or an access control there may have dropped the"
        + " handshake, or the peer may be down"
      : "there may be no such service on the far node, flow control or an access control may have dropped the message (they drop"
        + " silently), or the peer may be down or too slow";
  }
}
