package dev.foresight.ros2.msg;

/**
 * {@code geometry_msgs/msg/Quaternion}: an orientation, {@code w} the scalar part.
 *
 * @param x first vector component
 * @param y second vector component
 * @param z third vector component
 * @param w scalar component
 */
public record Quaternion(double x, double y, double z, double w) {
  /** No rotation. */
  public static final Quaternion IDENTITY = new Quaternion(0, 0, 0, 1);
}
