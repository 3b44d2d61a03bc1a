package io.ockamj.examples;

import io.ockamj.node.Node;
import io.ockamj.node.NodeOptions;
import io.ockamj.protocol.Address;
import io.ockamj.protocol.Route;
import io.ockamj.verticles.channel.ChannelIdentity;
import io.ockamj.verticles.channel.SecureChannel;
import io.ockamj.verticles.channel.SecureChannelOptions;
import io.ockamj.verticles.channel.SecureChannels;
import io.ockamj.verticles.channel.TrustPolicy;
import io.ockamj.verticles.portal.Inlet;
import io.ockamj.verticles.portal.InletOptions;
import io.ockamj.verticles.portal.Outlet;
import io.ockamj.verticles.portal.OutletOptions;
import io.ockamj.verticles.portal.Portals;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.io.PrintStream;

/**
 * 06: a TCP portal in code. A plain TCP service (it answers each line in upper case) sits behind
 * bob's outlet; alice's inlet is a local TCP port whose connections travel through a secure channel
 * to the outlet, so a plain TCP client talks to the service end-to-end encrypted (what
 * {@code ockam tcp-outlet create} and {@code ockam tcp-inlet create} do).
 */
public final class PortalInCode {

  private PortalInCode() {
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
      // the service: a plain TCP server on 127.0.0.1
      NetServer service = bobVertx.createNetServer()
        .connectHandler(socket -> socket.handler(data -> socket.write(data.toString().toUpperCase())))
        .listen(0, "127.0.0.1").await();
      String serviceAddress = "127.0.0.1:" + service.actualPort();

      // bob: an outlet in front of the service, reachable through the channels of his "api" listener
      ChannelIdentity bob = ChannelIdentity.generate(bobVertx).await();
      Node bobNode = Node.create(bobVertx, new NodeOptions().setName("bob").setTcpListenerAddress("127.0.0.1:0")).await();
      SecureChannels.create(bobNode, bob).createListener(SecureChannels.DEFAULT_LISTENER, new SecureChannelOptions()).await();
      Outlet outlet = Portals.create(bobNode).createOutlet("outlet", serviceAddress, new OutletOptions()).await();
      out.println("Outlet " + outlet.address() + " -> the service");

      // alice: a secure channel to bob, and an inlet on a free local port that goes through it
      ChannelIdentity alice = ChannelIdentity.generate(aliceVertx).await();
      Node aliceNode = Node.create(aliceVertx, new NodeOptions().setName("alice")).await();
      SecureChannel channel = SecureChannels.create(aliceNode, alice).createSecureChannel(
        Route.of(Address.tcp(bobNode.tcpListenerAddress()), Address.local(SecureChannels.DEFAULT_LISTENER)),
        new SecureChannelOptions().setTrustPolicy(TrustPolicy.trustIdentifiers(bob.identity().identifier()))).await();
      Inlet inlet = Portals.create(aliceNode).createInlet("127.0.0.1:0",
        Route.of(channel.encryptor(), Address.local("outlet")), new InletOptions()).await();
      out.println("Inlet listening on " + inlet.bindAddress());

      // a plain TCP client of the inlet
      String[] hostPort = inlet.bindAddress().split(":");
      NetSocket client = aliceVertx.createNetClient().connect(Integer.parseInt(hostPort[1]), hostPort[0]).await();
      String answer = lineFrom(client, "hello through the portal\n").await();
      out.println("Client received: " + answer);
      client.close().await();
    } finally {
      aliceVertx.close().await();
      bobVertx.close().await();
    }
  }

  /** Writes a line and completes with the first line read back (without its newline). */
  private static Future<String> lineFrom(NetSocket socket, String line) {
    Promise<String> answer = Promise.promise();
    Buffer received = Buffer.buffer();
    socket.handler(data -> {
      received.appendBuffer(data);
      String text = received.toString();
      int end = text.indexOf('\n');
      if (end >= 0) {
        answer.tryComplete(text.substring(0, end));
      }
    });
    socket.closeHandler(v -> answer.tryFail("the connection closed before a line arrived"));
    socket.write(line);
    return answer.future();
  }
}
