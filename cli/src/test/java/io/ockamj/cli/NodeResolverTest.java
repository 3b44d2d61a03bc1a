package io.ockamj.cli;

import io.ockamj.protocol.MultiAddr;
import io.ockamj.store.NodeRecord;
import io.ockamj.store.Store;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.ockamj.testing.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code /node/NAME} in multiaddrs resolves to the node's listener from the store. */
@ExtendWith(VertxExtension.class)
class NodeResolverTest {

  @Test
  void resolvesNodeNames(Vertx vertx, @TempDir Path dir) throws Exception {
    Store store = await(Store.open(vertx, dir.resolve("db.sqlite3")));
    try {
      String id = "I" + "ab".repeat(32);
      await(store.nodes().store(NodeRecord.of("n1", id).withTcpListenerAddress("127.0.0.1:4000")));
      await(store.nodes().store(NodeRecord.of("any", id).withTcpListenerAddress("0.0.0.0:4001")));
      await(store.nodes().store(NodeRecord.of("none", id)));

      assertThat(await(NodeResolver.resolve(store, MultiAddr.parse("/node/n1/service/echo"))))
        .isEqualTo(MultiAddr.parse("/ip4/127.0.0.1/tcp/4000/service/echo"));
      assertThat(await(NodeResolver.resolve(store, MultiAddr.parse("/node/n1/secure/api/node/any/service/hop"))))
        .isEqualTo(MultiAddr.parse("/ip4/127.0.0.1/tcp/4000/secure/api/ip4/127.0.0.1/tcp/4001/service/hop"));
      MultiAddr plain = MultiAddr.parse("/ip4/10.0.0.1/tcp/1/service/echo");
      assertThat(await(NodeResolver.resolve(store, plain))).isEqualTo(plain);
      assertThat(NodeResolver.resolve(plain)).isSameAs(plain);

      assertThatThrownBy(() -> await(NodeResolver.resolve(store, MultiAddr.parse("/node/nope/service/echo"))))
        .isInstanceOf(ExitCodes.CliException.class).hasMessageContaining("Unable to find node named nope")
        .satisfies(e -> assertThat(((ExitCodes.CliException) e).exitCode).isEqualTo(ExitCodes.NOT_FOUND));
      assertThatThrownBy(() -> await(NodeResolver.resolve(store, MultiAddr.parse("/node/none"))))
        .isInstanceOf(ExitCodes.CliException.class).hasMessageContaining("no TCP listener");
    } finally {
      await(store.close());
    }
  }
}
