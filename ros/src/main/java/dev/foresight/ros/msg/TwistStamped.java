package dev.foresight.ros.msg;

/**
 * {@code geometry_msgs/TwistStamped}: how the planner publishes its end-effector command.
 *
 * @param header time and the frame the twist is expressed in
 * @param twist the velocity
 */
public record TwistStamped(Header header, Twist twist) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "geometry_msgs/TwistStamped", "Header header\nTwist twist\n", Header.SPEC, Twist.SPEC);

  /** The message type. */
  public static final MessageType<TwistStamped> TYPE =
      new SimpleMessageType<>(
          SPEC,
          TwistStamped.class,
          message -> Header.size(message.header) + Twist.SIZE,
          (message, out) -> {
            Header.write(message.header, out);
            Twist.write(message.twist, out);
          },
          in -> new TwistStamped(Header.read(in), Twist.read(in)));

  /** Checks the fields are present. */
  public TwistStamped {
    if (header == null || twist == null) {
      throw new IllegalArgumentException(
          "geometry_msgs/TwistStamped header and twist must be given");
    }
  }
}
