package dev.foresight.ros.msg;

/**
 * {@code geometry_msgs/Vector3}.
 *
 * @param x x component
 * @param y y component
 * @param z z component
 */
public record Vector3(double x, double y, double z) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of("geometry_msgs/Vector3", "float64 x\nfloat64 y\nfloat64 z\n");

  /** The zero vector. */
  public static final Vector3 ZERO = new Vector3(0, 0, 0);
}
