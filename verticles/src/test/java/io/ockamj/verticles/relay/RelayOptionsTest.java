package io.ockamj.verticles.relay;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RelayOptionsTest {

  @Test
  void serviceOptionsRoundTrip() {
    RelayServiceOptions o = new RelayServiceOptions().setAddress("relays").setAliases(List.of("a", "b")).setPrefix("to_")
      .setDeadRelayCheckIntervalMs(250);
    RelayServiceOptions back = new RelayServiceOptions(o.toJson());
    assertThat(back.toJson()).isEqualTo(o.toJson());
    assertThat(new RelayServiceOptions(o).toJson()).isEqualTo(o.toJson());
    assertThat(new RelayServiceOptions(new JsonObject()).toJson()).isEqualTo(new RelayServiceOptions().toJson());
    assertThat(new RelayServiceOptions().getAliases()).containsExactly("static_forwarding_service");
    assertThat(new RelayServiceOptions().getPrefix()).isEqualTo("forward_to_");
  }

  @Test
  void remoteRelayOptionsRoundTrip() {
    RemoteRelayOptions o = new RemoteRelayOptions().setTimeoutMs(1234).setServiceAddress("svc");
    assertThat(new RemoteRelayOptions(o.toJson()).toJson()).isEqualTo(o.toJson());
    assertThat(new RemoteRelayOptions(new JsonObject()).getServiceAddress()).isNull();
    assertThat(new RemoteRelayOptions(o).getTimeoutMs()).isEqualTo(1234);
    assertThatThrownBy(() -> o.setTimeoutMs(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sessionOptionsRoundTrip() {
    RelaySessionOptions o = new RelaySessionOptions().setPingIntervalMs(10).setMaxMissedPings(5).setInitialBackoffMs(7)
      .setMaxBackoffMs(70).setBackoffJitter(0.5).setRegistrationTimeoutMs(99).setPingService("ping").setDisconnectOnClose(false);
    assertThat(new RelaySessionOptions(o.toJson()).toJson()).isEqualTo(o.toJson());
    assertThat(new RelaySessionOptions(o).toJson()).isEqualTo(o.toJson());
    assertThat(new RelaySessionOptions(new JsonObject()).toJson()).isEqualTo(new RelaySessionOptions().toJson());
    assertThatThrownBy(() -> o.setBackoffJitter(1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> o.setMaxMissedPings(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
