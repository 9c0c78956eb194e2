package dev.foresight.bridge;

import dev.foresight.bridge.v1.Command;
import dev.foresight.bridge.v1.CommandMode;
import dev.foresight.bridge.v1.EeDelta;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Heartbeat;
import dev.foresight.bridge.v1.Hello;
import dev.foresight.bridge.v1.Rearm;
import dev.foresight.bridge.v1.Reject;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.bridge.v1.State;
import dev.foresight.bridge.v1.Stop;
import dev.foresight.bridge.v1.StopCause;
import dev.foresight.bridge.v1.Welcome;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner side of the bridge: connects to a {@link RobotAgent}, says hello, streams commands,
 * receives state, sends heartbeats when it has nothing else to send, and reconnects with
 * exponential backoff when the connection drops (unless the agent refused the hello: a wrong token
 * or protocol version is final).
 *
 * <p>The deadman follows the planning loop, not this client's socket: each heartbeat carries the
 * loop's progress counter, which the loop advances with {@link #markProgress()} (every command sent
 * advances it too), and the agent's watchdog is only fed by heartbeats that report new progress. A
 * planning loop that hangs therefore stops the arm within the agent's watchdog timeout, although
 * this client's I/O thread keeps its connection alive.
 *
 * <p>Thread-safe: commands may be sent from any thread. Listeners run on the client's I/O thread
 * and must not block.
 */
public final class BridgeClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeClient.class);

  private final Builder options;
  private final EventLoopGroup group;
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong progress = new AtomicLong();
  private final Object lock = new Object();
  private volatile Channel channel;
  private volatile Welcome welcome;
  private volatile State latestState;
  private volatile Reject fatalReject;
  private volatile boolean closed;
  private long backoffMillis;
  private final RealtimeScheduling.ThreadScheduling scheduling;

  private BridgeClient(Builder options) {
    this.options = options;
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

  /** What scheduling the client's I/O thread got ({@link Builder#optLatency}). */
  public RealtimeScheduling.ThreadScheduling scheduling() {
    return scheduling;
  }

  /** Starts configuring a client for the agent at {@code host:port}. */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
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
      switch (envelope.getBodyCase()) {
        case WELCOME -> {
          synchronized (lock) {
            welcome = envelope.getWelcome();
            backoffMillis = options.initialBackoff.toMillis();
            lock.notifyAll();
          }
        }
        case STATE -> latestState = envelope.getState();
        case REJECT -> {
          RejectReason reason = envelope.getReject().getReason();
          if (reason == RejectReason.REJECT_REASON_AUTH_FAILED
              || reason == RejectReason.REJECT_REASON_PROTOCOL_VERSION) {
            synchronized (lock) {
              fatalReject = envelope.getReject();
              lock.notifyAll();
            }
            LOG.error("agent refused this client: {}", envelope.getReject().getMessage());
          }
        }
        default -> {}
      }
      options.listener.accept(envelope);
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

  /**
   * Waits until the agent welcomed this client.
   *
   * @return the agent's welcome (robot id, limits, whether this client holds control)
   * @throws IllegalStateException when the agent refused the hello or the wait timed out
   */
  public Welcome awaitWelcome(Duration timeout) throws InterruptedException {
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
                  + fatalReject.getMessage());
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

  /** The current connection's welcome, or null while not connected. */
  public Welcome welcome() {
    return welcome;
  }

  /** Whether this client is connected, welcomed and holds control. */
  public boolean hasControl() {
    Welcome w = welcome;
    return w != null && w.getHasControl();
  }

  /**
   * Tells the agent, with the next heartbeat, that the planning loop is alive and moving: call it
   * at every stage of the loop (frame received, planned, waiting on a poll), at least once per
   * agent watchdog period. A loop that stops calling it (and stops sending commands) lets the
   * agent's watchdog stop the arm. Thread-safe and allocation-free.
   */
  public void markProgress() {
    progress.incrementAndGet();
  }

  /** The planning loop's progress counter (see {@link #markProgress()}). */
  public long progress() {
    return progress.get();
  }

  /** The last State received, or null. */
  public State latestState() {
    return latestState;
  }

  /** The reject that ended this client's attempts (wrong token or version), or null. */
  public Reject fatalReject() {
    return fatalReject;
  }

  /**
   * Sends an end-effector delta with a gripper setpoint.
   *
   * @param action the delta in the base frame and the gripper setpoint
   * @param validity how long after sending the agent may still execute it
   * @return the command's sequence number, or -1 when not connected (nothing sent)
   */
  public long sendDelta(Action action, Duration validity) {
    return send(
        Command.newBuilder()
            .setMode(CommandMode.COMMAND_MODE_EE_DELTA)
            .setEeDelta(
                EeDelta.newBuilder()
                    .setDx(action.dx())
                    .setDy(action.dy())
                    .setDz(action.dz())
                    .setDRoll(action.dRoll())
                    .setDPitch(action.dPitch())
                    .setDYaw(action.dYaw()))
            .setGripper(action.gripper()),
        validity);
  }

  /**
   * Sends an end-effector target pose with a gripper setpoint.
   *
   * @return the command's sequence number, or -1 when not connected
   */
  public long sendTarget(Pose eeTargetInBase, double gripper, Duration validity) {
    return send(
        Command.newBuilder()
            .setMode(CommandMode.COMMAND_MODE_EE_TARGET)
            .setEeTargetInBase(Protocol.toWire(eeTargetInBase))
            .setGripper(gripper),
        validity);
  }

  /**
   * Stamps a command with the next sequence number, the send time and the deadline, and sends it.
   *
   * @return the sequence number, or -1 when not connected
   */
  public long send(Command.Builder command, Duration validity) {
    Channel ch = channel;
    if (ch == null || welcome == null || !ch.isActive()) {
      return -1;
    }
    long seq = sequence.incrementAndGet();
    progress.incrementAndGet();
    long now = System.nanoTime();
    command.setSequence(seq).setSendTimeNanos(now).setValidUntilNanos(now + validity.toNanos());
    ch.writeAndFlush(Envelope.newBuilder().setCommand(command).build(), ch.voidPromise());
    return seq;
  }

  /** Sends any envelope as is (for tests and tools); false when not connected. */
  public boolean sendRaw(Envelope envelope) {
    Channel ch = channel;
    if (ch == null || !ch.isActive()) {
      return false;
    }
    ch.writeAndFlush(envelope, ch.voidPromise());
    return true;
  }

  /**
   * Asks the agent to leave a stop that does not latch (startup, watchdog, disconnect); false when
   * not connected. A latched stop needs {@link #rearm(StopCause)}.
   */
  public boolean rearm() {
    return sendRaw(Envelope.newBuilder().setRearm(Rearm.getDefaultInstance()).build());
  }

  /**
   * Asks the agent to leave the stopped mode, acknowledging the stop {@code acknowledged}: a
   * latching stop (client stop, driver fault, stale state, limit violation) is only cleared by a
   * re-arm that names it. Call it for a latched stop only after a person checked the arm. False
   * when not connected.
   */
  public boolean rearm(StopCause acknowledged) {
    return sendRaw(
        Envelope.newBuilder()
            .setRearm(Rearm.newBuilder().setAcknowledgedStopCause(acknowledged))
            .build());
  }

  /** Asks the agent to stop and hold; false when not connected. */
  public boolean stop(String reason) {
    return sendRaw(Envelope.newBuilder().setStop(Stop.newBuilder().setReason(reason)).build());
  }

  /** Closes the connection and stops reconnecting. */
  @Override
  public void close() {
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

  /** Options of a {@link BridgeClient}; {@link #connect()} starts it. */
  public static final class Builder {
    private final String host;
    private final int port;
    private String clientId = "foresight-planner";
    private String authToken = "";
    private boolean requestControl = true;
    private SslContext sslContext;
    private boolean heartbeats = true;
    private Duration heartbeatInterval = Duration.ofMillis(25);
    private Duration readTimeout = Duration.ofSeconds(3);
    private boolean reconnect = true;
    private Duration initialBackoff = Duration.ofMillis(50);
    private Duration maxBackoff = Duration.ofSeconds(2);
    private Transport transport = Transport.best();
    private Consumer<Envelope> listener = envelope -> {};
    private LatencyOptions latency = LatencyOptions.NORMAL;

    private Builder(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65_535) {
        throw new IllegalArgumentException(
            "bridge port: " + port + " is out of range, expected [1, 65535]");
      }
      this.port = port;
    }

    /** Name shown in the agent's logs. */
    public Builder optClientId(String id) {
      this.clientId = id;
      return this;
    }

    /** Shared token the agent expects; empty for none. */
    public Builder optAuthToken(String token) {
      this.authToken = token == null ? "" : token;
      return this;
    }

    /** Whether to ask for control (default) or only watch. */
    public Builder optRequestControl(boolean request) {
      this.requestControl = request;
      return this;
    }

    /** Client TLS context; null for plain TCP. */
    public Builder optSslContext(SslContext context) {
      this.sslContext = context;
      return this;
    }

    /**
     * Heartbeats after {@code interval} without sending anything (default 25 ms); must be well
     * under the agent's watchdog. {@code null} turns heartbeats off.
     */
    public Builder optHeartbeat(Duration interval) {
      this.heartbeats = interval != null;
      if (interval != null) {
        this.heartbeatInterval = interval;
      }
      return this;
    }

    /** Whether to reconnect after the connection drops (default true). */
    public Builder optReconnect(boolean enabled) {
      this.reconnect = enabled;
      return this;
    }

    /** Reconnect backoff: first delay, doubled after each failure up to {@code max}. */
    public Builder optBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    /** Epoll or NIO; default the best available. */
    public Builder optTransport(Transport newTransport) {
      this.transport = newTransport;
      return this;
    }

    /** Called on the I/O thread with every message from the agent; must not block. */
    public Builder optListener(Consumer<Envelope> newListener) {
      this.listener = newListener;
      return this;
    }

    /**
     * Real-time priority and CPU pinning for the client's I/O thread (which encodes and writes
     * every command); default normal scheduling. Applied when the client is created; see {@link
     * BridgeClient#scheduling()}.
     */
    public Builder optLatency(LatencyOptions options) {
      this.latency = Objects.requireNonNull(options, "latency");
      return this;
    }

    /** Creates the client and starts connecting; see {@link BridgeClient#awaitWelcome}. */
    public BridgeClient connect() {
      BridgeClient client = new BridgeClient(this);
      client.group.execute(client::connect);
      return client;
    }
  }
}
