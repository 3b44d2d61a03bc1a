package io.ockamj.cli;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code node create --http-server}: a real background node, asked over HTTP on 127.0.0.1. */
class NodeHttpServerCliIT {

  @TempDir
  Path home;

  private final Set<Long> pids = new HashSet<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  record Run(int exitCode, String out, String err) {
  }

  private Run run(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(
      System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
      "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dockam.home=" + home,
      "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).start();
    CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
      try {
        return p.getErrorStream().readAllBytes();
      } catch (java.io.IOException e) {
        return new byte[0];
      }
    });
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out.trim(), new String(err.get()).trim());
  }

  private JsonObject json(String... args) throws Exception {
    Run r = run(args);
    assertThat(r.exitCode()).as("%s: %s", List.of(args), r.err()).isZero();
    return new JsonObject(r.out());
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
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void createWithHttpServerThenShowAndAskIt() throws Exception {
    JsonObject created = json("node", "create", "web", "--http-server", "--output", "json");
    pids.add(created.getLong("pid"));
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
    HttpResponse<String> metrics = call("GET", address, "/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("ockam_messages_dropped_total{node=\"web\"", "jvm_memory_used_bytes", "vertx_pool_");

    // node start asks for a server again
    assertThat(run("node", "stop", "web").exitCode()).isZero();
    assertThat(json("node", "show", "web", "--output", "json").getString("http_server_address")).isNull();
    JsonObject started = json("node", "start", "web", "--output", "json");
    pids.add(started.getLong("pid"));
    String again = json("node", "show", "web", "--output", "json").getString("http_server_address");
    assertThat(again).matches("127\\.0\\.0\\.1:\\d+");
    assertThat(call("GET", again, "/").statusCode()).isEqualTo(200);
    assertThat(run("node", "delete", "web", "--yes").exitCode()).isZero();
  }

  @Test
  void httpServerAndItsPortAreExclusive() throws Exception {
    Run r = run("node", "create", "both", "--http-server", "--http-server-port", "0");
    assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--http-server and --http-server-port cannot be used together");
  }
}
