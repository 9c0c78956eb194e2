package dev.foresight.bridge;

import dev.foresight.core.ArmState;
import dev.foresight.core.Pose;

/**
 * An ideal arm: its end effector is exactly where the last setpoint put it, and it stands still
 * when held. For running the agent and its benchmarks without hardware.
 */
public final class KinematicArmDriver implements ArmDriver {
  private volatile Pose eePoseInBase;
  private volatile double gripper;
  private volatile boolean holding = true;

  /**
   * @param initialEePoseInBase where the end effector starts
   * @param initialGripper gripper at start, 0 = open … 1 = closed
   */
  public KinematicArmDriver(Pose initialEePoseInBase, double initialGripper) {
    this.eePoseInBase = initialEePoseInBase;
    this.gripper = initialGripper;
  }

  @Override
  public String name() {
    return "kinematic";
  }

  @Override
  public ArmState state() {
    return new ArmState(System.nanoTime(), eePoseInBase, gripper);
  }

  @Override
  public void command(Setpoint setpoint) {
    holding = false;
    eePoseInBase = setpoint.eePoseInBase();
    gripper = setpoint.gripper();
  }

  @Override
  public void hold() {
    holding = true;
  }

  /** Whether the arm is holding (no setpoint since the last hold). */
  public boolean isHolding() {
    return holding;
  }
}
