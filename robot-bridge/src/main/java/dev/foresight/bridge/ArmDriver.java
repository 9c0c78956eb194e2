package dev.foresight.bridge;

import dev.foresight.core.ArmState;

/**
 * The arm-side SPI of the bridge agent: what an arm (simulated, ROS-driven or a vendor protocol)
 * must offer. The agent reads {@link #state()} and calls {@link #hold()} once while it starts; from
 * then on its control loop thread is the only caller of every method, so an implementation needs no
 * locking for calls from the agent.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #state()} returns the measured end-effector pose and gripper, stamped with the
 *       {@link System#nanoTime()} at which it was measured (not when it was asked for: a pose that
 *       arrived 300 ms ago is 300 ms old). The agent arms from it (every re-arm starts at the
 *       measured pose, refusing one outside the workspace), reports it to clients and holds the arm
 *       when it is older than {@code robot.measuredStateMaxAgeMillis}. Called at arming and at the
 *       agent's state rate.
 *   <li>{@link #command(Setpoint)} is called once per control tick while the agent is armed, with
 *       setpoints that already passed the safety filter and the agent's last output check (inside
 *       the workspace, at most one tick's worth of the speed and rotation-rate limits from the
 *       previous setpoint, finite). A driver that turns a setpoint into something else (a velocity
 *       from a measured pose, say) must itself keep what it sends within the robot profile's
 *       limits, whatever the measured state does. It must return quickly (well under a control
 *       period) and must not block.
 *   <li>{@link #hold()} is called when the agent stops (watchdog, disconnect, stop request, fault,
 *       shutdown) and at start: bring the arm to rest at the last setpoint using the arm's own
 *       deceleration and keep it there until the next {@code command}. It must never continue on
 *       the last velocity. Idempotent.
 * </ul>
 *
 * <p>An {@link ArmDriverException} from {@code command} or {@code state} stops the agent with the
 * cause it names (stale state, fault); any other exception stops it with a driver fault. Both latch
 * until a re-arm that names them.
 */
public interface ArmDriver extends AutoCloseable {

  /** Short name for logs, e.g. {@code kinematic}. */
  String name();

  /** The arm's measured state now. */
  ArmState state();

  /**
   * Sends one setpoint to the arm.
   *
   * @param setpoint reused by the caller. Not modified; copy what you keep.
   */
  void command(Setpoint setpoint);

  /** Stops the arm and holds it at rest. */
  void hold();

  /** Number of joints whose state {@link #readJoints} reports; 0 (the default) when unknown. */
  default int jointCount() {
    return 0;
  }

  /**
   * Writes the measured joint state, when {@link #jointCount()} is positive. Called with the
   * measured state at the agent's state rate.
   *
   * @param positionsRad joint positions, rad. Modified.
   * @param velocitiesRadPerS joint velocities, rad/s. Modified.
   */
  default void readJoints(double[] positionsRad, double[] velocitiesRadPerS) {}

  /** Releases the arm's resources; the default does nothing. */
  @Override
  default void close() {}
}
