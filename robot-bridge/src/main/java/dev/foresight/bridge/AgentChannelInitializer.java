package dev.foresight.bridge;

import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Heartbeat;
import dev.foresight.bridge.v1.RejectReason;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the agent's pipeline for one connection: optional TLS, idle detection, framing with a
 * per-frame deadline, protobuf, then the session handler that feeds {@link AgentSessions}. A
 * connection over the agent's caps is refused at once; one that has not said hello within the hello
 * deadline (TLS handshake included) is closed.
 */
final class AgentChannelInitializer extends ChannelInitializer<Channel> {
  private static final Logger LOG = LoggerFactory.getLogger(AgentChannelInitializer.class);

  /** The agent sends a heartbeat when it wrote nothing for this long, ms. */
  static final long HEARTBEAT_MILLIS = 250;

  private final AgentSessions sessions;
  private final SslContext sslContext;
  private final long idleTimeoutMillis;
  private final ConnectionLimits limits;

  AgentChannelInitializer(
      AgentSessions sessions,
      SslContext sslContext,
      long idleTimeoutMillis,
      ConnectionLimits limits) {
    this.sessions = sessions;
    this.sslContext = sslContext;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.limits = limits;
  }

  @Override
  protected void initChannel(Channel channel) {
    ChannelPipeline pipeline = channel.pipeline();
    if (sslContext != null) {
      SslHandler tls = sslContext.newHandler(channel.alloc());
      tls.setHandshakeTimeoutMillis(limits.helloTimeout().toMillis());
      pipeline.addLast(BridgeCodec.TLS, tls);
    }
    pipeline.addLast(
        BridgeCodec.IDLE,
        new IdleStateHandler(idleTimeoutMillis, HEARTBEAT_MILLIS, 0, TimeUnit.MILLISECONDS));
    BridgeCodec.addCodec(pipeline);
    pipeline.replace(
        BridgeCodec.FRAME_DECODER,
        BridgeCodec.FRAME_DECODER,
        new DeadlineFrameDecoder(limits.frameTimeout().toNanos()));
    pipeline.addLast(BridgeCodec.SESSION, new SessionHandler(sessions, limits));
  }

  /** Hands each envelope to the agent's session logic; closes on framing errors. */
  static final class SessionHandler extends SimpleChannelInboundHandler<Envelope> {
    private final AgentSessions sessions;
    private final ConnectionLimits limits;
    private AgentSessions.Session session;
    private boolean refused;

    SessionHandler(AgentSessions sessions, ConnectionLimits limits) {
      super(Envelope.class);
      this.sessions = sessions;
      this.limits = limits;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      open(ctx);
      super.channelActive(ctx);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      if (ctx.channel().isActive()) {
        open(ctx);
      }
    }

    /** Registers the connection, or refuses it when the agent is full; starts the hello clock. */
    private void open(ChannelHandlerContext ctx) {
      if (session != null || refused) {
        return;
      }
      session = sessions.open(ctx.channel());
      if (session == null) {
        refused = true;
        ctx.writeAndFlush(sessions.tooManyConnections()).addListener(ChannelFutureListener.CLOSE);
        return;
      }
      AgentSessions.Session opened = session;
      ctx.executor()
          .schedule(
              () -> sessions.helloDeadline(opened),
              limits.helloTimeout().toMillis(),
              TimeUnit.MILLISECONDS);
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
        return; // refused: closing
      }
      sessions.received(session, envelope, System.nanoTime());
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof IdleStateEvent idle) {
        if (session == null) {
          return;
        }
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
      RejectReason rejectReason = RejectReason.REJECT_REASON_MALFORMED;
      if (cause instanceof DeadlineFrameDecoder.FrameTimeoutException) {
        reason = cause.getMessage();
        rejectReason = RejectReason.REJECT_REASON_TOO_SLOW;
      } else if (cause instanceof TooLongFrameException) {
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
      sessions.fail(session, rejectReason, reason);
    }
  }
}
