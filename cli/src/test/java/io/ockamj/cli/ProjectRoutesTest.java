package io.ockamj.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.ProjectRecord;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Optional;

/**
 * {@link ProjectRoutes}: the inlet routes Rust's {@code tcp-inlet create --to/--via} builds (the cases
 * of Rust's own test of {@code parse_arg_to}), and {@code /project/NAME} replaced by the project's
 * access route.
 */
class ProjectRoutesTest {

  private static final java.util.function.Supplier<Optional<String>> P1 = () -> Optional.of("p1");
  private static final java.util.function.Supplier<Optional<String>> NONE = Optional::empty;

  @Test
  void buildsRustsRoutes() {
    assertThat(ProjectRoutes.inletTo(null, null, P1)).hasToString("/project/p1/service/forward_to_default/secure/api/service/outlet");
    assertThat(ProjectRoutes.inletTo("myoutlet", null, P1))
      .hasToString("/project/p1/service/forward_to_default/secure/api/service/myoutlet");
    assertThat(ProjectRoutes.inletTo(null, "myrelay", P1))
      .hasToString("/project/p1/service/forward_to_myrelay/secure/api/service/outlet");
    assertThat(ProjectRoutes.inletTo("myoutlet", "myrelay", P1))
      .hasToString("/project/p1/service/forward_to_myrelay/secure/api/service/myoutlet");
    String full = "/project/p2/service/forward_to_n1/secure/api/service/myoutlet";
    assertThat(ProjectRoutes.inletTo(full, null, NONE)).hasToString(full);
    assertThat(ProjectRoutes.inletTo("/node/n1/service/outlet", null, NONE)).hasToString("/node/n1/service/outlet");
  }

  @Test
  void refusesViaWithARouteAndAProjectRouteWithoutProject() {
    assertThatThrownBy(() -> ProjectRoutes.inletTo("/project/p1/service/forward_to_n1/secure/api/service/outlet", "myrelay", P1))
      .isInstanceOf(ExitCodes.CliException.class).hasMessageContaining("'via' can't be passed if 'to' is a route");
    assertThatThrownBy(() -> ProjectRoutes.inletTo(null, "myrelay", NONE))
      .isInstanceOf(ExitCodes.CliException.class).hasMessageContaining("--via myrelay")
      .hasMessageContaining("there is no project").hasMessageContaining("give --to the whole route");
    assertThatThrownBy(() -> ProjectRoutes.inletTo("outlet", null, NONE)).hasMessageContaining("there is no project");
    assertThatThrownBy(() -> ProjectRoutes.inletTo("alice/relay", null, P1)).hasMessageContaining("invalid --to");
    assertThatThrownBy(() -> ProjectRoutes.inletTo("/alice/service", null, P1)).hasMessageContaining("invalid --to");
  }

  @Test
  void replacesTheProjectWithItsAccessRoutesListener() {
    ProjectRecord p1 = project("p1", "/ip4/127.0.0.1/tcp/4000/service/api");
    MultiAddr r = ProjectRoutes.resolveProjects(MultiAddr.parse("/project/p1/service/forward_to_r/secure/api/service/outlet"),
      n -> n.equals("p1") ? Optional.of(p1) : Optional.empty());
    assertThat(r).hasToString("/ip4/127.0.0.1/tcp/4000/secure/api/service/forward_to_r/secure/api/service/outlet");
    assertThat(ProjectRoutes.projectNode(project("p", "/dnsaddr/localhost/tcp/4000"))).hasToString("/dnsaddr/localhost/tcp/4000/secure/api");
    assertThat(ProjectRoutes.projectNode(project("p", "/node/relay/secure/api"))).hasToString("/node/relay/secure/api");
    MultiAddr plain = MultiAddr.parse("/node/n1/service/outlet");
    assertThat(ProjectRoutes.resolveProjects(plain, n -> Optional.empty())).isSameAs(plain);
    assertThatThrownBy(() -> ProjectRoutes.resolveProjects(MultiAddr.parse("/project/nope/service/x"), n -> Optional.empty()))
      .hasMessageContaining("there is no project named 'nope'");
    assertThatThrownBy(() -> ProjectRoutes.projectNode(project("p", null))).hasMessageContaining("has no access_route");
    assertThatThrownBy(() -> ProjectRoutes.projectNode(project("p", "not a route"))).hasMessageContaining("invalid access_route");
  }

  private static ProjectRecord project(String name, String accessRoute) {
    JsonObject model = new JsonObject().put("id", name).put("name", name);
    if (accessRoute != null) {
      model.put("access_route", accessRoute);
    }
    return new ProjectRecord(name, name, false, model, null);
  }
}
