package dev.foresight.sim;

/**
 * The simulated gripper's shape, metres: a palm bar across the fingers above two finger pads, all
 * boxes, centred on the end-effector point in x and y (yaw 0). Public so that a robot self-filter
 * can paint the gripper out of the camera's pictures from its measured pose, as a real robot's
 * filter does from its model.
 */
public final class GripperGeometry {
  /** Finger pad half extents: x along the pad, y its thickness, z its height. */
  public static final float FINGER_HALF_X = 0.012f;

  public static final float FINGER_HALF_Y = 0.005f;

  public static final float FINGER_HALF_Z = 0.02f;

  /** Palm half extents: x its width, y its length across the fingers, z its height. */
  public static final float PALM_HALF_X = 0.006f;

  public static final float PALM_HALF_Y = 0.06f;

  public static final float PALM_HALF_Z = 0.008f;

  /** Height of the palm's centre above the end-effector point (the fingers' centre). */
  public static final float PALM_CENTRE_Z = FINGER_HALF_Z + PALM_HALF_Z;

  /** Finger gap of an open gripper (gripper 0); a closed one (1) has none. */
  public static final float MAX_GAP = SimWorld.MAX_GAP_METRES;

  private GripperGeometry() {}
}
