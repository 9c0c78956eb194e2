package dev.foresight.ros2.msg;

/**
 * {@code geometry_msgs/msg/PoseStamped}: a pose ({@code geometry_msgs/msg/Pose}: position, then
 * orientation) in the header's frame, e.g. an end effector's pose in the robot base frame.
 *
 * @param header measurement time and the frame the pose is expressed in
 * @param position position in m
 * @param orientation orientation as a unit quaternion
 */
public record PoseStamped(Header header, Point position, Quaternion orientation) {
  /** The ROS 2 name of this type. */
  public static final String ROS_NAME = "geometry_msgs/msg/PoseStamped";

  /** Checks the fields are given. */
  public PoseStamped {
    if (header == null || position == null || orientation == null) {
      throw new IllegalArgumentException(
          "PoseStamped header, position and orientation must be given");
    }
  }

  /** The type: a header and seven doubles. */
  public static final Ros2MessageType<PoseStamped> TYPE =
      new Ros2MessageType<>() {
        @Override
        public String rosName() {
          return ROS_NAME;
        }

        @Override
        public int maxSerializedBytes() {
          return Header.MAX_BYTES + 7 + 7 * 8;
        }

        @Override
        public void write(PoseStamped message, CdrWriter out) {
          Header.write(message.header, out);
          Point p = message.position;
          out.writeDouble(p.x());
          out.writeDouble(p.y());
          out.writeDouble(p.z());
          Quaternion q = message.orientation;
          out.writeDouble(q.x());
          out.writeDouble(q.y());
          out.writeDouble(q.z());
          out.writeDouble(q.w());
        }

        @Override
        public PoseStamped read(CdrReader in) {
          Header header = Header.read(in);
          Point position =
              new Point(
                  in.readDouble("pose.position.x"),
                  in.readDouble("pose.position.y"),
                  in.readDouble("pose.position.z"));
          Quaternion orientation =
              new Quaternion(
                  in.readDouble("pose.orientation.x"),
                  in.readDouble("pose.orientation.y"),
                  in.readDouble("pose.orientation.z"),
                  in.readDouble("pose.orientation.w"));
          return new PoseStamped(header, position, orientation);
        }
      };
}
