package dev.foresight.ros.msg;

/**
 * {@code std_msgs/Float32}.
 *
 * @param data the value
 */
public record Float32Message(float data) {
  /** The definition. */
  public static final MessageSpec SPEC = MessageSpec.of("std_msgs/Float32", "float32 data\n");

  /** The message type. */
  public static final MessageType<Float32Message> TYPE =
      new SimpleMessageType<>(
          SPEC,
          Float32Message.class,
          message -> 4,
          (message, out) -> out.writeFloatLE(message.data),
          in -> {
            Wire.need(in, 4, "data");
            return new Float32Message(in.readFloatLE());
          });
}
