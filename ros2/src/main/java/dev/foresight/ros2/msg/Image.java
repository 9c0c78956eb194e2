package dev.foresight.ros2.msg;

/**
 * {@code sensor_msgs/msg/Image}: an uncompressed image. The stock IHMC message classes cap arrays
 * at 100 elements, so images travel through this type, whose byte bound is chosen per topic.
 *
 * @param header acquisition time and camera frame
 * @param height rows (uint32)
 * @param width columns (uint32)
 * @param encoding pixel encoding as ROS names it, e.g. {@code rgb8}
 * @param isBigendian 1 when multi-byte pixels are big-endian
 * @param step bytes per row (uint32)
 * @param data pixels, {@code step × height} bytes; not copied
 */
public record Image(
    Header header,
    int height,
    int width,
    String encoding,
    byte isBigendian,
    int step,
    byte[] data) {
  /** The ROS 2 name of this type. */
  public static final String ROS_NAME = "sensor_msgs/msg/Image";

  /** Default bound on the pixel bytes of {@link #TYPE}: a 640×480 image of 4 bytes per pixel. */
  public static final int DEFAULT_MAX_DATA_BYTES = 640 * 480 * 4;

  /** Longest encoding name, in UTF-8 bytes. */
  public static final int MAX_ENCODING_BYTES = 64;

  /** Images of at most {@link #DEFAULT_MAX_DATA_BYTES} pixel bytes. */
  public static final Ros2MessageType<Image> TYPE = type(DEFAULT_MAX_DATA_BYTES);

  /** Checks the fields are given. */
  public Image {
    if (header == null || encoding == null || data == null) {
      throw new IllegalArgumentException(
          "sensor_msgs/msg/Image header, encoding and data must be given");
    }
  }

  /**
   * The image type with a bound of {@code maxDataBytes} pixel bytes (e.g. {@code 1920*1080*3} for
   * full-HD rgb8). Both ends of a topic should agree on it: a larger image is dropped by the
   * reader.
   *
   * @param maxDataBytes most pixel bytes, positive
   */
  public static Ros2MessageType<Image> type(int maxDataBytes) {
    if (maxDataBytes <= 0 || maxDataBytes > Integer.MAX_VALUE - 1024) {
      throw new IllegalArgumentException(
          "image maxDataBytes must be in [1, "
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
        // header, height, width, encoding, is_bigendian (+3 padding), step, data length, data
        return Header.MAX_BYTES + 3 + 8 + 4 + MAX_ENCODING_BYTES + 1 + 4 + 4 + 4 + maxDataBytes;
      }

      @Override
      public void write(Image message, CdrWriter out) {
        Header.checkLength("encoding", message.encoding, MAX_ENCODING_BYTES);
        if (message.data.length > maxDataBytes) {
          throw new IllegalArgumentException(
              "sensor_msgs/msg/Image data has "
                  + message.data.length
                  + " bytes, the topic's bound is "
                  + maxDataBytes);
        }
        Header.write(message.header, out);
        out.writeInt(message.height);
        out.writeInt(message.width);
        out.writeString(message.encoding);
        out.writeByte(message.isBigendian);
        out.writeInt(message.step);
        out.writeBytes(message.data);
      }

      @Override
      public Image read(CdrReader in) {
        Header header = Header.read(in);
        int height = in.readInt("height");
        int width = in.readInt("width");
        String encoding = in.readString("encoding", MAX_ENCODING_BYTES);
        byte bigendian = in.readByte("is_bigendian");
        int step = in.readInt("step");
        byte[] data = in.readBytes("data", maxDataBytes);
        return new Image(header, height, width, encoding, bigendian, step, data);
      }
    };
  }
}
