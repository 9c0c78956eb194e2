package dev.foresight.ros2.msg;

/**
 * {@code geometry_msgs/msg/Vector3}.
 *
 * @param x first component
 * @param y second component
 * @param z third component
 */
public record Vector3(double x, double y, double z) {
  /** The zero vector. */
  public static final Vector3 ZERO = new Vector3(0, 0, 0);
}
