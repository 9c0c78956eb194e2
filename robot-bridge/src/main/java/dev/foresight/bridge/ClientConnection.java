package dev.foresight.bridge;

import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Heartbeat;
import dev.foresight.bridge.v1.Hello;
import dev.foresight.bridge.v1.Reject;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BridgeClient}'s connection to its agent: connects, says hello, sends heartbeats when the
 * client sends nothing else, keeps the latest welcome and state, and reconnects with exponential
 * backoff when the connection drops (unless the agent refused the hello: a wrong token or protocol
 * version is final).
 */
final class ClientConnection {
  // Logs under the client's name, where operators look for the connection's story.
  private static final Logger LOG = LoggerFactory.getLogger(BridgeClient.class);

  private final BridgeClient.Builder options;
  private final AtomicLong progress;
  private final EventLoopGroup group;
  private final Object lock = new Object();
  private final RealtimeScheduling.ThreadScheduling scheduling;
  private volatile Channel channel;
  private volatile AgentWelcome welcome;
  private volatile AgentState latestState;
  private volatile AgentReject fatalReject;
  private volatile boolean closed;
  private long backoffMillis;

  /**
   * @param progress the planning loop's progress counter, sent with every heartbeat
   */
  ClientConnection(BridgeClient.Builder options, AtomicLong progress) {
    this.options = options;
    this.progress = progress;
    this.group = options.transport.newGroup(1, "foresight-bridge-client");
    this.backoffMillis = options.initialBackoff.toMillis();
    LatencyOptions latency = options.latency;
    this.scheduling =
        group
            .submit(
                () ->
                    latency.changesThreads()
                        ? RealtimeScheduling.applyToCurrentThread("client-io", latency)
                        : RealtimeScheduling.read("client-io", RealtimeScheduling.currentTid()))
            .syncUninterruptibly()
            .getNow();
  }

  /** Starts connecting, on the I/O thread. */
  void start() {
    group.execute(this::connect);
  }

  RealtimeScheduling.ThreadScheduling scheduling() {
    return scheduling;
  }

  /** The connected channel, or null. */
  Channel channel() {
    return channel;
  }

  /** The current connection's welcome, or null. */
  AgentWelcome welcome() {
    return welcome;
  }

  AgentState latestState() {
    return latestState;
  }

  AgentReject fatalReject() {
    return fatalReject;
  }

  /**
   * Waits until the agent welcomed this client.
   *
   * @throws IllegalStateException when the agent refused the hello or the wait timed out
   */
  AgentWelcome awaitWelcome(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        if (fatalReject != null) {
          throw new IllegalStateException(
              "agent at "
                  + options.host
                  + ":"
                  + options.port
                  + " refused the hello: "
                  + fatalReject.message());
        }
        if (welcome != null) {
          return welcome;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IllegalStateException(
              "no welcome from the agent at "
                  + options.host
                  + ":"
                  + options.port
                  + " within "
                  + timeout.toMillis()
                  + " ms");
        }
        TimeUnit.NANOSECONDS.timedWait(lock, left);
      }
    }
  }

  private void connect() {
    if (closed) {
      return;
    }
    Bootstrap bootstrap =
        new Bootstrap()
            .group(group)
            .channel(options.transport.socketChannelClass())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
            .handler(
                new ChannelInitializer<Channel>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ChannelPipeline pipeline = ch.pipeline();
                    if (options.sslContext != null) {
                      pipeline.addLast(
                          BridgeCodec.TLS,
                          options.sslContext.newHandler(ch.alloc(), options.host, options.port));
                    }
                    pipeline.addLast(
                        BridgeCodec.IDLE,
                        new IdleStateHandler(
                            options.readTimeout.toMillis(),
                            options.heartbeats ? options.heartbeatInterval.toMillis() : 0,
                            0,
                            TimeUnit.MILLISECONDS));
                    BridgeCodec.addCodec(pipeline);
                    pipeline.addLast(BridgeCodec.SESSION, new ClientHandler());
                  }
                });
    ChannelFuture future = bootstrap.connect(options.host, options.port);
    future.addListener(
        f -> {
          if (!f.isSuccess()) {
            LOG.debug(
                "cannot connect to {}:{}: {}", options.host, options.port, f.cause().toString());
            scheduleReconnect();
          }
        });
  }

  private void scheduleReconnect() {
    if (closed || fatalReject != null || !options.reconnect) {
      return;
    }
    long delay = backoffMillis;
    backoffMillis = Math.min(options.maxBackoff.toMillis(), backoffMillis * 2);
    group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
  }

  private final class ClientHandler extends SimpleChannelInboundHandler<Envelope> {
    ClientHandler() {
      super(Envelope.class);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      channel = ctx.channel();
      ctx.writeAndFlush(
          Envelope.newBuilder()
              .setHello(
                  Hello.newBuilder()
                      .setProtocolVersion(Protocol.VERSION)
                      .setClientId(options.clientId)
                      .setAuthToken(options.authToken)
                      .setRequestControl(options.requestControl)
                      .setSendTimeNanos(System.nanoTime())
                      .addCapabilities(Protocol.CAPABILITY_EE_DELTA)
                      .addCapabilities(Protocol.CAPABILITY_EE_TARGET)
                      .addCapabilities(Protocol.CAPABILITY_HEARTBEAT))
              .build());
      super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      synchronized (lock) {
        if (channel == ctx.channel()) {
          channel = null;
          welcome = null;
        }
        lock.notifyAll();
      }
      if (!closed) {
        LOG.info("connection to {}:{} lost", options.host, options.port);
      }
      scheduleReconnect();
      super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Envelope envelope) {
      AgentState state = null;
      AgentReject reject = null;
      switch (envelope.getBodyCase()) {
        case WELCOME -> {
          synchronized (lock) {
            welcome = new AgentWelcome(envelope.getWelcome());
            backoffMillis = options.initialBackoff.toMillis();
            lock.notifyAll();
          }
        }
        case STATE -> {
          state = new AgentState(envelope.getState());
          latestState = state;
        }
        case REJECT -> {
          Reject wire = envelope.getReject();
          reject =
              new AgentReject(
                  AgentReject.Reason.forNumber(wire.getReasonValue()),
                  wire.getMessage(),
                  wire.getSequence());
          if (reject.isFinal()) {
            synchronized (lock) {
              fatalReject = reject;
              lock.notifyAll();
            }
            LOG.error("agent refused this client: {}", wire.getMessage());
          }
        }
        default -> {}
      }
      options.envelopeListener.accept(envelope);
      if (state != null) {
        options.listener.onState(state);
      } else if (reject != null) {
        options.listener.onReject(reject);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
      if (event instanceof IdleStateEvent idle) {
        if (idle.state() == IdleState.WRITER_IDLE) {
          ctx.writeAndFlush(
              Envelope.newBuilder()
                  .setHeartbeat(
                      Heartbeat.newBuilder()
                          .setSendTimeNanos(System.nanoTime())
                          .setProgress(progress.get()))
                  .build(),
              ctx.voidPromise());
        } else if (idle.state() == IdleState.READER_IDLE) {
          LOG.warn(
              "no message from the agent for {} ms, reconnecting", options.readTimeout.toMillis());
          ctx.close();
        }
        return;
      }
      super.userEventTriggered(ctx, event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warn("bridge connection error, closing: {}", cause.toString());
      ctx.close();
    }
  }

  /** Closes the connection and stops reconnecting. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    Channel ch = channel;
    if (ch != null) {
      ch.close().syncUninterruptibly();
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
