package dev.foresight.ros.msg;

/**
 * {@code sensor_msgs/JointState}: positions (rad or m), velocities (rad/s or m/s) and efforts (N·m
 * or N) of named joints; unused arrays are empty.
 *
 * @param header time of the measurement
 * @param name joint names
 * @param position joint positions
 * @param velocity joint velocities
 * @param effort joint efforts
 */
public record JointState(
    Header header, String[] name, double[] position, double[] velocity, double[] effort) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "sensor_msgs/JointState",
          "Header header\nstring[] name\nfloat64[] position\nfloat64[] velocity\nfloat64[] effort\n",
          Header.SPEC);

  /** The message type. */
  public static final MessageType<JointState> TYPE =
      new SimpleMessageType<>(
          SPEC,
          JointState.class,
          message ->
              Header.size(message.header)
                  + Wire.stringArraySize(message.name)
                  + 12
                  + 8 * (message.position.length + message.velocity.length + message.effort.length),
          (message, out) -> {
            Header.write(message.header, out);
            Wire.writeStringArray(out, message.name);
            Wire.writeDoubles(out, message.position);
            Wire.writeDoubles(out, message.velocity);
            Wire.writeDoubles(out, message.effort);
          },
          in ->
              new JointState(
                  Header.read(in),
                  Wire.readStringArray(in, "name"),
                  Wire.readDoubles(in, "position"),
                  Wire.readDoubles(in, "velocity"),
                  Wire.readDoubles(in, "effort")));

  /** Checks the fields are present. */
  public JointState {
    if (header == null || name == null || position == null || velocity == null || effort == null) {
      throw new IllegalArgumentException("sensor_msgs/JointState fields must all be given");
    }
  }
}
