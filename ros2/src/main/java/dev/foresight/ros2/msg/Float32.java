package dev.foresight.ros2.msg;

/**
 * {@code std_msgs/msg/Float32}: one float, e.g. a latency in ms or a planner's energy.
 *
 * @param data the value
 */
public record Float32(float data) {
  /** The ROS 2 name of this type. */
  public static final String ROS_NAME = "std_msgs/msg/Float32";

  /** The type: one float32. */
  public static final Ros2MessageType<Float32> TYPE =
      new Ros2MessageType<>() {
        @Override
        public String rosName() {
          return ROS_NAME;
        }

        @Override
        public int maxSerializedBytes() {
          return 4;
        }

        @Override
        public void write(Float32 message, CdrWriter out) {
          out.writeFloat(message.data);
        }

        @Override
        public Float32 read(CdrReader in) {
          return new Float32(in.readFloat("data"));
        }
      };
}
