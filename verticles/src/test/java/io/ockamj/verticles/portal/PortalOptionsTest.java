package io.ockamj.verticles.portal;

import io.ockamj.node.AccessControls;
import io.ockamj.node.IncomingAccessControl;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Defaults, copies, JSON round trips and validation of the portal options. */
class PortalOptionsTest {

  @Test
  void inletDefaultsAndJson() {
    InletOptions d = new InletOptions();
    assertThat(d.getPongTimeoutMs()).isEqualTo(10_000);
    assertThat(d.isHalfClose()).isTrue();
    assertThat(d.getIncomingAccessControl()).isSameAs(AccessControls.ALLOW_ALL_INCOMING);
    InletOptions o = new InletOptions().setPongTimeoutMs(123).setHalfClose(false).setHalfCloseTimeoutMs(77)
      .setWriteQueueMaxSize(4096).setTcpNoDelay(false);
    JsonObject json = o.toJson();
    assertThat(new InletOptions(json).toJson()).isEqualTo(json);
    assertThat(new InletOptions(o).toJson()).isEqualTo(json);
    assertThat(new InletOptions(new JsonObject()).toJson()).isEqualTo(d.toJson());
    assertThat(json.getInteger("pongTimeoutMs")).isEqualTo(123);
  }

  @Test
  void outletDefaultsAndJson() {
    OutletOptions d = new OutletOptions();
    assertThat(d.getConnectTimeoutMs()).isEqualTo(10_000);
    assertThat(d.isHalfClose()).isTrue();
    IncomingAccessControl deny = AccessControls.DENY_ALL_INCOMING;
    OutletOptions o = new OutletOptions().setConnectTimeoutMs(500).setHalfClose(false).setHalfCloseTimeoutMs(9)
      .setWriteQueueMaxSize(1).setTcpNoDelay(false).setListenerAccessControl(deny);
    JsonObject json = o.toJson();
    assertThat(new OutletOptions(json).toJson()).isEqualTo(json);
    OutletOptions copy = new OutletOptions(o);
    assertThat(copy.toJson()).isEqualTo(json);
    assertThat(copy.getListenerAccessControl()).isSameAs(deny);
    assertThat(new OutletOptions(new JsonObject()).toJson()).isEqualTo(d.toJson());
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> new InletOptions().setPongTimeoutMs(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new InletOptions().setHalfCloseTimeoutMs(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutletOptions().setConnectTimeoutMs(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutletOptions().setWriteQueueMaxSize(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OutletOptions().setIncomingAccessControl(null)).isInstanceOf(NullPointerException.class);
  }
}
