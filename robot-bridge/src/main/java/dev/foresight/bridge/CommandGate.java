package dev.foresight.bridge;

import dev.foresight.bridge.AgentSessions.Session;
import dev.foresight.bridge.v1.ClampReport;
import dev.foresight.bridge.v1.Command;
import dev.foresight.bridge.v1.EeDelta;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Pose3d;
import dev.foresight.bridge.v1.RejectReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's command path on the I/O thread: command checks (control, send time and validity,
 * order, staleness, arming), the safety filter between the requested and the applied target, and
 * re-arming (a latched stop must be named). Commands are refused from a stop until a re-arm, and
 * the first command after a re-arm starts from the pose the control loop armed at. Confined to the
 * agent's I/O thread; nothing here blocks.
 */
final class CommandGate {
  // Logs under the sessions' name, where operators look for the agent's protocol story.
  private static final Logger LOG = LoggerFactory.getLogger(AgentSessions.class);

  /** Longest validity a command may ask for (valid_until − send_time), ns. */
  static final long MAX_COMMAND_VALIDITY_NANOS = 2_000_000_000L;

  /** Where refusals go: to the client, which stays connected. */
  @FunctionalInterface
  interface Replies {
    void reject(Session session, RejectReason reason, String message, long sequence);
  }

  private final ControlLoop control;
  private final AgentTelemetry telemetry;
  private final SafetyFilter filter;
  private final Replies replies;
  private final double[] previousTarget = new double[SafetyFilter.TARGET_SIZE];
  private final double[] requested = new double[SafetyFilter.TARGET_SIZE];
  private final double[] applied = new double[SafetyFilter.TARGET_SIZE];
  private boolean ioArmed;
  private long rearmEpoch = -1;

  /** The re-arm whose starting pose {@link #previousTarget} holds; -1 for none. */
  private long syncedArmEpoch = -1;

  private long lastAcceptedSequence;

  CommandGate(SafetyFilter filter, ControlLoop control, AgentTelemetry telemetry, Replies replies) {
    this.filter = filter;
    this.control = control;
    this.telemetry = telemetry;
    this.replies = replies;
  }

  /** The highest command sequence accepted from the controller. */
  long lastAcceptedSequence() {
    return lastAcceptedSequence;
  }

  /** The control loop stopped the arm (stop number {@code stopCount}). */
  void stopped(long stopCount) {
    if (stopCount > rearmEpoch) {
      ioArmed = false;
    }
  }

  /** The control loop refused the re-arm for stop number {@code stopCount}. */
  void armRefused(long stopCount) {
    if (stopCount == rearmEpoch) {
      ioArmed = false;
    }
  }

  /**
   * A command from {@code session}; {@code controls} says whether that session holds control.
   * Rejections go back through the replies; accepted targets go to the control loop.
   */
  void command(Session session, boolean controls, Command command, long nowNanos) {
    telemetry.countReceived();
    if (!controls) {
      replies.reject(
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
      replies.reject(
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
    session.noteClock(sendNanos, nowNanos);
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
      replies.reject(
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
    ControlMailbox.Snapshot snapshot = control.latestSnapshot();
    if (syncedArmEpoch != rearmEpoch) {
      // The first command after a re-arm starts from where the control loop armed: the measured
      // pose then, never the target held before the stop.
      if (!snapshot.armed || snapshot.armedAtStopCount != rearmEpoch) {
        replies.reject(
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
      replies.reject(
          session,
          RejectReason.REJECT_REASON_INVALID_COMMAND,
          "command " + command.getSequence() + ": " + invalid,
          command.getSequence());
      return;
    }
    int flags = filter.apply(requested, previousTarget, snapshot.setpoint, applied);
    System.arraycopy(applied, 0, previousTarget, 0, applied.length);
    ControlMailbox.TargetSlot slot = control.targetSlot();
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

  /** A re-arm from {@code session}; {@code controls} says whether that session holds control. */
  void rearm(Session session, boolean controls, StopCause acknowledged, long nowNanos) {
    if (!controls) {
      replies.reject(
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
      replies.reject(
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

  /** Stops the arm from the I/O thread: commands are refused until the next re-arm. */
  void stopFromIo(StopCause cause, String detail) {
    ioArmed = false;
    control.requestStop(cause, detail);
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return sum;
  }
}
