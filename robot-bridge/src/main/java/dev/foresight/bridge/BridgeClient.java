package dev.foresight.bridge;

import dev.foresight.bridge.v1.Command;
import dev.foresight.bridge.v1.CommandMode;
import dev.foresight.bridge.v1.EeDelta;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Rearm;
import dev.foresight.bridge.v1.Stop;
import dev.foresight.core.Action;
import dev.foresight.core.Pose;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong progress = new AtomicLong();
  private final ClientConnection connection;

  private BridgeClient(Builder options) {
    this.connection = new ClientConnection(options, progress);
  }

  /** What scheduling the client's I/O thread got ({@link Builder#optLatency}). */
  public RealtimeScheduling.ThreadScheduling scheduling() {
    return connection.scheduling();
  }

  /** Starts configuring a client for the agent at {@code host:port}. */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /**
   * Waits until the agent welcomed this client.
   *
   * @return the agent's welcome (robot id, limits, whether this client holds control)
   * @throws IllegalStateException when the agent refused the hello or the wait timed out
   */
  public AgentWelcome awaitWelcome(Duration timeout) throws InterruptedException {
    return connection.awaitWelcome(timeout);
  }

  /** The current connection's welcome, or null while not connected. */
  public AgentWelcome welcome() {
    return connection.welcome();
  }

  /** Whether this client is connected, welcomed and holds control. */
  public boolean hasControl() {
    AgentWelcome w = connection.welcome();
    return w != null && w.hasControl();
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

  /** The last state received, or null. */
  public AgentState latestState() {
    return connection.latestState();
  }

  /** The reject that ended this client's attempts (wrong token or version), or null. */
  public AgentReject fatalReject() {
    return connection.fatalReject();
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
  long send(Command.Builder command, Duration validity) {
    Channel ch = connection.channel();
    if (ch == null || connection.welcome() == null || !ch.isActive()) {
      return -1;
    }
    long seq = sequence.incrementAndGet();
    progress.incrementAndGet();
    long now = System.nanoTime();
    command.setSequence(seq).setSendTimeNanos(now).setValidUntilNanos(now + validity.toNanos());
    ch.writeAndFlush(Envelope.newBuilder().setCommand(command).build(), ch.voidPromise());
    return seq;
  }

  /** Sends any envelope as is (for protocol tests); false when not connected. */
  boolean sendRaw(Envelope envelope) {
    Channel ch = connection.channel();
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
   *
   * @throws IllegalArgumentException for {@link StopCause#UNRECOGNIZED}, which has no wire value
   */
  public boolean rearm(StopCause acknowledged) {
    return sendRaw(
        Envelope.newBuilder()
            .setRearm(Rearm.newBuilder().setAcknowledgedStopCause(Protocol.toWire(acknowledged)))
            .build());
  }

  /** Asks the agent to stop and hold; false when not connected. */
  public boolean stop(String reason) {
    return sendRaw(Envelope.newBuilder().setStop(Stop.newBuilder().setReason(reason)).build());
  }

  /** Closes the connection and stops reconnecting. */
  @Override
  public void close() {
    connection.close();
  }

  /** Options of a {@link BridgeClient}; {@link #connect()} starts it. */
  public static final class Builder {
    final String host;
    final int port;
    String clientId = "foresight-planner";
    String authToken = "";
    boolean requestControl = true;
    SslContext sslContext;
    boolean heartbeats = true;
    Duration heartbeatInterval = Duration.ofMillis(25);
    Duration readTimeout = Duration.ofSeconds(3);
    boolean reconnect = true;
    Duration initialBackoff = Duration.ofMillis(50);
    Duration maxBackoff = Duration.ofSeconds(2);
    Transport transport = Transport.best();
    BridgeListener listener = new BridgeListener() {};
    Consumer<Envelope> envelopeListener = envelope -> {};
    LatencyOptions latency = LatencyOptions.NORMAL;

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

    /** Hears the agent's state reports and rejections on the I/O thread; must not block. */
    public Builder optListener(BridgeListener newListener) {
      this.listener = Objects.requireNonNull(newListener, "listener");
      return this;
    }

    /** Called on the I/O thread with every message from the agent as is (protocol tests). */
    Builder optEnvelopeListener(Consumer<Envelope> newListener) {
      this.envelopeListener = newListener;
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
      client.connection.start();
      return client;
    }
  }
}
