package dev.foresight.core;

import java.util.SplittableRandom;

/**
 * A seeded random walk of the end effector: smoothly varying velocity (an Ornstein-Uhlenbeck-like
 * process) in x, y, z and yaw, pulled back toward the middle of a box near its faces, with random
 * gripper toggles. It covers the workspace with diverse, continuous motion — play data without
 * teleoperation. The same seed gives the same actions for the same poses, on every JVM.
 */
public final class SmoothRandomWalk {
  private final SplittableRandom random;
  private final double[] centre;
  private final double[] halfRange;
  private final double toggleProbability;
  private final double[] velocity = new double[4];
  private double gripper;

  /**
   * @param centre the box's centre (x, y, z), m
   * @param halfRange the box's half extent per axis, m, each positive
   * @param toggleProbability chance per step that the gripper command flips, in [0, 1]
   */
  public SmoothRandomWalk(
      long seed, double[] centre, double[] halfRange, double toggleProbability) {
    if (centre.length != 3 || halfRange.length != 3) {
      throw new IllegalArgumentException(
          "random walk: centre and half range need 3 values each, got "
              + centre.length
              + " and "
              + halfRange.length);
    }
    for (double half : halfRange) {
      if (!(half > 0) || !Double.isFinite(half)) {
        throw new IllegalArgumentException(
            "random walk: half range " + half + " is out of range, expected a positive length");
      }
    }
    if (!(toggleProbability >= 0 && toggleProbability <= 1)) {
      throw new IllegalArgumentException(
          "random walk: gripper toggle probability "
              + toggleProbability
              + " is out of range, expected [0, 1]");
    }
    this.random = new SplittableRandom(seed);
    this.centre = centre.clone();
    this.halfRange = halfRange.clone();
    this.toggleProbability = toggleProbability;
    gripper = random.nextBoolean() ? 0 : 1;
  }

  /**
   * The next action from the end effector's pose.
   *
   * @param maxStepM the step size the velocity is scaled to, m per step
   * @param maxRotationRad the yaw step size, rad per step
   */
  public Action next(Pose ee, double maxStepM, double maxRotationRad) {
    double[] position = {ee.x(), ee.y(), ee.z()};
    for (int i = 0; i < 3; i++) {
      double gaussian = gaussian();
      velocity[i] = 0.75 * velocity[i] + 0.5 * maxStepM * gaussian;
      double excess = (position[i] - centre[i]) / halfRange[i];
      if (Math.abs(excess) > 1) {
        velocity[i] -= 0.5 * maxStepM * Math.signum(excess);
      }
    }
    velocity[3] = 0.75 * velocity[3] + 0.5 * maxRotationRad * gaussian();
    if (Math.abs(ee.yaw()) > Math.PI / 2) {
      velocity[3] -= 0.3 * maxRotationRad * Math.signum(ee.yaw());
    }
    if (random.nextDouble() < toggleProbability) {
      gripper = 1 - gripper;
    }
    return new Action(velocity[0], velocity[1], velocity[2], 0, 0, velocity[3], gripper);
  }

  private double gaussian() {
    // Box-Muller with StrictMath: identical on every JVM.
    double u = 1 - random.nextDouble();
    double v = random.nextDouble();
    return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * v);
  }
}
