package dev.foresight.ros.msg;

/**
 * {@code geometry_msgs/PoseStamped}.
 *
 * @param header time and the frame the pose is expressed in
 * @param pose the pose
 */
public record PoseStamped(Header header, PoseMessage pose) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "geometry_msgs/PoseStamped", "Header header\nPose pose\n", Header.SPEC, PoseMessage.SPEC);

  /** The message type. */
  public static final MessageType<PoseStamped> TYPE =
      new SimpleMessageType<>(
          SPEC,
          PoseStamped.class,
          message -> Header.size(message.header) + PoseMessage.SIZE,
          (message, out) -> {
            Header.write(message.header, out);
            PoseMessage.write(message.pose, out);
          },
          in -> new PoseStamped(Header.read(in), PoseMessage.read(in)));

  /** Checks the fields are present. */
  public PoseStamped {
    if (header == null || pose == null) {
      throw new IllegalArgumentException("geometry_msgs/PoseStamped header and pose must be given");
    }
  }
}
