package dev.foresight.ros2.msg;

/**
 * {@code geometry_msgs/msg/TwistStamped}: a velocity command, as MoveIt 2 Servo reads it.
 *
 * @param header command time and the frame the velocities are expressed in
 * @param linear linear velocity in m/s
 * @param angular angular velocity in rad/s
 */
public record TwistStamped(Header header, Vector3 linear, Vector3 angular) {
  /** The ROS 2 name of this type. */
  public static final String ROS_NAME = "geometry_msgs/msg/TwistStamped";

  /** Checks the fields are given. */
  public TwistStamped {
    if (header == null || linear == null || angular == null) {
      throw new IllegalArgumentException("TwistStamped header, linear and angular must be given");
    }
  }

  /** The type: a header and six doubles. */
  public static final Ros2MessageType<TwistStamped> TYPE =
      new Ros2MessageType<>() {
        @Override
        public String rosName() {
          return ROS_NAME;
        }

        @Override
        public int maxSerializedBytes() {
          return Header.MAX_BYTES + 7 + 6 * 8;
        }

        @Override
        public void write(TwistStamped message, CdrWriter out) {
          Header.write(message.header, out);
          writeVector(message.linear, out);
          writeVector(message.angular, out);
        }

        @Override
        public TwistStamped read(CdrReader in) {
          Header header = Header.read(in);
          Vector3 linear = readVector("twist.linear", in);
          return new TwistStamped(header, linear, readVector("twist.angular", in));
        }
      };

  private static void writeVector(Vector3 vector, CdrWriter out) {
    out.writeDouble(vector.x());
    out.writeDouble(vector.y());
    out.writeDouble(vector.z());
  }

  private static Vector3 readVector(String field, CdrReader in) {
    return new Vector3(
        in.readDouble(field + ".x"), in.readDouble(field + ".y"), in.readDouble(field + ".z"));
  }
}
