package dev.foresight.ros.msg;

import java.util.List;
import java.util.Optional;

/** The message types this module serialises, looked up by name. */
public final class MessageTypes {
  /** Every supported type. */
  public static final List<MessageType<?>> ALL =
      List.of(
          Header.TYPE,
          StringMessage.TYPE,
          Float32Message.TYPE,
          Float32MultiArray.TYPE,
          ImageMessage.TYPE,
          CompressedImage.TYPE,
          JointState.TYPE,
          PoseMessage.TYPE,
          PoseStamped.TYPE,
          Twist.TYPE,
          TwistStamped.TYPE,
          JointTrajectory.TYPE);

  private MessageTypes() {}

  /** The type named {@code typeName} (e.g. {@code sensor_msgs/Image}), if supported. */
  public static Optional<MessageType<?>> byName(String typeName) {
    return ALL.stream().filter(type -> type.typeName().equals(typeName)).findFirst();
  }
}
