package dev.foresight.ros2.msg;

/**
 * {@code std_msgs/msg/String}: one text, e.g. an episode-end notice of {@code foresight explore}.
 *
 * @param data the text, at most {@value #MAX_DATA_BYTES} UTF-8 bytes
 */
public record StringMessage(String data) {
  /** The ROS 2 name of this type. */
  public static final String ROS_NAME = "std_msgs/msg/String";

  /** Longest text read or written, in UTF-8 bytes. */
  public static final int MAX_DATA_BYTES = 64 * 1024;

  /** Checks the text is given. */
  public StringMessage {
    if (data == null) {
      throw new IllegalArgumentException("std_msgs/msg/String data must be given");
    }
  }

  /** The type: one string. */
  public static final Ros2MessageType<StringMessage> TYPE =
      new Ros2MessageType<>() {
        @Override
        public String rosName() {
          return ROS_NAME;
        }

        @Override
        public int maxSerializedBytes() {
          return 4 + MAX_DATA_BYTES + 1;
        }

        @Override
        public void write(StringMessage message, CdrWriter out) {
          Header.checkLength("data", message.data, MAX_DATA_BYTES);
          out.writeString(message.data);
        }

        @Override
        public StringMessage read(CdrReader in) {
          return new StringMessage(in.readString("data", MAX_DATA_BYTES));
        }
      };
}
