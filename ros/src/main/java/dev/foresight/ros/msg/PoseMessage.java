package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;

/**
 * {@code geometry_msgs/Pose}: position (m) and orientation.
 *
 * @param position position, m
 * @param orientation orientation
 */
public record PoseMessage(Point position, Quaternion orientation) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "geometry_msgs/Pose",
          "Point position\nQuaternion orientation\n",
          Point.SPEC,
          Quaternion.SPEC);

  /** Bytes on the wire. */
  static final int SIZE = 56;

  /** The message type. */
  public static final MessageType<PoseMessage> TYPE =
      new SimpleMessageType<>(
          SPEC, PoseMessage.class, message -> SIZE, PoseMessage::write, PoseMessage::read);

  /** Checks the fields are present. */
  public PoseMessage {
    if (position == null || orientation == null) {
      throw new IllegalArgumentException(
          "geometry_msgs/Pose position and orientation must be given");
    }
  }

  /** Converts a Foresight pose (x, y, z in m; roll, pitch, yaw in rad). */
  public static PoseMessage fromPose(dev.foresight.core.Pose pose) {
    return new PoseMessage(
        new Point(pose.x(), pose.y(), pose.z()),
        Quaternion.fromRollPitchYaw(pose.roll(), pose.pitch(), pose.yaw()));
  }

  static void write(PoseMessage pose, ByteBuf out) {
    out.writeDoubleLE(pose.position.x());
    out.writeDoubleLE(pose.position.y());
    out.writeDoubleLE(pose.position.z());
    out.writeDoubleLE(pose.orientation.x());
    out.writeDoubleLE(pose.orientation.y());
    out.writeDoubleLE(pose.orientation.z());
    out.writeDoubleLE(pose.orientation.w());
  }

  static PoseMessage read(ByteBuf in) {
    Wire.need(in, SIZE, "pose");
    return new PoseMessage(
        new Point(in.readDoubleLE(), in.readDoubleLE(), in.readDoubleLE()),
        new Quaternion(in.readDoubleLE(), in.readDoubleLE(), in.readDoubleLE(), in.readDoubleLE()));
  }
}
