package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;

/**
 * A ROS 1 message type: its name, md5 sum and definition as the wire protocol needs them, and the
 * codec between its records and the little-endian wire form.
 *
 * @param <T> the record type of messages
 */
public interface MessageType<T> {
  /** Full type name, e.g. {@code sensor_msgs/Image}. */
  String typeName();

  /** The genmsg md5 sum of the definition, 32 lower-case hex digits. */
  String md5();

  /** The full definition text as sent in connection headers and stored in bags. */
  String definition();

  /** The record class of messages. */
  Class<T> messageClass();

  /** Bytes {@code message} occupies on the wire (without the 4-byte length prefix). */
  int serializedSize(T message);

  /**
   * Writes {@code message} in wire form.
   *
   * @param out buffer written to (modified), needs {@link #serializedSize} writable bytes
   */
  void write(T message, ByteBuf out);

  /**
   * Reads one message.
   *
   * @param in buffer read from (its reader index advances)
   * @throws IllegalArgumentException naming the field when the bytes do not hold a message
   */
  T read(ByteBuf in);
}
