package dev.foresight.ros.msg;

/**
 * {@code std_msgs/String}.
 *
 * @param data the text
 */
public record StringMessage(String data) {
  /** The definition. */
  public static final MessageSpec SPEC = MessageSpec.of("std_msgs/String", "string data\n");

  /** The message type. */
  public static final MessageType<StringMessage> TYPE =
      new SimpleMessageType<>(
          SPEC,
          StringMessage.class,
          message -> Wire.stringSize(message.data),
          (message, out) -> Wire.writeString(out, message.data),
          in -> new StringMessage(Wire.readString(in, "data")));

  /** Checks the text is present. */
  public StringMessage {
    if (data == null) {
      throw new IllegalArgumentException("std_msgs/String data must be given");
    }
  }
}
