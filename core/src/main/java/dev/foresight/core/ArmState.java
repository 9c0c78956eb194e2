package dev.foresight.core;

/**
 * Proprioceptive state of the arm at one instant.
 *
 * @param timeNanos monotonic time of the reading, nanoseconds
 * @param eePoseInBase end-effector pose in the robot base frame
 * @param gripper gripper opening command state, 0 = open … 1 = closed
 */
public record ArmState(long timeNanos, Pose eePoseInBase, double gripper) {

  /** Checks the pose is present and the gripper value finite. */
  public ArmState {
    if (eePoseInBase == null) {
      throw new IllegalArgumentException("arm state needs an end-effector pose");
    }
    if (!Double.isFinite(gripper)) {
      throw new IllegalArgumentException("arm state gripper must be finite, got " + gripper);
    }
  }
}
