package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;

/**
 * {@code std_msgs/MultiArrayDimension}.
 *
 * @param label name of the dimension
 * @param size number of elements along it (unsigned 32-bit)
 * @param stride elements spanned by one step along it (unsigned 32-bit)
 */
public record MultiArrayDimension(String label, int size, int stride) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of("std_msgs/MultiArrayDimension", "string label\nuint32 size\nuint32 stride\n");

  /** Checks the label is present. */
  public MultiArrayDimension {
    if (label == null) {
      throw new IllegalArgumentException("multi-array dimension label must be given");
    }
  }

  int wireSize() {
    return Wire.stringSize(label) + 8;
  }

  void write(ByteBuf out) {
    Wire.writeString(out, label);
    out.writeIntLE(size);
    out.writeIntLE(stride);
  }

  static MultiArrayDimension read(ByteBuf in) {
    String label = Wire.readString(in, "layout.dim.label");
    Wire.need(in, 8, "layout.dim");
    return new MultiArrayDimension(label, in.readIntLE(), in.readIntLE());
  }
}
