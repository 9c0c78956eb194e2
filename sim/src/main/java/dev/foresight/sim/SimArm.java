package dev.foresight.sim;

import dev.foresight.core.ArmState;

/**
 * The simulated arm as a controller sees it: read the state, command a Cartesian setpoint. The
 * bridge's arm-driver SPI wraps this interface.
 */
public interface SimArm {
  /** Current end-effector pose in the base frame and gripper opening command state. */
  ArmState state();

  /**
   * Sets the target the arm moves to (rate-limited) during the following physics steps.
   *
   * @param setpointInBase end-effector target in the base frame and gripper command. Not modified.
   */
  void apply(EeSetpoint setpointInBase);
}
