package io.ockamj.verticles.nodemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.protocol.errors.DecodeException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code POST /node/relay} body with Rust's {@code CreateRelay} fields: defaults, all fields, and a
 * clear error for a wrong field.
 */
class CreateRelayRequestTest {

  private static final String ID = "I" + "ab".repeat(32);

  private static Map<String, Object> body(Object... kv) {
    Map<String, Object> m = new HashMap<>(Map.of("name", "r1", "at", "/node/relay"));
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void defaultsWaitForTheConnectionAndRegisterTheName() {
    CreateRelay r = ResourceRequests.createRelay(body());
    assertThat(r.name()).isEqualTo("r1");
    assertThat(r.at()).hasToString("/node/relay");
    assertThat(r.authorized()).isNull();
    assertThat(r.waitForConnection()).isTrue();
    assertThat(r.effectiveRelayAddress()).isEqualTo("r1");
    assertThat(r.remoteAddress()).isEqualTo("forward_to_r1");
    assertThat(r.timeout()).isEqualTo(NodeResources.DEFAULT_CREATE_TIMEOUT);
  }

  @Test
  void readsRustsFields() {
    CreateRelay r = ResourceRequests.createRelay(body("authorized", ID, "relay_address", "svc1",
      "return_timing", RelayApi.RETURN_IMMEDIATELY, "timeout_ms", 3000L));
    assertThat(r.authorized()).hasToString(ID);
    assertThat(r.relayAddress()).isEqualTo("svc1");
    assertThat(r.remoteAddress()).isEqualTo("forward_to_svc1");
    assertThat(r.waitForConnection()).isFalse();
    assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(ResourceRequests.createRelay(body("return_timing", RelayApi.RETURN_AFTER_CONNECTION)).waitForConnection()).isTrue();
  }

  @Test
  void wrongFieldsAreDecodeErrors() {
    assertThatThrownBy(() -> ResourceRequests.createRelay(body("authorized", "nope")))
      .isInstanceOf(DecodeException.class).hasMessageContaining("invalid identifier 'nope' in 'authorized'");
    assertThatThrownBy(() -> ResourceRequests.createRelay(body("return_timing", "Later")))
      .isInstanceOf(DecodeException.class).hasMessageContaining("return_timing must be Immediately or AfterConnection");
    assertThatThrownBy(() -> ResourceRequests.createRelay(body("relay_address", 7)))
      .isInstanceOf(DecodeException.class).hasMessageContaining("relay_address");
  }
}
