package dev.foresight.ros.msg;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code trajectory_msgs/JointTrajectory}.
 *
 * @param header start time of the trajectory
 * @param jointNames joint names, in the order of every point's arrays
 * @param points the waypoints
 */
public record JointTrajectory(
    Header header, String[] jointNames, List<JointTrajectoryPoint> points) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "trajectory_msgs/JointTrajectory",
          "Header header\nstring[] joint_names\nJointTrajectoryPoint[] points\n",
          Header.SPEC,
          JointTrajectoryPoint.SPEC);

  /** The message type. */
  public static final MessageType<JointTrajectory> TYPE =
      new SimpleMessageType<>(
          SPEC,
          JointTrajectory.class,
          message -> {
            int size = Header.size(message.header) + Wire.stringArraySize(message.jointNames) + 4;
            for (JointTrajectoryPoint point : message.points) {
              size += point.wireSize();
            }
            return size;
          },
          (message, out) -> {
            Header.write(message.header, out);
            Wire.writeStringArray(out, message.jointNames);
            out.writeIntLE(message.points.size());
            for (JointTrajectoryPoint point : message.points) {
              point.write(out);
            }
          },
          in -> {
            Header header = Header.read(in);
            String[] names = Wire.readStringArray(in, "joint_names");
            int count = Wire.readCount(in, "points", 24);
            List<JointTrajectoryPoint> points = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              points.add(JointTrajectoryPoint.read(in));
            }
            return new JointTrajectory(header, names, points);
          });

  /** Checks the fields are present and copies the point list. */
  public JointTrajectory {
    if (header == null || jointNames == null || points == null) {
      throw new IllegalArgumentException(
          "trajectory_msgs/JointTrajectory fields must all be given");
    }
    points = List.copyOf(points);
  }
}
