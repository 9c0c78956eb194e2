package dev.foresight.ros.msg;

/**
 * {@code geometry_msgs/Quaternion}: a rotation as a unit quaternion.
 *
 * @param x x of the vector part
 * @param y y of the vector part
 * @param z z of the vector part
 * @param w scalar part
 */
public record Quaternion(double x, double y, double z, double w) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of("geometry_msgs/Quaternion", "float64 x\nfloat64 y\nfloat64 z\nfloat64 w\n");

  /** No rotation. */
  public static final Quaternion IDENTITY = new Quaternion(0, 0, 0, 1);

  /**
   * Roll, pitch, yaw (fixed axes x, y, z, as ROS's {@code getRPY}) of this unit quaternion, rad.
   */
  public double[] toRollPitchYaw() {
    double roll = Math.atan2(2 * (w * x + y * z), 1 - 2 * (x * x + y * y));
    double sinPitch = Math.max(-1, Math.min(1, 2 * (w * y - z * x)));
    double pitch = Math.asin(sinPitch);
    double yaw = Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
    return new double[] {roll, pitch, yaw};
  }

  /**
   * The rotation of roll about x, then pitch about y, then yaw about z (fixed axes, as ROS's {@code
   * setRPY}), in radians.
   */
  public static Quaternion fromRollPitchYaw(double roll, double pitch, double yaw) {
    double cr = Math.cos(roll / 2), sr = Math.sin(roll / 2);
    double cp = Math.cos(pitch / 2), sp = Math.sin(pitch / 2);
    double cy = Math.cos(yaw / 2), sy = Math.sin(yaw / 2);
    return new Quaternion(
        sr * cp * cy - cr * sp * sy,
        cr * sp * cy + sr * cp * sy,
        cr * cp * sy - sr * sp * cy,
        cr * cp * cy + sr * sp * sy);
  }
}
