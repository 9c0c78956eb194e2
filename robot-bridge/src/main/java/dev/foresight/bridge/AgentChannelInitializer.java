package dev.foresight.bridge;

import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Heartbeat;
import dev.foresight.bridge.v1.RejectReason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the agent's pipeline for one connection: optional TLS, idle detection, framing, protobuf,
 * then the session handler that feeds {@link AgentSessions}.
 */
final class AgentChannelInitializer extends ChannelInitializer<Channel> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentChannelInitializer.class);

  /** The agent sends a heartbeat when it wrote nothing for this long, ms. */
  static final long HEARTBEAT_MILLIS = 250;

  private final AgentSessions sessions;
  private final SslContext sslContext;
  private final long idleTimeoutMillis;

  AgentChannelInitializer(AgentSessions sessions, SslContext sslContext, long idleTimeoutMillis) {
    this.sessions = sessions;
    this.sslContext = sslContext;
    this.idleTimeoutMillis = idleTimeoutMillis;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (sslContext != null) {
      pipeline.addLast(BridgeCodec.TLS, sslContext.newHandler(channel.alloc()));
    }
    pipeline.addLast(
        BridgeCodec.IDLE,
        new IdleStateHandler(idleTimeoutMillis, HEARTBEAT_MILLIS, 0, TimeUnit.MILLISECONDS));
    BridgeCodec.addCodec(pipeline);
    pipeline.addLast(BridgeCodec.SESSION, new SessionHandler(sessions));
  }

  /** Hands each envelope to the agent's session logic; closes on framing errors. */
  static final class SessionHandler extends SimpleChannelInboundHandler<Envelope> {
    private final AgentSessions sessions;
    private AgentSessions.Session session;

    SessionHandler(AgentSessions sessions) {
      super(Envelope.class);
      this.sessions = sessions;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      if (session == null) {
        session = sessions.open(ctx.channel());
      }
      super.channelActive(ctx);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      if (ctx.channel().isActive() && session == null) {
        session = sessions.open(ctx.channel());
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (session != null) {
        sessions.closed(session);
      }
      super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
      if (session == null) {
        session = sessions.open(ctx.channel());
      }
      sessions.received(session, envelope, System.nanoTime());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof IdleStateEvent idle) {
        if (idle.state() == IdleState.READER_IDLE) {
          LOG.warn("closing connection {}: no message for the idle timeout", session.describe());
          ctx.close();
        } else if (idle.state() == IdleState.WRITER_IDLE && session.welcomed) {
          ctx.writeAndFlush(
              Envelope.newBuilder()
                  .setHeartbeat(Heartbeat.newBuilder().setSendTimeNanos(System.nanoTime()))
                  .build(),
              ctx.voidPromise());
        }
        return;
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      String reason;
      if (cause instanceof TooLongFrameException) {
        reason = "frame too long: " + cause.getMessage();
      } else if (cause instanceof DecoderException) {
        reason = "bad frame: " + cause.getMessage();
      } else {
        reason = "connection error: " + cause;
      }
      if (session == null) {
        LOG.warn("closing connection {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
        return;
      }
      sessions.fail(session, RejectReason.REJECT_REASON_MALFORMED, reason);
    }
  }
}
