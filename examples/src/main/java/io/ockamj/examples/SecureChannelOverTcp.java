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
import io.vertx.core.Vertx;

import java.io.PrintStream;

/**
 * 04: a mutually authenticated, end-to-end encrypted secure channel from the initiator to the
 * responder's {@code api} listener over TCP, and a message through it to the echoer (Rust's
 * {@code 05-secure-channel-over-two-transport-hops-*}, with one TCP hop).
 */
public final class SecureChannelOverTcp {

  private SecureChannelOverTcp() {
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
    Vertx bobVertx = Vertx.vertx();
    Vertx aliceVertx = Vertx.vertx();
    try {
      // bob: an identity, a TCP listener, a secure channel listener at "api" and the echoer behind it
      ChannelIdentity bob = ChannelIdentity.generate(bobVertx).await();
      Node bobNode = Node.create(bobVertx, new NodeOptions().setName("bob").setTcpListenerAddress("127.0.0.1:0")).await();
      SecureChannels.create(bobNode, bob).createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions()).await();
      bobNode.startWorker(WorkerOptions.of("echoer"), new Echoer(out)).await();
      // the echoer is reachable through the channels "api" accepts, and not over plain TCP
      bobNode.flowControls().addConsumer(Address.local("echoer"), bobNode.secureChannelFlowControlId());
      out.println("Bob is " + bob.identity().identifier());

      // alice: an identity; she trusts only bob's identifier
      ChannelIdentity alice = ChannelIdentity.generate(aliceVertx).await();
      Node aliceNode = Node.create(aliceVertx, new NodeOptions().setName("alice")).await();
      SecureChannel channel = SecureChannels.create(aliceNode, alice).createSecureChannel(
        Route.of(Address.tcp(bobNode.tcpListenerAddress()), Address.local(SecureChannels.DEFAULT_LISTENER)),
        new SecureChannelOptions().setTrustPolicy(TrustPolicy.trustIdentifiers(bob.identity().identifier()))).await();
      out.println("Secure channel established with " + channel.peer());

      // encrypted when it enters the channel at its encryptor, decrypted just before the echoer
      Routed reply = aliceNode.context().sendAndReceive(Route.of(channel.encryptor(), Address.local("echoer")),
        Echoer.bytes("Hello Ockam!")).await();
      out.println("App received: " + Echoer.text(reply.payload()));
    } finally {
      aliceVertx.close().await();
      bobVertx.close().await();
    }
  }
}
