package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;

/**
 * {@code std_msgs/Header}: sequence number, time stamp and coordinate frame of stamped data.
 *
 * @param seq sequence number (unsigned 32-bit)
 * @param stamp acquisition time
 * @param frameId frame the data is expressed in
 */
public record Header(int seq, RosTime stamp, String frameId) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of("std_msgs/Header", "uint32 seq\ntime stamp\nstring frame_id\n");

  /** The message type. */
  public static final MessageType<Header> TYPE =
      new SimpleMessageType<>(SPEC, Header.class, Header::size, Header::write, Header::read);

  /** Checks the fields are present. */
  public Header {
    if (stamp == null || frameId == null) {
      throw new IllegalArgumentException("header stamp and frameId must be given");
    }
  }

  /** A header stamped with {@code nanos} since the epoch. */
  public static Header of(int seq, long nanos, String frameId) {
    return new Header(seq, RosTime.fromNanos(nanos), frameId);
  }

  static int size(Header header) {
    return 12 + Wire.stringSize(header.frameId);
  }

  static void write(Header header, ByteBuf out) {
    out.writeIntLE(header.seq);
    out.writeIntLE(header.stamp.secs());
    out.writeIntLE(header.stamp.nsecs());
    Wire.writeString(out, header.frameId);
  }

  static Header read(ByteBuf in) {
    Wire.need(in, 12, "header");
    int seq = in.readIntLE();
    RosTime stamp = new RosTime(in.readIntLE(), in.readIntLE());
    return new Header(seq, stamp, Wire.readString(in, "header.frame_id"));
  }
}
