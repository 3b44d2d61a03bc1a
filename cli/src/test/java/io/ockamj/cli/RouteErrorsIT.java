package io.ockamj.cli;

import io.ockamj.cli.OckamCli.Run;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Routes that go nowhere, as a user meets them: a missing service or secure channel listener on a
 * local node is reported at once, naming it and the node; where the command line cannot know, the
 * timeout names the route and the likely causes; a refused connection fails at once.
 */
class RouteErrorsIT {

  @TempDir
  Path home;

  /** Another machine's state, as far as the nodes of {@link #home} know: its nodes are not local. */
  @TempDir
  Path elsewhere;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();

  private Run run(Path state, String... args) throws Exception {
    return OckamCli.home(state).run(args);
  }

  private Run run(String... args) throws Exception {
    return run(home, args);
  }

  private JsonObject create(Path state, String name) throws Exception {
    return spawned.node(new JsonObject(run(state, "node", "create", name, "--output", "json").assertOk().out()));
  }

  /** Failed long before the timeout it was given (60 s): the command did not wait for an answer. */
  private static void assertAtOnce(Run r) {
    assertThat(r.millis()).as("ms to fail: %s", r.err()).isLessThan(30_000);
  }

  @BeforeEach
  void identities() throws Exception {
    assertThat(run("identity", "create", "admin").exitCode()).isZero();
    assertThat(run(elsewhere, "identity", "create", "other").exitCode()).isZero();
  }

  @AfterEach
  void killLeftovers() {
    spawned.close();
  }

  @Test
  void whatIsMissingOnALocalNodeIsReportedAtOnce() throws Exception {
    JsonObject n = create(home, "n");
    String ip = "/ip4/127.0.0.1/tcp/" + n.getString("address").split(":")[1];

    Run service = run("message", "send", "hi", "--to", "/node/n/service/nosuch", "--timeout", "60s");
    service.assertOneLineError(ExitCodes.UNREACHABLE, "node 'n' has no service 'nosuch'", "ockam worker list --at n");
    assertAtOnce(service);

    Run listener = run("message", "send", "hi", "--to", "/node/n/secure/nosuch/service/echo", "--timeout", "60s");
    listener.assertOneLineError(ExitCodes.UNREACHABLE, "node 'n' has no secure channel listener 'nosuch'");
    assertAtOnce(listener);

    // behind a channel and a hop, still on n; --at; n's listener written as an address
    Run behindChannel = run("message", "send", "hi", "--to", "/node/n/secure/api/service/nosuch", "--timeout", "60s");
    behindChannel.assertOneLineError(ExitCodes.UNREACHABLE, "node 'n' has no service 'nosuch'");
    assertAtOnce(behindChannel);
    Run behindHop = run("message", "send", "hi", "--at", "n", "--to", "/service/hop/service/nope", "--timeout", "60s");
    behindHop.assertOneLineError(ExitCodes.UNREACHABLE, "node 'n' has no service 'nope'");
    assertAtOnce(behindHop);
    Run byAddress = run("message", "send", "hi", "--to", ip + "/service/nosuch", "--timeout", "60s");
    byAddress.assertOneLineError(ExitCodes.UNREACHABLE, "node 'n' has no service 'nosuch'");
    assertAtOnce(byAddress);

    // secure-channel create waits 30 s for a handshake
    Run channel = run("secure-channel", "create", "--from", "n", "--to", "/node/n/secure/nosuch");
    channel.assertOneLineError(ExitCodes.UNREACHABLE, "node 'n' has no secure channel listener 'nosuch'");
    assertAtOnce(channel);

    // what is there still works
    Run ok = run("message", "send", "hi", "--to", "/node/n/secure/api/service/hop/service/uppercase");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.text()).isEqualTo("HI");
    Run created = run("secure-channel", "create", "--from", "n", "--to", "/node/n/secure/api");
    assertThat(created.exitCode()).as(created.err()).isZero();
    assertThat(created.text()).startsWith("/service/");

    // there, but flow control lets only secure channels reach an outlet: the timeout names the causes
    assertThat(run("tcp-outlet", "create", "--at", "n", "--to", "127.0.0.1:7").exitCode()).isZero();
    Run dropped = run("message", "send", "hi", "--to", "/node/n/service/outlet", "--timeout", "1s");
    dropped.assertOneLineError(ExitCodes.TIMEOUT, "no reply from /node/n/service/outlet (" + ip + "/service/outlet) within 1000 ms",
      "flow control");
  }

  @Test
  void whereTheCommandLineCannotKnowTheTimeoutNamesTheRouteAndTheLikelyCauses() throws Exception {
    // a node of another OCKAM_HOME: to this one, a peer somewhere
    JsonObject far = create(elsewhere, "far");
    String ip = "/ip4/127.0.0.1/tcp/" + far.getString("address").split(":")[1];

    Run service = run("message", "send", "hi", "--to", ip + "/service/nosuch", "--timeout", "1s");
    service.assertOneLineError(ExitCodes.TIMEOUT, "no reply from " + ip + "/service/nosuch within 1000 ms",
      "no such service on the far node", "flow control", "the peer may be down");

    Run listener = run("message", "send", "hi", "--to", ip + "/secure/nosuch/service/echo", "--timeout", "1s");
    listener.assertOneLineError(ExitCodes.TIMEOUT, "cannot create a secure channel along " + ip + "/secure/nosuch/service/echo",
      "no such secure channel listener", "flow control", "the peer may be down");

    Run ok = run("message", "send", "hi", "--to", ip + "/secure/api/service/echo");
    assertThat(ok.exitCode()).as(ok.err()).isZero();
    assertThat(ok.text()).isEqualTo("hi");

    // a peer that is down refuses the connection: that fails at once, as before
    assertThat(run(elsewhere, "node", "stop", "far").exitCode()).isZero();
    Run refused = run("message", "send", "hi", "--to", ip + "/service/echo", "--timeout", "60s");
    refused.assertOneLineError(ExitCodes.UNREACHABLE, "cannot connect to 127.0.0.1:");
    assertAtOnce(refused);
  }
}
