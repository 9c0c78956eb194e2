package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;

/**
 * {@code geometry_msgs/Twist}: linear (m/s) and angular (rad/s) velocity.
 *
 * @param linear linear velocity, m/s
 * @param angular angular velocity, rad/s
 */
public record Twist(Vector3 linear, Vector3 angular) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of("geometry_msgs/Twist", "Vector3 linear\nVector3 angular\n", Vector3.SPEC);

  /** Bytes on the wire. */
  static final int SIZE = 48;

  /** The message type. */
  public static final MessageType<Twist> TYPE =
      new SimpleMessageType<>(SPEC, Twist.class, message -> SIZE, Twist::write, Twist::read);

  /** Checks the fields are present. */
  public Twist {
    if (linear == null || angular == null) {
      throw new IllegalArgumentException("geometry_msgs/Twist linear and angular must be given");
    }
  }

  static void write(Twist twist, ByteBuf out) {
    out.writeDoubleLE(twist.linear.x());
    out.writeDoubleLE(twist.linear.y());
    out.writeDoubleLE(twist.linear.z());
    out.writeDoubleLE(twist.angular.x());
    out.writeDoubleLE(twist.angular.y());
    out.writeDoubleLE(twist.angular.z());
  }

  static Twist read(ByteBuf in) {
    Wire.need(in, SIZE, "twist");
    return new Twist(
        new Vector3(in.readDoubleLE(), in.readDoubleLE(), in.readDoubleLE()),
        new Vector3(in.readDoubleLE(), in.readDoubleLE(), in.readDoubleLE()));
  }
}
