package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;

/**
 * {@code trajectory_msgs/JointTrajectoryPoint}; unused arrays are empty.
 *
 * @param positions joint positions, rad or m
 * @param velocities joint velocities
 * @param accelerations joint accelerations
 * @param effort joint efforts
 * @param timeFromStart when to reach this point, from the trajectory's start
 */
public record JointTrajectoryPoint(
    double[] positions,
    double[] velocities,
    double[] accelerations,
    double[] effort,
    RosDuration timeFromStart) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "trajectory_msgs/JointTrajectoryPoint",
          "float64[] positions\nfloat64[] velocities\nfloat64[] accelerations\nfloat64[] effort\n"
              + "duration time_from_start\n");

  /** Checks the fields are present. */
  public JointTrajectoryPoint {
    if (positions == null
        || velocities == null
        || accelerations == null
        || effort == null
        || timeFromStart == null) {
      throw new IllegalArgumentException("trajectory point fields must all be given");
    }
  }

  int wireSize() {
    return 16
        + 8 * (positions.length + velocities.length + accelerations.length + effort.length)
        + 8;
  }

  void write(ByteBuf out) {
    Wire.writeDoubles(out, positions);
    Wire.writeDoubles(out, velocities);
    Wire.writeDoubles(out, accelerations);
    Wire.writeDoubles(out, effort);
    out.writeIntLE(timeFromStart.secs());
    out.writeIntLE(timeFromStart.nsecs());
  }

  static JointTrajectoryPoint read(ByteBuf in) {
    double[] positions = Wire.readDoubles(in, "points.positions");
    double[] velocities = Wire.readDoubles(in, "points.velocities");
    double[] accelerations = Wire.readDoubles(in, "points.accelerations");
    double[] effort = Wire.readDoubles(in, "points.effort");
    Wire.need(in, 8, "points.time_from_start");
    return new JointTrajectoryPoint(
        positions,
        velocities,
        accelerations,
        effort,
        new RosDuration(in.readIntLE(), in.readIntLE()));
  }
}
