package dev.foresight.ros2.msg;

/**
 * {@code sensor_msgs/msg/CompressedImage}: a JPEG or PNG camera image, as ROS 2's image_transport
 * publishes on {@code <camera>/compressed}. The byte bound is chosen per topic, as for {@link
 * Image}.
 *
 * @param header acquisition time and camera frame
 * @param format compression, e.g. {@code jpeg} or {@code rgb8; png compressed bgr8}
 * @param data the compressed bytes; not copied
 */
public record CompressedImage(Header header, String format, byte[] data) {
  /** The ROS 2 name of this type. */
  public static final String ROS_NAME = "sensor_msgs/msg/CompressedImage";

  /** Default bound on the compressed bytes of {@link #TYPE}: as an uncompressed 640×480 RGBA. */
  public static final int DEFAULT_MAX_DATA_BYTES = Image.DEFAULT_MAX_DATA_BYTES;

  /** Longest format name, in UTF-8 bytes. */
  public static final int MAX_FORMAT_BYTES = 255;

  /** Compressed images of at most {@link #DEFAULT_MAX_DATA_BYTES} bytes. */
  public static final Ros2MessageType<CompressedImage> TYPE = type(DEFAULT_MAX_DATA_BYTES);

  /** Checks the fields are given. */
  public CompressedImage {
    if (header == null || format == null || data == null) {
      throw new IllegalArgumentException(
          "sensor_msgs/msg/CompressedImage header, format and data must be given");
    }
  }

  /**
   * The compressed image type with a bound of {@code maxDataBytes}; a larger image is dropped by
   * the reader.
   *
   * @param maxDataBytes most compressed bytes, positive
   */
  public static Ros2MessageType<CompressedImage> type(int maxDataBytes) {
    if (maxDataBytes <= 0 || maxDataBytes > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException(
          "compressed image maxDataBytes must be in [1, "
              + (Integer.MAX_VALUE - 1024)
              + "], got "
              + maxDataBytes);
    }
    return new Ros2MessageType<>() {
      @Override
      public String rosName() {
        return ROS_NAME;
      }

      @Override
      public int maxSerializedBytes() {
        // header, format (length, bytes, NUL, padding to 4), data length, data
        return Header.MAX_BYTES + 3 + 4 + MAX_FORMAT_BYTES + 1 + 3 + 4 + maxDataBytes;
      }

      @Override
      public void write(CompressedImage message, CdrWriter out) {
        Header.checkLength("format", message.format, MAX_FORMAT_BYTES);
        if (message.data.length > maxDataBytes) {
          throw new IllegalArgumentException(
              "sensor_msgs/msg/CompressedImage data has "
                  + message.data.length
                  + " bytes, the topic's bound is "
                  + maxDataBytes);
        }
        Header.write(message.header, out);
        out.writeString(message.format);
        out.writeBytes(message.data);
      }

      @Override
      public CompressedImage read(CdrReader in) {
        Header header = Header.read(in);
        String format = in.readString("format", MAX_FORMAT_BYTES);
        byte[] data = in.readBytes("data", maxDataBytes);
        return new CompressedImage(header, format, data);
      }
    };
  }
}
