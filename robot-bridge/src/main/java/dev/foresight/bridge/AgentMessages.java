package dev.foresight.bridge;

import dev.foresight.bridge.v1.AgentMode;
import dev.foresight.bridge.v1.Counters;
import dev.foresight.bridge.v1.Envelope;
import dev.foresight.bridge.v1.Fault;
import dev.foresight.bridge.v1.FaultCode;
import dev.foresight.bridge.v1.Reject;
import dev.foresight.bridge.v1.RejectReason;
import dev.foresight.bridge.v1.State;
import dev.foresight.bridge.v1.Welcome;
import dev.foresight.config.RobotProfile;

/** The messages the agent sends: welcome, state, faults and rejects, built from its values. */
final class AgentMessages {
  private AgentMessages() {}

  /** The welcome every accepted client gets, less its session id and control. */
  static Welcome.Builder welcomeTemplate(RobotProfile profile) {
    return Welcome.newBuilder()
        .setProtocolVersion(Protocol.VERSION)
        .setRobotId(profile.robotId())
        .addCapabilities(Protocol.CAPABILITY_EE_DELTA)
        .addCapabilities(Protocol.CAPABILITY_EE_TARGET)
        .addCapabilities(Protocol.CAPABILITY_HEARTBEAT)
        .setLimits(Protocol.limitsOf(profile));
  }

  /**
   * The state a control-loop snapshot reports.
   *
   * @param sequence the state's number, one more than the last one sent
   * @param lastAcceptedSequence the highest command sequence accepted from the controller
   */
  static Envelope state(
      ControlMailbox.Snapshot snapshot,
      long sequence,
      long lastAcceptedSequence,
      AgentTelemetry telemetry) {
    State.Builder state =
        State.newBuilder()
            .setSequence(sequence)
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
    return Envelope.newBuilder().setState(state).build();
  }

  /** The fault that reports a stop of the arm. */
  static Envelope stopFault(StopCause cause, long stopCount, long timeNanos, String detail) {
    return Envelope.newBuilder()
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
        .build();
  }

  /** The fault that reports a refused re-arm: the arm stays stopped. */
  static Envelope armRefusedFault(long stopCount, String detail) {
    return Envelope.newBuilder()
        .setFault(
            Fault.newBuilder()
                .setCode(FaultCode.FAULT_CODE_REARM_REFUSED)
                .setMessage("re-arm refused, the arm stays stopped: " + detail)
                .setTimeNanos(System.nanoTime())
                .setStopCause(dev.foresight.bridge.v1.StopCause.STOP_CAUSE_NONE)
                .setStopCount(stopCount))
        .build();
  }

  /** A reject; {@code sequence} is the refused command's, 0 for other messages. */
  static Envelope reject(RejectReason reason, String message, long sequence) {
    return Envelope.newBuilder()
        .setReject(Reject.newBuilder().setReason(reason).setMessage(message).setSequence(sequence))
        .build();
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
}
