package dev.foresight.ros.msg;

/**
 * {@code std_msgs/Float32MultiArray}: how Foresight publishes latent vectors.
 *
 * @param layout shape of the data
 * @param data the values (shared, not copied)
 */
public record Float32MultiArray(MultiArrayLayout layout, float[] data) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "std_msgs/Float32MultiArray",
          "MultiArrayLayout layout\nfloat32[] data\n",
          MultiArrayLayout.SPEC);

  /** The message type. */
  public static final MessageType<Float32MultiArray> TYPE =
      new SimpleMessageType<>(
          SPEC,
          Float32MultiArray.class,
          message -> message.layout.wireSize() + 4 + 4 * message.data.length,
          (message, out) -> {
            message.layout.write(out);
            Wire.writeFloats(out, message.data);
          },
          in -> new Float32MultiArray(MultiArrayLayout.read(in), Wire.readFloats(in, "data")));

  /** Checks the fields are present. */
  public Float32MultiArray {
    if (layout == null || data == null) {
      throw new IllegalArgumentException("Float32MultiArray layout and data must be given");
    }
  }

  /** A one-dimensional array labelled {@code label}. */
  public static Float32MultiArray vector(String label, float[] data) {
    return new Float32MultiArray(MultiArrayLayout.vector(label, data.length), data);
  }
}
