package io.ockamj.examples;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.node.Routed;
import io.ockamj.node.WorkerOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.relay.RemoteRelayInfo;
import io.ockamj.verticles.relay.RemoteRelayOptions;
import io.ockamj.verticles.relay.RemoteRelays;
import io.vertx.core.Vertx;

import java.io.PrintStream;

/**
 * 05: bob has no listener at all: he registers a relay at a relay node, and alice reaches his
 * {@code api} secure channel listener through it. The relay node forwards only ciphertext (Rust's
 * {@code alice.rs}, {@code bob.rs} and {@code 05-secure-channel-over-two-transport-hops-*}).
 */
public final class SecureChannelThroughRelay {

  private SecureChannelThroughRelay() {
  }

  /**
   * Runs the example.
   *
   * @param args none
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    Vertx relayVertx = Vertx.vertx();
    Vertx bobVertx = Vertx.vertx();
    Vertx aliceVertx = Vertx.vertx();
    try {
      // the relay node: a TCP listener and the built-in relay service
      Node relayNode = Node.create(relayVertx, new NodeOptions().setName("relay").setTcpListenerAddress("127.0.0.1:0")).await();
      out.println("Relay node listening on " + relayNode.tcpListenerAddress());

      // bob: no TCP listener; his "api" listener accepts handshakes over connections he opened
      ChannelIdentity bob = ChannelIdentity.generate(bobVertx).await();
      Node bobNode = Node.create(bobVertx, new NodeOptions().setName("bob")).await();
      SecureChannels.create(bobNode, bob).createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions()).await();
      bobNode.startWorker(WorkerOptions.of("echoer"), new Echoer(out)).await();
      bobNode.flowControls().addConsumer(Address.local("echoer"), bobNode.secureChannelFlowControlId());
      RemoteRelayInfo relay = RemoteRelays.create(bobNode, Route.of(Address.tcp(relayNode.tcpListenerAddress())), "bob",
        new RemoteRelayOptions()).await();
      out.println("Bob registered the relay " + relay.remoteAddress());

      // alice: TCP to the relay node, then the relay, then bob's listener
      ChannelIdentity alice = ChannelIdentity.generate(aliceVertx).await();
      Node aliceNode = Node.create(aliceVertx, new NodeOptions().setName("alice")).await();
      Route toBob = Route.of(Address.tcp(relayNode.tcpListenerAddress()), Address.local(relay.remoteAddress()),
        Address.local(SecureChannels.DEFAULT_LISTENER));
      SecureChannel channel = SecureChannels.create(aliceNode, alice).createSecureChannel(toBob,
        new SecureChannelOptions().setTrustPolicy(TrustPolicy.trustIdentifiers(bob.identity().identifier()))).await();
      out.println("Secure channel established with " + channel.peer() + " through the relay");

      Routed reply = aliceNode.context().sendAndReceive(Route.of(channel.encryptor(), Address.local("echoer")),
        Echoer.bytes("Hello Ockam!")).await();
      out.println("App received: " + Echoer.text(reply.payload()));
    } finally {
      aliceVertx.close().await();
      bobVertx.close().await();
      relayVertx.close().await();
    }
  }
}
