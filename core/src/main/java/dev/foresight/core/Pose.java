package dev.foresight.core;

/**
 * A rigid pose: position in metres and orientation as roll, pitch, yaw (radians, applied as
 * extrinsic x-y-z rotations). Which frame it is expressed in belongs in the variable name, e.g.
 * {@code eePoseInBase}.
 */
public record Pose(double x, double y, double z, double roll, double pitch, double yaw) {

  /** The identity pose. */
  public static final Pose IDENTITY = new Pose(0, 0, 0, 0, 0, 0);

  /** Checks every component is finite. */
  public Pose {
    if (!(Double.isFinite(x)
        && Double.isFinite(y)
        && Double.isFinite(z)
        && Double.isFinite(roll)
        && Double.isFinite(pitch)
        && Double.isFinite(yaw))) {
      throw new IllegalArgumentException(
          "pose components must be finite, got "
              + java.util.Arrays.toString(new double[] {x, y, z, roll, pitch, yaw}));
    }
  }

  /** Euclidean distance between the positions of two poses, metres. */
  public double distanceTo(Pose other) {
    double ddx = x - other.x;
    double ddy = y - other.y;
    double ddz = z - other.z;
    return Math.sqrt(ddx * ddx + ddy * ddy + ddz * ddz);
  }

  /** This pose moved by the translation and rotation deltas of an action. */
  public Pose plus(Action action) {
    return new Pose(
        x + action.dx(),
        y + action.dy(),
        z + action.dz(),
        roll + action.dRoll(),
        pitch + action.dPitch(),
        yaw + action.dYaw());
  }
}
