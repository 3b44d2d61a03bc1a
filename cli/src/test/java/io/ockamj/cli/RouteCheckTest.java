package io.ockamj.cli;

import io.ockamj.protocol.MultiAddr;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which addresses of a route the command line can check on a local node, and what it says of a missing one. */
class RouteCheckTest {

  private static Optional<RouteCheck.Plan> plan(String route) {
    return RouteCheck.plan(MultiAddr.parse(route));
  }

  private static RouteCheck.Hop service(String a) {
    return new RouteCheck.Hop(false, a);
  }

  private static RouteCheck.Hop secure(String a) {
    return new RouteCheck.Hop(true, a);
  }

  @Test
  void theAddressesMetOnTheFirstNode() {
    assertThat(plan("/node/n/service/echo")).contains(new RouteCheck.Plan("n", null, List.of(service("echo"))));
    // an established channel routes what follows on the same node; so does hop
    assertThat(plan("/node/n/secure/api/service/hop/service/hop/service/echo/service/x")).contains(new RouteCheck.Plan("n", null,
      List.of(secure("api"), service("hop"), service("hop"), service("echo"))));
    // a relay leads elsewhere: what follows it is not on n
    assertThat(plan("/node/relay/service/forward_to_x/secure/api/service/outlet"))
      .contains(new RouteCheck.Plan("relay", null, List.of(service("forward_to_x"))));
    assertThat(plan("/node/n/secure/api/node/m/service/echo")).contains(new RouteCheck.Plan("n", null, List.of(secure("api"))));
    assertThat(plan("/ip4/127.0.0.1/tcp/4000/service/echo")).contains(new RouteCheck.Plan(null, "127.0.0.1:4000", List.of(service("echo"))));
    assertThat(plan("/dnsaddr/localhost/tcp/4000/service/echo")).map(RouteCheck.Plan::listener).contains("127.0.0.1:4000");
    assertThat(plan("/service/echo")).isEmpty();
    assertThat(plan("/node/n")).isEmpty();
    assertThat(plan("/node/n/node/m/service/echo")).isEmpty();
  }

  @Test
  void theFirstMissingAddressIsNamedWithItsNode() {
    Set<String> workers = Set.of("echo", "hop", "api", "_internal.nodemanager");
    Set<String> listeners = Set.of("api");
    assertThat(RouteCheck.missing("n", List.of(secure("api"), service("hop"), service("echo")), workers, listeners)).isEmpty();
    assertThat(RouteCheck.missing("n", List.of(service("nosuch")), workers, listeners))
      .contains("node 'n' has no service 'nosuch' (/service/nosuch in the route); see 'ockam worker list --at n'");
    assertThat(RouteCheck.missing("n", List.of(secure("nosuch"), service("nope")), workers, listeners))
      .contains("node 'n' has no secure channel listener 'nosuch' (/secure/nosuch in the route); see 'ockam worker list --at n'");
    assertThat(RouteCheck.missing("n", List.of(secure("echo")), workers, listeners)).get().asString()
      .contains("no secure channel listener 'echo'", "a worker of another kind");
  }
}
