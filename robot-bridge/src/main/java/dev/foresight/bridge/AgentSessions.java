package dev.foresight.bridge;

import dev.foresight.bridge.v1.AgentMode;
import dev.foresight.bridge.v1.ClampReport;
import dev.foresight.bridge.v1.Command;
import dev.foresight.bridge.v1.Counters;
import dev.foresight.bridge.v1.EeDelta;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Fault;
import dev.foresight.bridge.v1.FaultCode;
import dev.foresight.bridge.v1.Hello;
import dev.foresight.bridge.v1.Pose3d;
import dev.foresight.bridge.v1.Reject;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.bridge.v1.State;
import dev.foresight.bridge.v1.Welcome;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.LogText;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's protocol logic: connection caps, hello and token check (with a bounded rate of failed
 * hellos per address), who holds control, command checks (order, send time, validity, staleness,
 * arming), the safety filter, re-arming (latched stops must be named), and fan-out of state and
 * faults. Confined to one thread (the agent's I/O event loop); nothing here blocks.
 */
final class AgentSessions {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);

  /** Longest client id a hello may carry, characters. */
  static final int MAX_CLIENT_ID_CHARS = 256;

  /**
   * Most messages the controlling connection may send within a second; more close it (and stop the
   * arm). A planner sends at most one command per control tick plus heartbeats.
   */
  static final int MAX_CONTROLLER_MESSAGES_PER_SECOND = 5000;

  /**
   * Most messages any other connection may send within a second: a watching client sends heartbeats
   * and the odd stop. More close it, so that a flood costs the I/O thread little.
   */
  static final int MAX_OTHER_MESSAGES_PER_SECOND = 200;

  /** Longest validity a command may ask for (valid_until − send_time), ns. */
  static final long MAX_COMMAND_VALIDITY_NANOS = 2_000_000_000L;

  /** Remote addresses whose failed hellos are remembered at once. */
  private static final int MAX_TRACKED_ADDRESSES = 1024;

  private static final long MINUTE_NANOS = 60_000_000_000L;

  /** Shortest silence of the control thread taken for a stall, ns. */
  static final long CONTROL_STALL_MIN_NANOS = 5_000_000_000L;

  /** One connection. */
  static final class Session {
    final Channel channel;
    final long id;
    String clientId = "?";
    boolean welcomed;
    boolean controller;
    long lastSequence;

    /** Highest progress of this client's heartbeats; a heartbeat feeds the watchdog above it. */
    long lastProgress;

    /** Start of the current one-second window and the messages received in it. */
    long windowStartNanos;

    int messagesInWindow;

    /** Set when the agent refused the connection: later messages on it are ignored. */
    boolean failed;

    /** min(receive − send) over this client's messages: its clock offset plus least latency. */
    long clockOffsetNanos = Long.MAX_VALUE;

    int protocolErrors;

    Session(Channel channel, long id) {
      this.channel = channel;
      this.id = id;
    }

    String describe() {
      return LogText.quote(clientId) + " (session " + id + ", " + channel.remoteAddress() + ")";
    }
  }

  /** Failed hellos of one remote address in the current minute. */
  private static final class FailedHellos {
    long windowStartNanos;
    int count;
  }

  private final RobotProfile profile;
  private final byte[] authToken;
  private final ConnectionLimits limits;
  private final Consumer<Throwable> fatalErrorHandler;
  private final long controlStallNanos;
  private boolean stallReported;
  private long lastControlCheckNanos = System.nanoTime();
  private final Map<InetAddress, FailedHellos> failedHellos =
      new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<InetAddress, FailedHellos> eldest) {
          return size() > MAX_TRACKED_ADDRESSES;
        }
      };
  private final ControlLoop control;
  private final AgentTelemetry telemetry;
  private final SafetyFilter filter;
  private final List<Session> sessions = new ArrayList<>();
  private final double[] previousTarget = new double[SafetyFilter.TARGET_SIZE];
  private final double[] requested = new double[SafetyFilter.TARGET_SIZE];
  private final double[] applied = new double[SafetyFilter.TARGET_SIZE];
  private final Welcome.Builder welcomeTemplate;
  private long nextSessionId = 1;
  private Session controller;
  private boolean ioArmed;
  private long rearmEpoch = -1;

  /** The re-arm whose starting pose {@link #previousTarget} holds; -1 for none. */
  private long syncedArmEpoch = -1;

  private long lastAcceptedSequence;
  private long stateSequence;

  AgentSessions(AgentOptions options, ControlLoop control, AgentTelemetry telemetry) {
    this.profile = options.profile();
    this.authToken = options.authToken().getBytes(StandardCharsets.UTF_8);
    this.limits = options.connectionLimits();
    this.fatalErrorHandler = options.fatalErrorHandler();
    // A control thread silent this long is stalled (blocked in a driver, say): fail closed. The
    // bound is generous: a thread starved by a loaded machine for a second is not a stall.
    this.controlStallNanos =
        Math.max(CONTROL_STALL_MIN_NANOS, 20 * options.profile().watchdogTimeout().toNanos());
    this.control = control;
    this.telemetry = telemetry;
    this.filter = new SafetyFilter(profile);
    this.welcomeTemplate =
        Welcome.newBuilder()
            .setProtocolVersion(Protocol.VERSION)
            .setRobotId(profile.robotId())
            .addCapabilities(Protocol.CAPABILITY_EE_DELTA)
            .addCapabilities(Protocol.CAPABILITY_EE_TARGET)
            .addCapabilities(Protocol.CAPABILITY_HEARTBEAT)
            .setLimits(Protocol.limitsOf(profile));
  }

  /**
   * A new connection: its session, or null when the agent has as many connections (or unwelcomed
   * ones) as it accepts; the caller then refuses and closes it.
   */
  Session open(Channel channel) {
    int pending = 0;
    for (Session session : sessions) {
      if (!session.welcomed) {
        pending++;
      }
    }
    if (sessions.size() >= limits.maxConnections() || pending >= limits.maxPendingHellos()) {
      telemetry.countRejected();
      LOG.debug(
          "refusing connection from {}: {} open, {} without hello",
          channel.remoteAddress(),
          sessions.size(),
          pending);
      return null;
    }
    Session session = new Session(channel, nextSessionId++);
    sessions.add(session);
    return session;
  }

  /** The reject sent to a connection {@link #open} refused. */
  Envelope tooManyConnections() {
    return reject(
        RejectReason.REJECT_REASON_TOO_MANY_CONNECTIONS,
        "the agent has "
            + sessions.size()
            + " connections open and accepts at most "
            + limits.maxConnections()
            + " ("
            + limits.maxPendingHellos()
            + " before their hello); try again later",
        0);
  }

  /** The hello deadline passed: closes the session unless it was welcomed. */
  void helloDeadline(Session session) {
    if (!session.welcomed && session.channel.isActive()) {
      fail(
          session,
          RejectReason.REJECT_REASON_HELLO_TIMEOUT,
          "no hello within " + limits.helloTimeout().toMillis() + " ms of connecting");
    }
  }

  void closed(Session session) {
    sessions.remove(session);
    if (session == controller) {
      controller = null;
      LOG.warn("controller {} disconnected, stopping the arm", session.describe());
      stopFromIo(
          StopCause.STOP_CAUSE_CONTROLLER_DISCONNECTED,
          "controller " + session.describe() + " disconnected");
    } else if (session.welcomed) {
      LOG.info("client {} disconnected", session.describe());
    }
  }

  /** Closes a connection after telling the client why, and logs the reason. */
  void fail(Session session, RejectReason reason, String message) {
    if (session.failed) {
      return;
    }
    session.failed = true;
    LOG.warn("closing connection {}: {}", session.describe(), message);
    telemetry.countRejected();
    if (session.channel.isActive() && session.channel.isWritable()) {
      session
          .channel
          .writeAndFlush(reject(reason, message, 0))
          .addListener(ChannelFutureListener.CLOSE);
    } else {
      session.channel.close(); // a client that does not read gets no last word
    }
  }

  void received(Session session, Envelope envelope, long nowNanos) {
    if (session.failed) {
      return; // closing: what it sent after the refusal is not read
    }
    if (nowNanos - session.windowStartNanos > 1_000_000_000L) {
      session.windowStartNanos = nowNanos;
      session.messagesInWindow = 0;
    }
    int limit =
        session == controller ? MAX_CONTROLLER_MESSAGES_PER_SECOND : MAX_OTHER_MESSAGES_PER_SECOND;
    if (++session.messagesInWindow > limit) {
      fail(
          session,
          RejectReason.REJECT_REASON_FLOOD,
          "more than "
              + limit
              + " messages within a second from a "
              + (session == controller ? "controlling" : "watching")
              + " client");
      return;
    }
    if (!session.welcomed) {
      if (envelope.getBodyCase() == Envelope.BodyCase.HELLO) {
        hello(session, envelope.getHello(), nowNanos);
      } else {
        fail(
            session,
            RejectReason.REJECT_REASON_HELLO_REQUIRED,
            "first message was " + envelope.getBodyCase() + ", expected HELLO");
      }
      return;
    }
    switch (envelope.getBodyCase()) {
      case COMMAND -> command(session, envelope.getCommand(), nowNanos);
      case HEARTBEAT -> {
        noteClock(session, envelope.getHeartbeat().getSendTimeNanos(), nowNanos);
        long progress = envelope.getHeartbeat().getProgress();
        // The deadman follows the controller's planning loop: only a heartbeat that reports new
        // progress feeds it, so a planner that hangs holds the arm though its socket lives on.
        if (progress > session.lastProgress) {
          session.lastProgress = progress;
          if (session == controller) {
            control.feedWatchdog(nowNanos);
          }
        }
      }
      case STOP -> {
        String reason = LogText.quote(envelope.getStop().getReason());
        LOG.warn("stop requested by {}: {}", session.describe(), reason);
        stopFromIo(
            StopCause.STOP_CAUSE_CLIENT_STOP,
            "stop requested by " + LogText.quote(session.clientId) + ": " + reason);
      }
      case REARM ->
          rearm(
              session,
              StopCause.forNumber(envelope.getRearm().getAcknowledgedStopCauseValue()),
              nowNanos);
      case HELLO ->
          protocolError(
              session, RejectReason.REJECT_REASON_DUPLICATE_HELLO, "hello already received");
      default ->
          protocolError(
              session,
              RejectReason.REJECT_REASON_WRONG_MESSAGE_TYPE,
              "message type "
                  + envelope.getBodyCase()
                  + " is not accepted by the agent, expected COMMAND, HEARTBEAT, STOP or REARM");
    }
  }

  private void hello(Session session, Hello hello, long nowNanos) {
    String clientId = hello.getClientId();
    session.clientId =
        clientId.isEmpty()
            ? "anonymous"
            : clientId.substring(0, Math.min(clientId.length(), MAX_CLIENT_ID_CHARS));
    InetAddress address = remoteAddress(session.channel);
    if (address != null && loginBlocked(address, nowNanos)) {
      fail(
          session,
          RejectReason.REJECT_REASON_LOGIN_RATE,
          "too many failed hellos from "
              + address.getHostAddress()
              + " (more than "
              + limits.maxFailedHellosPerMinute()
              + " in a minute); try again in a minute");
      return;
    }
    if (clientId.length() > MAX_CLIENT_ID_CHARS) {
      fail(
          session,
          RejectReason.REJECT_REASON_MALFORMED,
          "hello client_id is "
              + clientId.length()
              + " characters long, expected at most "
              + MAX_CLIENT_ID_CHARS);
      return;
    }
    if (hello.getProtocolVersion() != Protocol.VERSION) {
      fail(
          session,
          RejectReason.REJECT_REASON_PROTOCOL_VERSION,
          "hello protocol_version "
              + hello.getProtocolVersion()
              + " is not supported, expected "
              + Protocol.VERSION);
      return;
    }
    byte[] token = hello.getAuthToken().getBytes(StandardCharsets.UTF_8);
    // Without a token of its own the agent listens on loopback only (RobotAgent.start); with one,
    // only the same non-empty token is accepted.
    if (authToken.length > 0 && (token.length == 0 || !MessageDigest.isEqual(token, authToken))) {
      if (address != null) {
        countFailedHello(address, nowNanos);
      }
      fail(
          session,
          RejectReason.REJECT_REASON_AUTH_FAILED,
          "hello auth_token does not match the agent's token");
      return;
    }
    session.welcomed = true;
    noteClock(session, hello.getSendTimeNanos(), nowNanos);
    Welcome.Builder welcome = welcomeTemplate.clone().setSessionId(session.id);
    if (hello.getRequestControl() && controller == null) {
      controller = session;
      session.controller = true;
      welcome.setHasControl(true);
      LOG.info("client {} holds control", session.describe());
    } else {
      welcome.setHasControl(false);
      if (controller != null) {
        welcome.setControllerId(controller.clientId);
      }
      LOG.info(
          "client {} watches{}",
          session.describe(),
          hello.getRequestControl() ? " (control is held by " + controller.describe() + ")" : "");
    }
    session.channel.writeAndFlush(Envelope.newBuilder().setWelcome(welcome).build());
  }

  private void command(Session session, Command command, long nowNanos) {
    telemetry.countReceived();
    if (session != controller) {
      rejectKeepOpen(
          session,
          RejectReason.REJECT_REASON_NOT_CONTROLLER,
          "command " + command.getSequence() + " refused: this client does not hold control",
          command.getSequence());
      return;
    }
    long sendNanos = command.getSendTimeNanos();
    long validity = command.getValidUntilNanos() - sendNanos;
    if (sendNanos == 0 || !(validity > 0 && validity <= MAX_COMMAND_VALIDITY_NANOS)) {
      // Without a send time and a bounded validity a command could never be found stale.
      rejectKeepOpen(
          session,
          RejectReason.REJECT_REASON_INVALID_COMMAND,
          "command "
              + command.getSequence()
              + ": send_time_nanos "
              + sendNanos
              + ", valid_until_nanos "
              + command.getValidUntilNanos()
              + ", expected a non-zero send time and a validity in (0, "
              + MAX_COMMAND_VALIDITY_NANOS / 1_000_000
              + "] ms after it",
          command.getSequence());
      return;
    }
    noteClock(session, sendNanos, nowNanos);
    telemetry.commandLatency().record(nowNanos - sendNanos);
    if (command.getSequence() <= session.lastSequence) {
      telemetry.countOutOfOrder();
      return;
    }
    session.lastSequence = command.getSequence();
    // The deadline is on the client's clock; map it with the offset estimate.
    if (nowNanos > saturatedAdd(command.getValidUntilNanos(), session.clockOffsetNanos)) {
      telemetry.countStale();
      return;
    }
    if (!ioArmed) {
      rejectKeepOpen(
          session,
          RejectReason.REJECT_REASON_NOT_ARMED,
          "command "
              + command.getSequence()
              + " refused: the arm is stopped ("
              + control.stopCause()
              + "), send Rearm first",
          command.getSequence());
      return;
    }
    ControlLoop.Snapshot snapshot = control.latestSnapshot();
    if (syncedArmEpoch != rearmEpoch) {
      // The first command after a re-arm starts from where the control loop armed: the measured
      // pose then, never the target held before the stop.
      if (!snapshot.armed || snapshot.armedAtStopCount != rearmEpoch) {
        rejectKeepOpen(
            session,
            RejectReason.REJECT_REASON_NOT_ARMED,
            "command " + command.getSequence() + " refused: the re-arm is still pending",
            command.getSequence());
        return;
      }
      System.arraycopy(snapshot.armStart, 0, previousTarget, 0, previousTarget.length);
      syncedArmEpoch = rearmEpoch;
    }
    String invalid = requestedTarget(command);
    if (invalid != null) {
      rejectKeepOpen(
          session,
          RejectReason.REJECT_REASON_INVALID_COMMAND,
          "command " + command.getSequence() + ": " + invalid,
          command.getSequence());
      return;
    }
    int flags = filter.apply(requested, previousTarget, snapshot.setpoint, applied);
    System.arraycopy(applied, 0, previousTarget, 0, applied.length);
    ControlLoop.TargetSlot slot = control.targetSlot();
    System.arraycopy(applied, 0, slot.target, 0, applied.length);
    slot.sequence = command.getSequence();
    slot.receivedNanos = nowNanos;
    slot.epoch = rearmEpoch;
    control.publishTarget();
    control.feedWatchdog(nowNanos);
    lastAcceptedSequence = command.getSequence();
    telemetry.countAccepted();
    if (flags != 0) {
      telemetry.countClamped();
    }
    // A client that does not read gets no more reports: the outbound buffer stays bounded.
    if (flags != 0 && session.channel.isWritable()) {
      session.channel.writeAndFlush(
          Envelope.newBuilder()
              .setClampReport(
                  ClampReport.newBuilder()
                      .setSequence(command.getSequence())
                      .setFlags(flags)
                      .setRequestedTargetInBase(Protocol.toWire(requested))
                      .setAppliedTargetInBase(Protocol.toWire(applied))
                      .setRequestedGripper(requested[6])
                      .setAppliedGripper(applied[6]))
              .build(),
          session.channel.voidPromise());
    }
  }

  /** Fills {@link #requested}; returns why the command is invalid, or null. */
  private String requestedTarget(Command command) {
    switch (command.getMode()) {
      case COMMAND_MODE_EE_DELTA -> {
        if (!command.hasEeDelta()) {
          return "mode EE_DELTA needs ee_delta";
        }
        EeDelta delta = command.getEeDelta();
        requested[0] = previousTarget[0] + delta.getDx();
        requested[1] = previousTarget[1] + delta.getDy();
        requested[2] = previousTarget[2] + delta.getDz();
        requested[3] = previousTarget[3] + delta.getDRoll();
        requested[4] = previousTarget[4] + delta.getDPitch();
        requested[5] = previousTarget[5] + delta.getDYaw();
      }
      case COMMAND_MODE_EE_TARGET -> {
        if (!command.hasEeTargetInBase()) {
          return "mode EE_TARGET needs ee_target_in_base";
        }
        Pose3d pose = command.getEeTargetInBase();
        requested[0] = pose.getX();
        requested[1] = pose.getY();
        requested[2] = pose.getZ();
        requested[3] = pose.getRoll();
        requested[4] = pose.getPitch();
        requested[5] = pose.getYaw();
      }
      case COMMAND_MODE_HOLD_POSITION -> System.arraycopy(previousTarget, 0, requested, 0, 6);
      default -> {
        return "mode "
            + command.getMode()
            + " is not supported, expected EE_DELTA, EE_TARGET or HOLD_POSITION";
      }
    }
    requested[6] = command.getGripper();
    for (int i = 0; i < SafetyFilter.TARGET_SIZE; i++) {
      if (!Double.isFinite(requested[i])) {
        return "value "
            + i
            + " of the requested target is "
            + requested[i]
            + ", expected a finite number";
      }
    }
    return null;
  }

  private void rearm(Session session, StopCause acknowledged, long nowNanos) {
    if (session != controller) {
      rejectKeepOpen(
          session,
          RejectReason.REJECT_REASON_NOT_CONTROLLER,
          "rearm refused: this client does not hold control",
          0);
      return;
    }
    if (ioArmed && control.isArmed()) {
      return; // already armed
    }
    // Read the count before the cause: a stop in between makes the request stale (ignored by the
    // control loop), never lets an acknowledgement of an older cause clear a newer stop.
    long expected = control.stopCount();
    StopCause cause = control.stopCause();
    if (ControlLoop.latches(cause) && acknowledged != cause) {
      rejectKeepOpen(
          session,
          RejectReason.REJECT_REASON_STOP_LATCHED,
          "rearm refused: the arm stopped for "
              + cause
              + " ("
              + control.stopDetail()
              + "), which latches; check the arm, then send Rearm with acknowledged_stop_cause "
              + cause,
          0);
      return;
    }
    rearmEpoch = expected;
    ioArmed = true;
    control.feedWatchdog(nowNanos);
    control.requestRearm(expected, acknowledged);
    LOG.info(
        "re-arm requested by {}{}",
        session.describe(),
        ControlLoop.latches(cause) ? " acknowledging " + cause : "");
  }

  /** An operator stop from the process hosting the agent. */
  void localStop(String reason) {
    LOG.warn("stop requested by the hosting process: {}", LogText.quote(reason));
    stopFromIo(
        StopCause.STOP_CAUSE_CLIENT_STOP,
        "stop requested by the hosting process: " + LogText.quote(reason));
  }

  private void stopFromIo(StopCause cause, String detail) {
    ioArmed = false;
    control.requestStop(cause, detail);
  }

  /** The control loop stopped the arm; runs on the I/O thread. */
  void stopped(StopCause cause, long stopCount, long timeNanos, String detail) {
    if (stopCount > rearmEpoch) {
      ioArmed = false;
    }
    broadcast(
        Envelope.newBuilder()
            .setFault(
                Fault.newBuilder()
                    .setCode(faultCode(cause))
                    .setMessage(
                        "arm stopped: "
                            + cause
                            + " ("
                            + detail
                            + "); holding, re-arm required"
                            + (ControlLoop.latches(cause) ? " naming " + cause : ""))
                    .setTimeNanos(timeNanos)
                    .setStopCause(Protocol.toWire(cause))
                    .setStopCount(stopCount))
            .build());
  }

  /** The control loop refused a re-arm; runs on the I/O thread. */
  void armRefused(long stopCount, String detail) {
    if (stopCount == rearmEpoch) {
      ioArmed = false;
    }
    broadcast(
        Envelope.newBuilder()
            .setFault(
                Fault.newBuilder()
                    .setCode(FaultCode.FAULT_CODE_REARM_REFUSED)
                    .setMessage("re-arm refused, the arm stays stopped: " + detail)
                    .setTimeNanos(System.nanoTime())
                    .setStopCause(dev.foresight.bridge.v1.StopCause.STOP_CAUSE_NONE)
                    .setStopCount(stopCount))
            .build());
  }

  private void broadcast(Envelope envelope) {
    for (Session session : sessions) {
      if (session.welcomed && session.channel.isActive()) {
        session.channel.writeAndFlush(envelope, session.channel.voidPromise());
      }
    }
  }

  /**
   * Fails closed when the control thread stopped publishing while it should run: a thread blocked
   * (in a driver, say) cannot hold the arm, so the process must end. Runs on the I/O thread.
   */
  void checkControlThread(long nowNanos) {
    long sinceLastCheck = nowNanos - lastControlCheckNanos;
    lastControlCheckNanos = nowNanos;
    if (sinceLastCheck > controlStallNanos / 2) {
      return; // this thread was held up too (a long pause of the whole process): judge next time
    }
    ControlLoop.Snapshot snapshot = control.latestSnapshot();
    if (!stallReported && control.isAlive() && nowNanos - snapshot.timeNanos > controlStallNanos) {
      stallReported = true;
      IllegalStateException stall =
          new IllegalStateException(
              "the agent's control thread published nothing for "
                  + (nowNanos - snapshot.timeNanos) / 1_000_000
                  + " ms, expected a tick every "
                  + control.periodNanos() / 1000
                  + " us");
      LOG.error("{}; ending the agent", stall.getMessage());
      fatalErrorHandler.accept(stall);
    }
  }

  /** Sends the current state to every welcomed client that can take it. */
  void broadcastState() {
    if (sessions.isEmpty()) {
      return;
    }
    ControlLoop.Snapshot snapshot = control.latestSnapshot();
    State.Builder state =
        State.newBuilder()
            .setSequence(++stateSequence)
            .setTimeNanos(snapshot.timeNanos)
            .setEePoseInBase(Protocol.toWire(snapshot.measured))
            .setGripper(snapshot.measured[6])
            .setMode(snapshot.armed ? AgentMode.AGENT_MODE_ARMED : AgentMode.AGENT_MODE_STOPPED)
            .setStopCause(
                Protocol.toWire(snapshot.armed ? StopCause.STOP_CAUSE_NONE : snapshot.stopCause))
            .setStopCount(snapshot.stopCount)
            .setStopDetail(snapshot.armed ? "" : snapshot.stopDetail)
            .setSetpointInBase(Protocol.toWire(snapshot.setpoint))
            .setLastCommandSequence(lastAcceptedSequence)
            .setCounters(
                Counters.newBuilder()
                    .setCommandsAccepted(telemetry.commandsAccepted())
                    .setDroppedStale(telemetry.droppedStale())
                    .setDroppedOutOfOrder(telemetry.droppedOutOfOrder())
                    .setRejected(telemetry.rejected())
                    .setClamped(telemetry.clamped())
                    .setWatchdogTrips(telemetry.watchdogTrips())
                    .setControlOverruns(telemetry.controlOverruns()));
    for (int i = 0; i < snapshot.jointPositionsRad.length; i++) {
      state.addJointPositionsRad(snapshot.jointPositionsRad[i]);
      state.addJointVelocitiesRadPerS(snapshot.jointVelocitiesRadPerS[i]);
    }
    if (!snapshot.armed) {
      state.addActiveFaults(
          Fault.newBuilder()
              .setCode(faultCode(snapshot.stopCause))
              .setMessage("stopped: " + snapshot.stopCause + " (" + snapshot.stopDetail + ")")
              .setStopCause(Protocol.toWire(snapshot.stopCause))
              .setStopCount(snapshot.stopCount));
    }
    Envelope envelope = Envelope.newBuilder().setState(state).build();
    for (Session session : sessions) {
      // A client that does not read is skipped rather than buffered without bound.
      if (session.welcomed && session.channel.isActive() && session.channel.isWritable()) {
        session.channel.writeAndFlush(envelope, session.channel.voidPromise());
      }
    }
  }

  /** A message the protocol does not allow here: logged (first ten per connection) and rejected. */
  private void protocolError(Session session, RejectReason reason, String message) {
    if (++session.protocolErrors <= 10) {
      LOG.warn("rejecting a message from {}: {}", session.describe(), message);
    }
    rejectKeepOpen(session, reason, message, 0);
  }

  private void rejectKeepOpen(Session session, RejectReason reason, String message, long sequence) {
    telemetry.countRejected();
    LOG.debug("rejecting from {}: {}", session.describe(), message);
    if (session.channel.isActive() && session.channel.isWritable()) {
      session.channel.writeAndFlush(
          reject(reason, message, sequence), session.channel.voidPromise());
    }
  }

  private static Envelope reject(RejectReason reason, String message, long sequence) {
    return Envelope.newBuilder()
        .setReject(Reject.newBuilder().setReason(reason).setMessage(message).setSequence(sequence))
        .build();
  }

  private static InetAddress remoteAddress(Channel channel) {
    SocketAddress address = channel.remoteAddress();
    return address instanceof InetSocketAddress inet ? inet.getAddress() : null;
  }

  /** Whether this address made too many failed hellos in the last minute. */
  private boolean loginBlocked(InetAddress address, long nowNanos) {
    FailedHellos failed = failedHellos.get(address);
    if (failed == null) {
      return false;
    }
    if (nowNanos - failed.windowStartNanos > MINUTE_NANOS) {
      failedHellos.remove(address);
      return false;
    }
    return failed.count >= limits.maxFailedHellosPerMinute();
  }

  private void countFailedHello(InetAddress address, long nowNanos) {
    FailedHellos failed = failedHellos.computeIfAbsent(address, a -> new FailedHellos());
    if (failed.count == 0 || nowNanos - failed.windowStartNanos > MINUTE_NANOS) {
      failed.windowStartNanos = nowNanos;
      failed.count = 0;
    }
    failed.count++;
  }

  private static void noteClock(Session session, long sendNanos, long nowNanos) {
    if (sendNanos != 0) {
      session.clockOffsetNanos = Math.min(session.clockOffsetNanos, nowNanos - sendNanos);
    }
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return sum;
  }

  static FaultCode faultCode(StopCause cause) {
    return switch (cause) {
      case STOP_CAUSE_WATCHDOG -> FaultCode.FAULT_CODE_WATCHDOG;
      case STOP_CAUSE_CONTROLLER_DISCONNECTED -> FaultCode.FAULT_CODE_CONTROLLER_DISCONNECTED;
      case STOP_CAUSE_CLIENT_STOP -> FaultCode.FAULT_CODE_CLIENT_STOP;
      case STOP_CAUSE_DRIVER_FAULT -> FaultCode.FAULT_CODE_DRIVER;
      case STOP_CAUSE_SHUTDOWN -> FaultCode.FAULT_CODE_SHUTDOWN;
      case STOP_CAUSE_STATE_STALE -> FaultCode.FAULT_CODE_STATE_STALE;
      case STOP_CAUSE_LIMIT_VIOLATION -> FaultCode.FAULT_CODE_LIMIT_VIOLATION;
      case STOP_CAUSE_INTERNAL_FAULT -> FaultCode.FAULT_CODE_INTERNAL;
      default -> FaultCode.FAULT_CODE_UNSPECIFIED;
    };
  }

  /** The session holding control, or null. */
  Session controller() {
    return controller;
  }

  RobotProfile profile() {
    return profile;
  }
}
