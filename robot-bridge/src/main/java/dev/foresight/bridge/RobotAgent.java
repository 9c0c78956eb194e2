package dev.foresight.bridge;

import dev.foresight.bridge.RealtimeScheduling.ThreadScheduling;
import dev.foresight.config.BridgeSettings;
import dev.foresight.config.RobotProfile;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The robot agent: a Netty server next to the arm. It accepts clients (hello with protocol version
 * and token), gives control to the first that asks, lets others watch, filters the controller's
 * commands through the {@link SafetyFilter}, and hands the targets to its {@link ControlLoop}. All
 * protocol work runs on one event-loop thread; the control loop has its own thread.
 *
 * <p>Start with {@link #start(AgentOptions, ArmDriver)}; {@link #close()} stops the server and
 * leaves the arm holding.
 */
public final class RobotAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RobotAgent.class);

  private final AgentOptions options;
  private final AgentTelemetry telemetry;
  private final ControlLoop control;
  private final EventLoopGroup group;
  private final Channel serverChannel;
  private final ScheduledFuture<?> stateTask;
  private final ArmDriver driver;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<ThreadScheduling> scheduling;
  private final AgentSessions sessions;

  private RobotAgent(
      AgentOptions options,
      AgentTelemetry telemetry,
      ControlLoop control,
      EventLoopGroup group,
      Channel serverChannel,
      ScheduledFuture<?> stateTask,
      ArmDriver driver,
      List<ThreadScheduling> scheduling,
      AgentSessions sessions) {
    this.sessions = sessions;
    this.driver = driver;
    this.scheduling = scheduling;
    this.options = options;
    this.telemetry = telemetry;
    this.control = control;
    this.group = group;
    this.serverChannel = serverChannel;
    this.stateTask = stateTask;
  }

  /**
   * Binds the server and starts the control loop.
   *
   * @param options where to listen and what to enforce
   * @param driver the arm; owned by the agent from now on (closed by {@link #close()}, and by this
   *     method when it fails)
   * @throws IllegalArgumentException when asked to listen on an address other than loopback without
   *     a token
   * @throws IllegalStateException naming the address when it cannot be bound
   */
  public static RobotAgent start(AgentOptions options, ArmDriver driver) {
    boolean loopback = BridgeSettings.isLoopback(options.host());
    if (options.authToken().isEmpty() && !loopback) {
      driver.close();
      throw new IllegalArgumentException(
          "agent: refusing to listen on "
              + options.host()
              + " without a token, since anyone who can reach that address could command the arm;"
              + " set bridge.tokenSource to env:NAME or file:PATH (and bridge.tls to true), or"
              + " bind to 127.0.0.1");
    }
    if (options.sslContext() == null && !loopback) {
      LOG.warn(
          "agent listens on {} without TLS: the token and every command cross the network in the"
              + " clear and can be replayed; set bridge.tls to true",
          options.host());
    }
    RobotProfile profile = options.profile();
    AgentTelemetry telemetry = new AgentTelemetry();
    ControlLoop control = new ControlLoop(profile, driver, telemetry, options.stateRateHz());
    control.setFatalErrorHandler(options.fatalErrorHandler());
    // One I/O thread: the protocol state needs no locks, and a few clients never need more.
    EventLoopGroup group = options.transport().newGroup(1, "foresight-agent-io");
    EventLoop loop = group.next();
    AgentSessions sessions = new AgentSessions(options, control, telemetry);
    control.setStopListener(
        new ControlLoop.StopListener() {
          @Override
          public void stopped(StopCause cause, long count, long time, String detail) {
            try {
              loop.execute(() -> sessions.stopped(cause, count, time, detail));
            } catch (RejectedExecutionException e) {
              LOG.debug("stop after the I/O loop ended: {}", cause);
            }
          }

          @Override
          public void armRefused(long stopCount, String detail) {
            try {
              loop.execute(() -> sessions.armRefused(stopCount, detail));
            } catch (RejectedExecutionException e) {
              LOG.debug("refused re-arm after the I/O loop ended: {}", detail);
            }
          }
        });
    Channel server;
    try {
      server =
          new ServerBootstrap()
              .group(group)
              .channel(options.transport().serverChannelClass())
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childOption(
                  ChannelOption.WRITE_BUFFER_WATER_MARK,
                  new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
              .childHandler(
                  new AgentChannelInitializer(
                      sessions,
                      options.sslContext(),
                      options.idleTimeout().toMillis(),
                      options.connectionLimits()))
              .bind(options.host(), options.port())
              .syncUninterruptibly()
              .channel();
    } catch (Exception e) { // bind failures arrive as (undeclared) IOExceptions
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      driver.close();
      throw new IllegalStateException(
          "agent cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(),
          e);
    }
    LatencyOptions latency = options.latency();
    ThreadScheduling io =
        loop.submit(
                () ->
                    latency.changesThreads()
                        ? RealtimeScheduling.applyToCurrentThread("agent-io", latency)
                        : RealtimeScheduling.read("agent-io", RealtimeScheduling.currentTid()))
            .syncUninterruptibly()
            .getNow();
    long statePeriodMicros = Math.max(1000, Math.round(1e6 / options.stateRateHz()));
    ScheduledFuture<?> stateTask =
        loop.scheduleAtFixedRate(
            () -> {
              sessions.broadcastState();
              sessions.checkControlThread(System.nanoTime());
            },
            statePeriodMicros,
            statePeriodMicros,
            TimeUnit.MICROSECONDS);
    ThreadScheduling controlThread = control.start(latency);
    List<ThreadScheduling> scheduling = List.of(io, controlThread);
    logScheduling(latency, scheduling);
    LOG.info(
        "agent for {} listening on {} ({}, {}, {}), driver {}",
        profile.robotId(),
        server.localAddress(),
        options.transport().name(),
        options.sslContext() != null ? "TLS" : "plain TCP",
        options.authToken().isEmpty() ? "no token" : "token required",
        driver.name());
    return new RobotAgent(
        options, telemetry, control, group, server, stateTask, driver, scheduling, sessions);
  }

  /**
   * Logs what the latency-critical threads got; when real-time scheduling was asked for and
   * refused, one warning line with the reason and how to allow it.
   */
  private static void logScheduling(LatencyOptions latency, List<ThreadScheduling> threads) {
    if (!latency.changesThreads()) {
      return;
    }
    String problems =
        threads.stream()
            .filter(t -> t.problem() != null)
            .map(t -> t.role() + ": " + t.problem())
            .collect(Collectors.joining("; "));
    if (problems.isEmpty()) {
      LOG.info(
          "latency-critical threads: {}",
          threads.stream().map(ThreadScheduling::describe).collect(Collectors.joining(", ")));
    } else {
      LOG.warn(
          "real-time scheduling not applied ({}); continuing at normal priority; {}",
          problems,
          RealtimeScheduling.advice(latency.realtimePriority()));
    }
  }

  /** The address the agent listens on. */
  public InetSocketAddress address() {
    return (InetSocketAddress) serverChannel.localAddress();
  }

  /** The TCP port the agent listens on. */
  public int port() {
    return address().getPort();
  }

  /** Counters and histograms. */
  public AgentTelemetry telemetry() {
    return telemetry;
  }

  /** The control loop (armed state, stop cause). */
  public ControlLoop controlLoop() {
    return control;
  }

  /**
   * What scheduling the latency-critical threads got: the I/O thread ({@code agent-io}) and the
   * control thread ({@code control}), in that order.
   */
  public List<ThreadScheduling> scheduling() {
    return scheduling;
  }

  /**
   * Stops the arm from the process hosting the agent, as an operator's stop button would: a
   * latching client stop, reported to every client, cleared only by a re-arm that names it.
   *
   * @param reason one line for the stop's detail
   */
  public void requestStop(String reason) {
    serverChannel.eventLoop().execute(() -> sessions.localStop(reason));
  }

  /** The options the agent runs with. */
  public AgentOptions options() {
    return options;
  }

  /**
   * Stops accepting clients, closes connections and the control loop; the arm ends holding.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    stateTask.cancel(false);
    serverChannel.close().syncUninterruptibly();
    control.close();
    driver.close();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
