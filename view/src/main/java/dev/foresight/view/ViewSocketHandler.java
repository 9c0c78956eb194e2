package dev.foresight.view;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One browser's WebSocket: registers its {@link ClientSlot} after the handshake, drains it whenever
 * the channel becomes writable again, and answers the page's one request, {@code stop}. Anything
 * else gets a one-line error and the socket stays open.
 */
final class ViewSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame> {
  static final String NAME = "view-socket";
  private static final Logger LOG = LoggerFactory.getLogger(ViewSocketHandler.class);

  /** What the handler needs of the view. */
  interface Clients {
    void joined(ClientSlot slot);

    void left(ClientSlot slot);

    /** Sends a stop through the bridge; null when sent, else why not. */
    String stop(String reason);
  }

  private final Clients clients;
  private ClientSlot slot;

  ViewSocketHandler(Clients clients) {
    this.clients = clients;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
    if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
      slot = new ClientSlot(ctx.channel());
      clients.joined(slot);
    }
    super.userEventTriggered(ctx, event);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (slot != null && ctx.channel().isWritable()) {
      slot.drain();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (slot != null) {
      clients.left(slot);
    }
    super.channelInactive(ctx);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (!(frame instanceof TextWebSocketFrame text)) {
      reply(ctx, error("a binary message is not understood, expected the text {\"t\":\"stop\"}"));
      return;
    }
    String message = text.text().strip();
    if (message.equals("{\"t\":\"stop\"}")) {
      SocketAddress from = ctx.channel().remoteAddress();
      String failure = clients.stop("STOP from the live view (browser at " + from + ")");
      if (failure == null) {
        LOG.warn(
            "STOP clicked in the live view by the browser at {}: stop sent to the agent", from);
        reply(ctx, "{\"t\":\"stopSent\"}");
      } else {
        LOG.warn("STOP clicked in the live view by the browser at {}: {}", from, failure);
        reply(ctx, error(failure));
      }
    } else {
      String shown = message.length() > 60 ? message.substring(0, 60) + "…" : message;
      reply(ctx, error("message '" + shown + "' is not understood, expected {\"t\":\"stop\"}"));
    }
  }

  private static String error(String line) {
    return StateJson.string(new StringBuilder("{\"t\":\"error\",\"message\":"), line)
        .append('}')
        .toString();
  }

  /** Replies only while writable: a browser that sends but never reads cannot grow a queue. */
  private static void reply(ChannelHandlerContext ctx, String json) {
    if (ctx.channel().isWritable()) {
      ctx.writeAndFlush(new TextWebSocketFrame(json));
    }
  }
}
