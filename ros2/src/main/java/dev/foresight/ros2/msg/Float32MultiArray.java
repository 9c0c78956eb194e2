package dev.foresight.ros2.msg;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code std_msgs/msg/Float32MultiArray}: a float array with a layout, Foresight's latent vector.
 *
 * @param dimensions the layout's dimensions, at most {@value #MAX_DIMENSIONS}
 * @param dataOffset elements of padding at the front of {@code data} (uint32)
 * @param data the values; not copied
 */
public record Float32MultiArray(
    List<MultiArrayDimension> dimensions, int dataOffset, float[] data) {
  /** The ROS 2 name of this type. */
  public static final String ROS_NAME = "std_msgs/msg/Float32MultiArray";

  /** Most dimensions read or written. */
  public static final int MAX_DIMENSIONS = 16;

  /** Longest dimension label, in UTF-8 bytes. */
  public static final int MAX_LABEL_BYTES = 64;

  /** Default bound on the values of {@link #TYPE}. */
  public static final int DEFAULT_MAX_VALUES = 65_536;

  /** Arrays of at most {@link #DEFAULT_MAX_VALUES} values. */
  public static final Ros2MessageType<Float32MultiArray> TYPE = type(DEFAULT_MAX_VALUES);

  /** Checks the fields are given; copies the dimension list. */
  public Float32MultiArray {
    if (dimensions == null || data == null) {
      throw new IllegalArgumentException("Float32MultiArray dimensions and data must be given");
    }
    dimensions = List.copyOf(dimensions);
  }

  /** A one-dimensional array labelled {@code label} holding {@code data}. */
  public static Float32MultiArray vector(String label, float[] data) {
    return new Float32MultiArray(
        List.of(new MultiArrayDimension(label, data.length, data.length)), 0, data);
  }

  /**
   * The array type with a bound of {@code maxValues} floats.
   *
   * @param maxValues most values, positive
   */
  public static Ros2MessageType<Float32MultiArray> type(int maxValues) {
    if (maxValues <= 0 || maxValues > (Integer.MAX_VALUE - 8192) / 4) {
      throw new IllegalArgumentException(
          "Float32MultiArray maxValues must be in [1, "
              + (Integer.MAX_VALUE - 8192) / 4
              + "], got "
              + maxValues);
    }
    return new Ros2MessageType<>() {
      @Override
      public String rosName() {
        return ROS_NAME;
      }

      @Override
      public int maxSerializedBytes() {
        int dimension = 4 + MAX_LABEL_BYTES + 1 + 3 + 8;
        return 4 + MAX_DIMENSIONS * dimension + 4 + 4 + 4 * maxValues;
      }

      @Override
      public void write(Float32MultiArray message, CdrWriter out) {
        if (message.dimensions.size() > MAX_DIMENSIONS || message.data.length > maxValues) {
          throw new IllegalArgumentException(
              "Float32MultiArray has "
                  + message.dimensions.size()
                  + " dimensions and "
                  + message.data.length
                  + " values, the topic's bounds are "
                  + MAX_DIMENSIONS
                  + " and "
                  + maxValues);
        }
        out.writeInt(message.dimensions.size());
        for (MultiArrayDimension dimension : message.dimensions) {
          Header.checkLength("layout.dim.label", dimension.label(), MAX_LABEL_BYTES);
          out.writeString(dimension.label());
          out.writeInt(dimension.size());
          out.writeInt(dimension.stride());
        }
        out.writeInt(message.dataOffset);
        out.writeFloats(message.data);
      }

      @Override
      public Float32MultiArray read(CdrReader in) {
        int count = in.readInt("layout.dim length");
        if (Integer.toUnsignedLong(count) > MAX_DIMENSIONS) {
          throw new IllegalArgumentException(
              "layout.dim length "
                  + Integer.toUnsignedString(count)
                  + " is over the type's bound of "
                  + MAX_DIMENSIONS);
        }
        List<MultiArrayDimension> dimensions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          String label = in.readString("layout.dim[" + i + "].label", MAX_LABEL_BYTES);
          int size = in.readInt("layout.dim[" + i + "].size");
          int stride = in.readInt("layout.dim[" + i + "].stride");
          dimensions.add(new MultiArrayDimension(label, size, stride));
        }
        int dataOffset = in.readInt("layout.data_offset");
        return new Float32MultiArray(dimensions, dataOffset, in.readFloats("data", maxValues));
      }
    };
  }
}
