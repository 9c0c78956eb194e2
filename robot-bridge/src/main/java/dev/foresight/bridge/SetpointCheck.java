package dev.foresight.bridge;

import dev.foresight.config.RobotProfile;

/**
 * The control loop's last check before the driver: a setpoint is finite, inside the workspace box,
 * at most one tick of the speed and rotation-rate limits from the previous setpoint sent, and its
 * gripper in range. Confined to the control thread; allocates only to describe a violation.
 */
final class SetpointCheck {
  private final RobotProfile profile;
  private final double maxStepPerTickM;
  private final double maxRotationPerTickRad;
  private final Rotations rotations = new Rotations();

  SetpointCheck(RobotProfile profile, double maxStepPerTickM, double maxRotationPerTickRad) {
    this.profile = profile;
    this.maxStepPerTickM = maxStepPerTickM;
    this.maxRotationPerTickRad = maxRotationPerTickRad;
  }

  /**
   * Checks {@code setpoint} against the last one sent.
   *
   * @return null when it may go to the driver, otherwise one line naming what is wrong
   */
  String violation(double[] setpoint, double[] lastCommanded) {
    for (int i = 0; i < setpoint.length; i++) {
      if (!Double.isFinite(setpoint[i])) {
        return "setpoint value " + i + " is " + setpoint[i] + ", expected a finite number";
      }
    }
    var box = profile.workspaceInBase();
    double slack = 1e-9;
    if (setpoint[0] < box.minX() - slack
        || setpoint[0] > box.maxX() + slack
        || setpoint[1] < box.minY() - slack
        || setpoint[1] > box.maxY() + slack
        || setpoint[2] < box.minZ() - slack
        || setpoint[2] > box.maxZ() + slack) {
      return String.format(
          "setpoint (%.4f, %.4f, %.4f) m is outside the workspace box %s",
          setpoint[0], setpoint[1], setpoint[2], box);
    }
    double dx = setpoint[0] - lastCommanded[0];
    double dy = setpoint[1] - lastCommanded[1];
    double dz = setpoint[2] - lastCommanded[2];
    double step = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (step > maxStepPerTickM * (1 + 1e-9) + 1e-12) {
      return String.format(
          "setpoint moved %.6f m in one tick, expected at most %.6f m (the speed limit)",
          step, maxStepPerTickM);
    }
    double turn = rotations.angle(lastCommanded, 3, setpoint, 3);
    if (!(turn <= maxRotationPerTickRad * (1 + 1e-6) + 1e-9)) {
      return String.format(
          "setpoint turned %.6f rad in one tick, expected at most %.6f rad (the rotation-rate"
              + " limit)",
          turn, maxRotationPerTickRad);
    }
    if (setpoint[6] < profile.gripperMin() || setpoint[6] > profile.gripperMax()) {
      return "gripper setpoint "
          + setpoint[6]
          + " is outside ["
          + profile.gripperMin()
          + ", "
          + profile.gripperMax()
          + "]";
    }
    return null;
  }
}
