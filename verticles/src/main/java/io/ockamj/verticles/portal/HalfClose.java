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

/**
 * TCP half-close for Vert.x sockets, which by default close as soon as the peer's FIN arrives.
 * <p>
 * {@link #readEndAsMessage} makes the end of a socket's input (an input shutdown with half-close
 * on, or the channel closing) arrive as the message {@link #END}, injected <em>as a read</em> so that
 * it travels through the socket's inbound queue behind any data still held there (a paused socket
 * may hold some): a raw message handler sees it after the last byte. {@link #enable} turns on
 * Netty's {@code ALLOW_HALF_CLOSURE}, so that the peer's FIN ends only the input and the socket stays
 * open for writing. {@link #shutdownOutput} sends our FIN.
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

  /**
   * Delivers the end of the socket's input to its message handler as {@link #END}, after the data.
   * Must run on the socket's event loop before its first read.
   *
   * @param socket a socket whose reads go to a message handler ({@code NetSocketInternal.messageHandler})
   */
  static void readEndAsMessage(NetSocket socket) {
    ChannelHandlerContext chctx = ((NetSocketInternal) socket).channelHandlerContext();
    chctx.pipeline().addBefore(chctx.name(), HANDLER_NAME, new EndAsRead());
  }

  /** The end of the input, as a message; delivered once per socket. */
  static final Object END = new Object() {
    @Override
    public String toString() {
      return "end of input";
    }
  };

  /** Turns an input shutdown or the channel's closing into {@link #END}, read behind the data. */
  private static final class EndAsRead extends ChannelInboundHandlerAdapter {
    private boolean ended;

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof ChannelInputShutdownEvent) {
        end(ctx);
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      end(ctx);
      super.channelInactive(ctx);
    }

    private void end(ChannelHandlerContext ctx) {
      if (!ended) {
        ended = true;
        ctx.fireChannelRead(END);
      }
    }

    @Override
    public boolean isSharable() {
      return false;
    }
  }
}
