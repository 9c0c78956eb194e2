package dev.foresight.bridge;

import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;

/**
 * The agent's safety filter for one command: turns the target a command asks for into the target
 * the arm may follow, and says what it changed. Pure function of its arguments and the robot
 * profile; allocation-free.
 *
 * <p>Targets are 7 doubles: {@code x, y, z} (m), {@code roll, pitch, yaw} (rad), gripper (0 open …
 * 1 closed), in the robot base frame. Checks, in order:
 *
 * <ol>
 *   <li>step: the translation from the previous target is at most {@code maxStepM}, the rotation at
 *       most {@code maxRotationStepRad} (the true rotation angle between the two orientations, not
 *       a norm of Euler-angle differences; larger ones are scaled down along their direction, and
 *       along the shorter arc for rotations);
 *   <li>workspace: the position is clamped into {@code workspaceInBase};
 *   <li>lead: the target is at most {@code maxStepM} / {@code maxRotationStepRad} ahead of the
 *       current setpoint, so the arm never has more than one step to catch up on;
 *   <li>gripper: clamped into {@code [gripperMin, gripperMax]}.
 * </ol>
 *
 * The Cartesian speed limit is enforced per control tick by the {@link ControlLoop}.
 *
 * <p>One instance per thread (it holds scratch space for the rotation maths).
 */
public final class SafetyFilter {
  /** Translation of one command above {@code maxStepM}. */
  public static final int CLAMP_STEP = 1;

  /** Rotation of one command above {@code maxRotationStepRad}. */
  public static final int CLAMP_ROTATION = 2;

  /** Target outside the workspace box. */
  public static final int CLAMP_WORKSPACE = 4;

  /** Gripper outside its range. */
  public static final int CLAMP_GRIPPER = 8;

  /** Target more than one step ahead of the current setpoint. */
  public static final int CLAMP_LEAD = 16;

  /** Number of values in a target. */
  public static final int TARGET_SIZE = 7;

  private final RobotProfile profile;
  private final Rotations rotations = new Rotations();

  /**
   * @param profile limits to enforce
   */
  public SafetyFilter(RobotProfile profile) {
    this.profile = profile;
  }

  /**
   * Filters one requested target.
   *
   * @param requested the target the command asks for. Not modified.
   * @param previousTarget the target in force before this command. Not modified.
   * @param setpointInBase the control loop's current setpoint (first 6 values used). Not modified.
   * @param applied receives the target to follow. Modified.
   * @return bit set of {@code CLAMP_*} flags, 0 when the command passed unchanged
   */
  public int apply(
      double[] requested, double[] previousTarget, double[] setpointInBase, double[] applied) {
    int flags = 0;
    System.arraycopy(requested, 0, applied, 0, TARGET_SIZE);
    for (int i = 3; i < 6; i++) {
      applied[i] = wrapAngle(applied[i]);
    }
    double maxStep = profile.maxStepM();
    double maxRotation = profile.maxRotationStepRad();

    if (limitTranslation(applied, previousTarget, maxStep)) {
      flags |= CLAMP_STEP;
    }
    if (rotations.limit(applied, 3, previousTarget, 3, maxRotation)) {
      flags |= CLAMP_ROTATION;
    }

    Box box = profile.workspaceInBase();
    for (int axis = 0; axis < 3; axis++) {
      double clamped = box.clamp(axis, applied[axis]);
      if (clamped != applied[axis]) {
        applied[axis] = clamped;
        flags |= CLAMP_WORKSPACE;
      }
    }

    // The setpoint lies in the (convex) box, so pulling the target towards it stays inside.
    boolean lead = limitTranslation(applied, setpointInBase, maxStep);
    lead |= rotations.limit(applied, 3, setpointInBase, 3, maxRotation);
    if (lead) {
      flags |= CLAMP_LEAD;
    }

    double gripper = applied[6];
    double clampedGripper = Math.max(profile.gripperMin(), Math.min(profile.gripperMax(), gripper));
    if (clampedGripper != gripper) {
      applied[6] = clampedGripper;
      flags |= CLAMP_GRIPPER;
    }
    return flags;
  }

  /** Pulls {@code target}'s position to within {@code limit} of {@code reference}. */
  private static boolean limitTranslation(double[] target, double[] reference, double limit) {
    double dx = target[0] - reference[0];
    double dy = target[1] - reference[1];
    double dz = target[2] - reference[2];
    double norm = Math.sqrt(dx * dx + dy * dy + dz * dz);
    if (norm <= limit * (1 + 1e-12)) {
      return false; // within the limit, allowing for rounding of an earlier scaling
    }
    double scale = limit / norm;
    target[0] = reference[0] + dx * scale;
    target[1] = reference[1] + dy * scale;
    target[2] = reference[2] + dz * scale;
    return true;
  }

  /** The angle in (-π, π], rad. */
  public static double wrapAngle(double angle) {
    double wrapped = Math.IEEEremainder(angle, 2 * Math.PI);
    return wrapped == -Math.PI ? Math.PI : wrapped;
  }
}
