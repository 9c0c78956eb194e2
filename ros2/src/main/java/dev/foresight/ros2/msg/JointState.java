package dev.foresight.ros2.msg;

/**
 * {@code sensor_msgs/msg/JointState}: positions (rad or m), velocities (rad/s or m/s) and efforts
 * (N·m or N) of named joints; unused arrays are empty.
 *
 * @param header measurement time
 * @param name joint names, at most {@value #MAX_JOINTS}; not copied
 * @param position joint positions; not copied
 * @param velocity joint velocities; not copied
 * @param effort joint efforts; not copied
 */
public record JointState(
    Header header, String[] name, double[] position, double[] velocity, double[] effort) {
  /** The ROS 2 name of this type. */
  public static final String ROS_NAME = "sensor_msgs/msg/JointState";

  /** Most joints (and values per array) read or written. */
  public static final int MAX_JOINTS = 64;

  /** Longest joint name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 64;

  /** Checks the fields are given. */
  public JointState {
    if (header == null || name == null || position == null || velocity == null || effort == null) {
      throw new IllegalArgumentException(
          "JointState header, name, position, velocity and effort must be given");
    }
  }

  /** The type: a header, a string sequence and three float64 sequences. */
  public static final Ros2MessageType<JointState> TYPE =
      new Ros2MessageType<>() {
        @Override
        public String rosName() {
          return ROS_NAME;
        }

        @Override
        public int maxSerializedBytes() {
          return Header.MAX_BYTES
              + 4
              + MAX_JOINTS * (4 + MAX_NAME_BYTES + 1 + 3)
              + 3 * (4 + 4 + 8 * MAX_JOINTS);
        }

        @Override
        public void write(JointState message, CdrWriter out) {
          int most =
              Math.max(
                  Math.max(message.name.length, message.position.length),
                  Math.max(message.velocity.length, message.effort.length));
          if (most > MAX_JOINTS) {
            throw new IllegalArgumentException(
                "JointState has an array of "
                    + most
                    + " values, the type's bound is "
                    + MAX_JOINTS);
          }
          Header.write(message.header, out);
          out.writeInt(message.name.length);
          for (int i = 0; i < message.name.length; i++) {
            Header.checkLength("name[" + i + "]", message.name[i], MAX_NAME_BYTES);
            out.writeString(message.name[i]);
          }
          out.writeDoubles(message.position);
          out.writeDoubles(message.velocity);
          out.writeDoubles(message.effort);
        }

        @Override
        public JointState read(CdrReader in) {
          Header header = Header.read(in);
          int count = in.readInt("name length");
          if (Integer.toUnsignedLong(count) > MAX_JOINTS) {
            throw new IllegalArgumentException(
                "name length "
                    + Integer.toUnsignedString(count)
                    + " is over the type's bound of "
                    + MAX_JOINTS);
          }
          String[] names = new String[count];
          for (int i = 0; i < count; i++) {
            names[i] = in.readString("name[" + i + "]", MAX_NAME_BYTES);
          }
          return new JointState(
              header,
              names,
              in.readDoubles("position", MAX_JOINTS),
              in.readDoubles("velocity", MAX_JOINTS),
              in.readDoubles("effort", MAX_JOINTS));
        }
      };
}
