package dev.foresight.ros.msg;

/**
 * {@code sensor_msgs/CompressedImage}.
 *
 * @param header acquisition time and camera optical frame
 * @param format compression, e.g. {@code jpeg} or {@code png}
 * @param data the compressed bytes (shared, not copied)
 */
public record CompressedImage(Header header, String format, byte[] data) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "sensor_msgs/CompressedImage",
          "Header header\nstring format\nuint8[] data\n",
          Header.SPEC);

  /** The message type. */
  public static final MessageType<CompressedImage> TYPE =
      new SimpleMessageType<>(
          SPEC,
          CompressedImage.class,
          message ->
              Header.size(message.header)
                  + Wire.stringSize(message.format)
                  + 4
                  + message.data.length,
          (message, out) -> {
            Header.write(message.header, out);
            Wire.writeString(out, message.format);
            Wire.writeBytes(out, message.data);
          },
          in ->
              new CompressedImage(
                  Header.read(in), Wire.readString(in, "format"), Wire.readBytes(in, "data")));

  /** Checks the fields are present. */
  public CompressedImage {
    if (header == null || format == null || data == null) {
      throw new IllegalArgumentException(
          "sensor_msgs/CompressedImage header, format and data must be given");
    }
  }
}
