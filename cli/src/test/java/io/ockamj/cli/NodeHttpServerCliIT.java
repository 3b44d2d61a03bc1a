package io.ockamj.cli;

import io.ockamj.cli.OckamCli.Run;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code node create --http-server}: a real background node, asked over HTTP on 127.0.0.1. */
class NodeHttpServerCliIT {

  @TempDir
  Path home;

  private final OckamCli.Spawned spawned = new OckamCli.Spawned();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Run run(String... args) throws Exception {
    return OckamCli.home(home).run(args);
  }

  private JsonObject json(String... args) throws Exception {
    return OckamCli.home(home).json(args);
  }

  private HttpResponse<String> call(String method, String address, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + address + path)).timeout(Duration.ofSeconds(10))
      .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @BeforeEach
  void identity() throws Exception {
    assertThat(run("identity", "create", "admin").exitCode()).isZero();
  }

  @AfterEach
  void killLeftovers() {
    spawned.close();
  }

  @Test
  void createWithHttpServerThenShowAndAskIt() throws Exception {
    JsonObject created = spawned.node(json("node", "create", "web", "--http-server", "--output", "json"));
    JsonObject shown = json("node", "show", "web", "--output", "json");
    String address = shown.getString("http_server_address");
    assertThat(address).matches("127\\.0\\.0\\.1:\\d+");

    assertThat(call("GET", address, "/").statusCode()).isEqualTo(200);
    assertThat(call("HEAD", address, "/").statusCode()).isEqualTo(200);
    HttpResponse<String> show = call("GET", address, "/show");
    assertThat(show.statusCode()).isEqualTo(200);
    JsonObject s = new JsonObject(show.body());
    assertThat(s.getString("name")).isEqualTo("web");
    assertThat(s.getString("identity_name")).isEqualTo("admin");
    assertThat(s.getString("http_server_address")).isEqualTo(address);
    assertThat(s.getLong("pid")).isEqualTo(created.getLong("pid"));
    assertThat(s.getJsonArray("secure_channel_listeners")).isNotEmpty();
    // Rust's SecureChannelListener: the same flow control id as node show prints
    assertThat(s.getJsonArray("secure_channel_listeners").getJsonObject(0).getString("flow_control_id"))
      .matches("[0-9a-f]{32}").isEqualTo(shown.getJsonArray("secure_channel_listeners").getJsonObject(0).getString("flow_control_id"));
    HttpResponse<String> metrics = call("GET", address, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("ockam_messages_dropped_total{node=\"web\"", "jvm_memory_used_bytes", "vertx_pool_");

    // node start asks for a server again
    assertThat(run("node", "stop", "web").exitCode()).isZero();
    assertThat(json("node", "show", "web", "--output", "json").getString("http_server_address")).isNull();
    spawned.node(json("node", "start", "web", "--output", "json"));
    String again = json("node", "show", "web", "--output", "json").getString("http_server_address");
    assertThat(again).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(call("GET", again, "/").statusCode()).isEqualTo(200);
    assertThat(run("node", "delete", "web", "--yes").exitCode()).isZero();
  }

  @Test
  void httpServerAndItsPortAreExclusive() throws Exception {
    Run r = run("node", "create", "both", "--http-server", "--http-server-port", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.errText()).contains("--http-server and --http-server-port cannot be used together");
  }
}
