package dev.foresight.sim;

/**
 * A Cartesian end-effector target in the robot base frame. The simulated gripper points straight
 * down, so only yaw is controllable.
 *
 * @param x metres
 * @param y metres
 * @param z metres, height of the finger centres above the table
 * @param yaw radians about base z
 * @param gripper 0 = open … 1 = closed
 */
public record EeSetpoint(double x, double y, double z, double yaw, double gripper) {
  /** Checks every component is finite and the gripper lies in [0, 1]. */
  public EeSetpoint {
    if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z) && Double.isFinite(yaw))) {
      throw new IllegalArgumentException(
          "setpoint must be finite, got (" + x + ", " + y + ", " + z + ", " + yaw + ")");
    }
    if (!(gripper >= 0 && gripper <= 1)) {
      throw new IllegalArgumentException("setpoint gripper must be in [0, 1], got " + gripper);
    }
  }
}
