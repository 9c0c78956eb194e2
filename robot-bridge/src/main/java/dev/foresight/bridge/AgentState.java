package dev.foresight.bridge;

import dev.foresight.bridge.v1.Pose3d;
import dev.foresight.bridge.v1.State;
import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;

/**
 * One state report of the agent, as a client received it: the measured arm, whether it follows
 * commands and, when stopped, why. Immutable; values are read from the received message on access.
 */
public final class AgentState {
  private final State state;

  AgentState(State state) {
    this.state = state;
  }

  /** Increases by one with every state the agent sends. */
  public long sequence() {
    return state.getSequence();
  }

  /** The agent's monotonic clock when the state was sampled, ns. */
  public long timeNanos() {
    return state.getTimeNanos();
  }

  /** Whether the arm follows commands. */
  public AgentMode mode() {
    return AgentMode.forNumber(state.getModeValue());
  }

  /** Why the arm is stopped; {@code STOP_CAUSE_NONE} while armed. */
  public StopCause stopCause() {
    return StopCause.forNumber(state.getStopCauseValue());
  }

  /** One line on why the arm stopped; empty while armed. */
  public String stopDetail() {
    return state.getStopDetail();
  }

  /** Stops since the agent started (the state at start does not count). */
  public long stopCount() {
    return state.getStopCount();
  }

  /** Watchdog stops since the agent started. */
  public long watchdogTrips() {
    return state.getCounters().getWatchdogTrips();
  }

  /** Commands the safety filter changed (step, speed, workspace or gripper limit) since start. */
  public long clampedCommands() {
    return state.getCounters().getClamped();
  }

  /** Commands dropped because they arrived after their validity deadline, since start. */
  public long droppedStale() {
    return state.getCounters().getDroppedStale();
  }

  /** The measured gripper, 0 = open ... 1 = closed. */
  public double gripper() {
    return state.getGripper();
  }

  /**
   * The measured end-effector pose in the robot base frame.
   *
   * @throws IllegalArgumentException when a component is not finite
   */
  public Pose eePoseInBase() {
    return pose(state.getEePoseInBase());
  }

  /**
   * The latest setpoint the agent sent to its driver, in the robot base frame.
   *
   * @throws IllegalArgumentException when a component is not finite
   */
  public Pose setpointInBase() {
    return pose(state.getSetpointInBase());
  }

  /** The highest command sequence the agent accepted from the controlling client. */
  public long lastCommandSequence() {
    return state.getLastCommandSequence();
  }

  /** Joint positions, rad, when the driver knows them; empty otherwise. A copy. */
  public double[] jointPositionsRad() {
    return state.getJointPositionsRadList().stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The measured arm: sample time, end-effector pose and gripper.
   *
   * @throws IllegalArgumentException when a pose component or the gripper is not finite
   */
  public ArmState armState() {
    return new ArmState(state.getTimeNanos(), eePoseInBase(), state.getGripper());
  }

  /** The message as received, for protocol tests. */
  State wire() {
    return state;
  }

  @Override
  public String toString() {
    return "AgentState[sequence="
        + sequence()
        + ", mode="
        + mode()
        + ", stopCause="
        + stopCause()
        + ", stopCount="
        + stopCount()
        + "]";
  }

  private static Pose pose(Pose3d p) {
    return new Pose(p.getX(), p.getY(), p.getZ(), p.getRoll(), p.getPitch(), p.getYaw());
  }
}
