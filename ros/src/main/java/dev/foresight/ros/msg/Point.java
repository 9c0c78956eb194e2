package dev.foresight.ros.msg;

/**
 * {@code geometry_msgs/Point} in metres.
 *
 * @param x x coordinate, m
 * @param y y coordinate, m
 * @param z z coordinate, m
 */
public record Point(double x, double y, double z) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of("geometry_msgs/Point", "float64 x\nfloat64 y\nfloat64 z\n");

  /** Bytes on the wire. */
  static final int SIZE = 24;
}
