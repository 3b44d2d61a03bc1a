package io.ockamj.verticles.portal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.impl.InboundBuffer;

/**
 * TCP half-close for Vert.x sockets, which by default close as soon as the peer's FIN arrives.
 * <p>
 * {@link #enable} turns on Netty's {@code ALLOW_HALF_CLOSURE} and converts the resulting
 * input-shutdown event into the end-of-stream marker Vert.x itself uses, injected <em>as a read</em>
 * so that it travels through the socket's inbound queues behind any data still buffered there
 * (a paused socket may hold some). The socket's {@code endHandler} therefore fires after the last
 * byte, and the socket stays open for writing. {@link #shutdownOutput} sends our FIN.
 */
final class HalfClose {

  private static final System.Logger LOG = System.getLogger(HalfClose.class.getName());
  private static final String HANDLER_NAME = "ockam-portal-half-close";

  private HalfClose() {
  }

  /**
   * @param socket a socket, before reading starts
   * @return {@code true} if half-close is now enabled, {@code false} if the socket does not support it
   */
  static boolean enable(NetSocket socket) {
    if (!(socket instanceof NetSocketInternal internal)) {
      return false;
    }
    try {
      ChannelHandlerContext chctx = internal.channelHandlerContext();
      Channel channel = chctx.channel();
      if (!(channel instanceof DuplexChannel)) {
        return false;
      }
      channel.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      chctx.pipeline().addBefore(chctx.name(), HANDLER_NAME, new InputShutdownAsEnd());
      return true;
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, () -> "half-close not available on this socket: " + e);
      return false;
    }
  }

  /**
   * @param socket a socket
   * @return {@code true} if its channel is still open (after an input shutdown it is, after a close or reset it is not)
   */
  static boolean isOpen(NetSocket socket) {
    return socket instanceof NetSocketInternal internal && internal.channelHandlerContext().channel().isOpen();
  }

  /**
   * Shuts down the output of a socket on which {@link #enable} succeeded: the peer reads EOF, and
   * this side can still read.
   *
   * @param socket the socket
   * @return a future completed when the FIN is sent
   */
  static Future<Void> shutdownOutput(NetSocket socket) {
    Channel channel = ((NetSocketInternal) socket).channelHandlerContext().channel();
    Promise<Void> done = Promise.promise();
    ((DuplexChannel) channel).shutdownOutput().addListener(f -> {
      if (f.isSuccess()) {
        done.tryComplete();
      } else {
        done.tryFail(f.cause());
      }
    });
    return done.future();
  }

  /** Turns Netty's input-shutdown event into Vert.x's end-of-stream marker, queued behind data. */
  private static final class InputShutdownAsEnd extends ChannelInboundHandlerAdapter {
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof ChannelInputShutdownEvent) {
        ctx.fireChannelRead(InboundBuffer.END_SENTINEL);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public boolean isSharable() {
      return false;
    }
  }
}
