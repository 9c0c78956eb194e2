package dev.foresight.bridge;

import dev.foresight.core.Pose;

/**
 * One interpolated setpoint the control loop hands to an {@link ArmDriver}: where the end effector
 * should be at this control tick. The control loop reuses one instance: a driver must copy what it
 * keeps before {@link ArmDriver#command} returns.
 */
public final class Setpoint {
  private long tickIndex;
  private long timeNanos;
  private double x;
  private double y;
  private double z;
  private double roll;
  private double pitch;
  private double yaw;
  private double gripper;
  private double linearSpeedMps;
  private final double[] target = new double[SafetyFilter.TARGET_SIZE];
  private long targetSequence;

  /** Control tick counter since the loop started, one per control period (skips on overruns). */
  public long tickIndex() {
    return tickIndex;
  }

  /** Monotonic time of the tick, ns ({@link System#nanoTime()} clock). */
  public long timeNanos() {
    return timeNanos;
  }

  /** End-effector position x in the base frame, m. */
  public double x() {
    return x;
  }

  /** End-effector position y in the base frame, m. */
  public double y() {
    return y;
  }

  /** End-effector position z in the base frame, m. */
  public double z() {
    return z;
  }

  /** End-effector roll in the base frame, rad. */
  public double roll() {
    return roll;
  }

  /** End-effector pitch in the base frame, rad. */
  public double pitch() {
    return pitch;
  }

  /** End-effector yaw in the base frame, rad. */
  public double yaw() {
    return yaw;
  }

  /** Gripper setpoint, 0 = open … 1 = closed. */
  public double gripper() {
    return gripper;
  }

  /** Cartesian speed of the end effector from the previous setpoint to this one, m/s. */
  public double linearSpeedMps() {
    return linearSpeedMps;
  }

  /**
   * The filtered target the loop is interpolating towards: x, y, z (m), roll, pitch, yaw (rad),
   * gripper — where the arm will be when the interpolation ends. For drivers of arms (or
   * simulators) that do their own trajectory generation and want the end point, not the path.
   *
   * @param out 7 doubles. Modified.
   */
  public void copyTarget(double[] out) {
    System.arraycopy(target, 0, out, 0, target.length);
  }

  /**
   * Sequence number of the command that set {@link #copyTarget the target}, 0 before the first
   * command after arming.
   */
  public long targetSequence() {
    return targetSequence;
  }

  void setTarget(long sequence, double[] filteredTarget) {
    targetSequence = sequence;
    System.arraycopy(filteredTarget, 0, target, 0, target.length);
  }

  /** The pose as an immutable value (allocates). */
  public Pose eePoseInBase() {
    return new Pose(x, y, z, roll, pitch, yaw);
  }

  void set(
      long tickIndex,
      long timeNanos,
      double x,
      double y,
      double z,
      double roll,
      double pitch,
      double yaw,
      double gripper,
      double linearSpeedMps) {
    this.tickIndex = tickIndex;
    this.timeNanos = timeNanos;
    this.x = x;
    this.y = y;
    this.z = z;
    this.roll = roll;
    this.pitch = pitch;
    this.yaw = yaw;
    this.gripper = gripper;
    this.linearSpeedMps = linearSpeedMps;
  }
}
