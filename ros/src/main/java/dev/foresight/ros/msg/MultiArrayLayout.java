package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code std_msgs/MultiArrayLayout}.
 *
 * @param dim dimensions, outermost first
 * @param dataOffset elements to skip at the start of the data (unsigned 32-bit)
 */
public record MultiArrayLayout(List<MultiArrayDimension> dim, int dataOffset) {
  /** The definition. */
  public static final MessageSpec SPEC =
      MessageSpec.of(
          "std_msgs/MultiArrayLayout",
          "MultiArrayDimension[] dim\nuint32 data_offset\n",
          MultiArrayDimension.SPEC);

  /** A layout without dimensions. */
  public static final MultiArrayLayout EMPTY = new MultiArrayLayout(List.of(), 0);

  /** Copies the dimension list. */
  public MultiArrayLayout {
    dim = List.copyOf(dim);
  }

  /** A one-dimensional layout of {@code size} elements. */
  public static MultiArrayLayout vector(String label, int size) {
    return new MultiArrayLayout(List.of(new MultiArrayDimension(label, size, size)), 0);
  }

  int wireSize() {
    int size = 8;
    for (MultiArrayDimension dimension : dim) {
      size += dimension.wireSize();
    }
    return size;
  }

  void write(ByteBuf out) {
    out.writeIntLE(dim.size());
    for (MultiArrayDimension dimension : dim) {
      dimension.write(out);
    }
    out.writeIntLE(dataOffset);
  }

  static MultiArrayLayout read(ByteBuf in) {
    int count = Wire.readCount(in, "layout.dim", 12);
    List<MultiArrayDimension> dims = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      dims.add(MultiArrayDimension.read(in));
    }
    Wire.need(in, 4, "layout.data_offset");
    return new MultiArrayLayout(dims, in.readIntLE());
  }
}
