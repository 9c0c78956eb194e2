package dev.foresight.core;

/**
 * One end-effector command: a Cartesian delta in the robot base frame plus a gripper setpoint, the
 * 7-D action of V-JEPA 2-AC.
 *
 * @param dx translation along base x, metres
 * @param dy translation along base y, metres
 * @param dz translation along base z, metres
 * @param dRoll rotation about base x, radians
 * @param dPitch rotation about base y, radians
 * @param dYaw rotation about base z, radians
 * @param gripper gripper setpoint, 0 = fully open … 1 = fully closed
 */
public record Action(
    double dx, double dy, double dz, double dRoll, double dPitch, double dYaw, double gripper) {

  /** Number of dimensions of an action vector. */
  public static final int SIZE = 7;

  /** Index names of the action vector, in order. */
  public static final String[] DIMENSION_NAMES = {
    "dx", "dy", "dz", "dRoll", "dPitch", "dYaw", "gripper"
  };

  /** An action that does not move and leaves the gripper open. */
  public static final Action ZERO = new Action(0, 0, 0, 0, 0, 0, 0);

  /** Checks that every component is finite and the gripper lies in [0, 1]. */
  public Action {
    double[] values = {dx, dy, dz, dRoll, dPitch, dYaw, gripper};
    for (int i = 0; i < SIZE; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            "action." + DIMENSION_NAMES[i] + " must be finite, got " + values[i]);
      }
    }
    if (gripper < 0 || gripper > 1) {
      throw new IllegalArgumentException("action.gripper must be in [0, 1], got " + gripper);
    }
  }

  /**
   * Reads an action from {@code SIZE} consecutive floats.
   *
   * @param values source array. Not modified.
   * @param offset index of {@code dx}
   */
  public static Action fromArray(float[] values, int offset) {
    if (offset < 0 || offset + SIZE > values.length) {
      throw new IllegalArgumentException(
          "action needs " + SIZE + " values at offset " + offset + ", array has " + values.length);
    }
    return new Action(
        values[offset],
        values[offset + 1],
        values[offset + 2],
        values[offset + 3],
        values[offset + 4],
        values[offset + 5],
        values[offset + 6]);
  }

  /**
   * Writes this action as {@code SIZE} consecutive floats.
   *
   * @param out destination. Modified.
   * @param offset index of {@code dx}
   */
  public void toArray(float[] out, int offset) {
    out[offset] = (float) dx;
    out[offset + 1] = (float) dy;
    out[offset + 2] = (float) dz;
    out[offset + 3] = (float) dRoll;
    out[offset + 4] = (float) dPitch;
    out[offset + 5] = (float) dYaw;
    out[offset + 6] = (float) gripper;
  }

  /** Euclidean length of the translation part, metres. */
  public double translationNorm() {
    return Math.sqrt(dx * dx + dy * dy + dz * dz);
  }
}
