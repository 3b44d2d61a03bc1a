package io.ockamj.verticles.nodemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ockamj.protocol.Address;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The consumer address of {@code POST /node/flow_controls/add_consumer}: any text is one local address
 * or refused with the {@link IllegalArgumentException} the node answers 400 to, never another exception.
 */
class FlowControlRequestsPropertiesTest {

  @Provide
  Arbitrary<String> address() {
    Arbitrary<String> names = Arbitraries.strings().ofMaxLength(40);
    return Arbitraries.oneOf(names,
      names.map(n -> "/service/" + n), names.map(n -> "/secure/" + n), names.map(n -> "/worker/" + n),
      names.map(n -> "/service/a/service/" + n), names.map(n -> "/ip4/127.0.0.1/tcp/" + n), Arbitraries.of("", "/", " "));
  }

  @Property
  void anyTextIsOneLocalAddressOrABadRequest(@ForAll("address") String text) {
    try {
      Address a = FlowControlRequests.localAddress(text);
      assertThat(a.isLocal()).isTrue();
      assertThat(a.innerText()).isNotEmpty();
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  @Example
  void rustsForms() {
    assertThat(FlowControlRequests.localAddress("/service/echo")).isEqualTo(Address.local("echo"));
    assertThat(FlowControlRequests.localAddress("/secure/api")).isEqualTo(Address.local("api"));
    assertThat(FlowControlRequests.localAddress("echo")).isEqualTo(Address.local("echo"));
    assertThatThrownBy(() -> FlowControlRequests.localAddress("/service/a/service/b")).hasMessageStartingWith("Invalid address");
    assertThatThrownBy(() -> FlowControlRequests.localAddress("/ip4/127.0.0.1/tcp/4000")).hasMessageStartingWith("Invalid address");
    assertThatThrownBy(() -> FlowControlRequests.localAddress(" ")).hasMessageStartingWith("Unable to extract an address");
  }
}
