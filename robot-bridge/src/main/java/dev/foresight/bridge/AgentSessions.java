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
import dev.foresight.bridge.v1.StopCause;
import dev.foresight.bridge.v1.Welcome;
import dev.foresight.config.RobotProfile;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's protocol logic: hello and token check, who holds control, command checks (order,
 * staleness, arming), the safety filter, and fan-out of state and faults. Confined to one thread
 * (the agent's I/O event loop); nothing here blocks.
 */
final class AgentSessions {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);

  /** One connection. */
  static final class Session {
    final Channel channel;
    final long id;
    String clientId = "?";
    boolean welcomed;
    boolean controller;
    long lastSequence;

    /** min(receive − send) over this client's messages: its clock offset plus least latency. */
    long clockOffsetNanos = Long.MAX_VALUE;

    int protocolErrors;

    Session(Channel channel, long id) {
      this.channel = channel;
      this.id = id;
    }

    String describe() {
      return "'" + clientId + "' (session " + id + ", " + channel.remoteAddress() + ")";
    }
  }

  private final RobotProfile profile;
  private final byte[] authToken;
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
  private long lastAcceptedSequence;
  private long stateSequence;

  AgentSessions(
      RobotProfile profile, String authToken, ControlLoop control, AgentTelemetry telemetry) {
    this.profile = profile;
    this.authToken = authToken.getBytes(StandardCharsets.UTF_8);
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

  Session open(Channel channel) {
    Session session = new Session(channel, nextSessionId++);
    sessions.add(session);
    return session;
  }

  void closed(Session session) {
    sessions.remove(session);
    if (session == controller) {
      controller = null;
      LOG.warn("controller {} disconnected, stopping the arm", session.describe());
      stopFromIo(StopCause.STOP_CAUSE_CONTROLLER_DISCONNECTED);
    } else if (session.welcomed) {
      LOG.info("client {} disconnected", session.describe());
    }
  }

  /** Closes a connection after telling the client why, and logs the reason. */
  void fail(Session session, RejectReason reason, String message) {
    LOG.warn("closing connection {}: {}", session.describe(), message);
    telemetry.countRejected();
    if (session.channel.isActive()) {
      session
          .channel
          .writeAndFlush(reject(reason, message, 0))
          .addListener(ChannelFutureListener.CLOSE);
    }
  }

  void received(Session session, Envelope envelope, long nowNanos) {
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
        if (session == controller) {
          control.feedWatchdog(nowNanos);
        }
      }
      case STOP -> {
        LOG.warn("stop requested by {}: {}", session.describe(), envelope.getStop().getReason());
        stopFromIo(StopCause.STOP_CAUSE_CLIENT_STOP);
      }
      case REARM -> rearm(session, nowNanos);
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
    session.clientId = hello.getClientId().isEmpty() ? "anonymous" : hello.getClientId();
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
    if (!MessageDigest.isEqual(token, authToken)) {
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
    noteClock(session, command.getSendTimeNanos(), nowNanos);
    telemetry.commandLatency().record(nowNanos - command.getSendTimeNanos());
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
    String invalid = requestedTarget(command);
    if (invalid != null) {
      rejectKeepOpen(
          session,
          RejectReason.REJECT_REASON_INVALID_COMMAND,
          "command " + command.getSequence() + ": " + invalid,
          command.getSequence());
      return;
    }
    ControlLoop.Snapshot snapshot = control.latestSnapshot();
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

  private void rearm(Session session, long nowNanos) {
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
    long expected = control.stopCount();
    ControlLoop.Snapshot snapshot = control.latestSnapshot();
    // While stopped the setpoint stands still: the new target starts exactly there.
    System.arraycopy(snapshot.setpoint, 0, previousTarget, 0, previousTarget.length);
    ControlLoop.TargetSlot slot = control.targetSlot();
    System.arraycopy(previousTarget, 0, slot.target, 0, previousTarget.length);
    slot.sequence = session.lastSequence;
    slot.receivedNanos = nowNanos;
    slot.epoch = expected;
    control.publishTarget();
    rearmEpoch = expected;
    ioArmed = true;
    control.feedWatchdog(nowNanos);
    control.requestRearm(expected);
    LOG.info("re-arm requested by {}", session.describe());
  }

  private void stopFromIo(StopCause cause) {
    ioArmed = false;
    control.requestStop(cause);
  }

  /** The control loop stopped the arm; runs on the I/O thread. */
  void stopped(StopCause cause, long stopCount, long timeNanos) {
    if (stopCount > rearmEpoch) {
      ioArmed = false;
    }
    Envelope fault =
        Envelope.newBuilder()
            .setFault(
                Fault.newBuilder()
                    .setCode(faultCode(cause))
                    .setMessage("arm stopped: " + cause + "; holding, re-arm required")
                    .setTimeNanos(timeNanos))
            .build();
    for (Session session : sessions) {
      if (session.welcomed && session.channel.isActive()) {
        session.channel.writeAndFlush(fault, session.channel.voidPromise());
      }
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
            .setStopCause(snapshot.armed ? StopCause.STOP_CAUSE_NONE : snapshot.stopCause)
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
              .setMessage("stopped: " + snapshot.stopCause));
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
