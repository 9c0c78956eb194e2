package dev.foresight.ros2.msg;

/**
 * {@code std_msgs/msg/Header} of ROS 2 (no sequence number, unlike ROS 1).
 *
 * @param stamp acquisition time
 * @param frameId frame the data is expressed in, at most {@value #MAX_FRAME_ID_BYTES} UTF-8 bytes
 */
public record Header(Time stamp, String frameId) {
  /** Longest frame id read or written, in UTF-8 bytes. */
  public static final int MAX_FRAME_ID_BYTES = 255;

  /** Checks the fields are given. */
  public Header {
    if (stamp == null || frameId == null) {
      throw new IllegalArgumentException("Header stamp and frameId must be given");
    }
  }

  /** A header stamped {@code nanos} after the epoch in frame {@code frameId}. */
  public static Header of(long nanos, String frameId) {
    return new Header(Time.fromNanos(nanos), frameId);
  }

  /** Bound on the serialized size: two int32 and the longest frame id with length and NUL. */
  static final int MAX_BYTES = 8 + 4 + MAX_FRAME_ID_BYTES + 1;

  static void write(Header header, CdrWriter out) {
    checkLength("header.frame_id", header.frameId, MAX_FRAME_ID_BYTES);
    out.writeInt(header.stamp.sec());
    out.writeInt(header.stamp.nanosec());
    out.writeString(header.frameId);
  }

  static Header read(CdrReader in) {
    int sec = in.readInt("header.stamp.sec");
    int nanosec = in.readInt("header.stamp.nanosec");
    if (nanosec < 0 || nanosec >= 1_000_000_000) {
      throw new IllegalArgumentException(
          "header.stamp.nanosec " + Integer.toUnsignedString(nanosec) + " is over 999999999");
    }
    return new Header(new Time(sec, nanosec), in.readString("header.frame_id", MAX_FRAME_ID_BYTES));
  }

  static void checkLength(String field, String value, int maxBytes) {
    int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      throw new IllegalArgumentException(
          field + " has " + bytes + " UTF-8 bytes, the type's bound is " + maxBytes);
    }
  }
}
