package dev.foresight.ros2.msg;

/**
 * A ROS 2 message type: its ROS name, the DDS type name rmw_fastrtps registers for it, a bound on
 * its serialized size, and the plain-CDR codec between its records and the wire.
 *
 * @param <T> the record type of messages
 */
public interface Ros2MessageType<T> {
  /** The ROS 2 name, e.g. {@code sensor_msgs/msg/Image}. */
  String rosName();

  /**
   * The DDS type name ROS 2 puts on the wire: {@code sensor_msgs/msg/Image} becomes {@code
   * sensor_msgs::msg::dds_::Image_}.
   */
  default String ddsTypeName() {
    return ddsTypeName(rosName());
  }

  /**
   * Most bytes one message may take in CDR, without the 4-byte encapsulation header. Messages over
   * it are refused when written and dropped when read.
   */
  int maxSerializedBytes();

  /**
   * Writes {@code message}.
   *
   * @param message message written (not modified)
   * @param out writer positioned at the start of the body (modified)
   * @throws IllegalArgumentException when the message is over the type's bounds
   */
  void write(T message, CdrWriter out);

  /**
   * Reads one message.
   *
   * @param in reader positioned at the start of the body (modified)
   * @throws IllegalArgumentException naming the field when the bytes do not hold a message
   */
  T read(CdrReader in);

  /**
   * The DDS type name of a ROS 2 interface name {@code package/msg/Type}.
   *
   * @throws IllegalArgumentException when the name is not of that form
   */
  static String ddsTypeName(String rosName) {
    String[] parts = rosName.split("/", -1);
    if (parts.length != 3
        || !parts[1].equals("msg")
        || !parts[0].matches("[a-z][a-z0-9_]*")
        || !parts[2].matches("[A-Z][A-Za-z0-9]*")) {
      throw new IllegalArgumentException(
          "ROS 2 message type '" + rosName + "' is not of the form package/msg/Type");
    }
    return parts[0] + "::msg::dds_::" + parts[2] + "_";
  }
}
