package dev.foresight.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One n-dimensional array as NumPy stores it: a dtype, a C-order shape and little-endian data.
 *
 * @param dtype element type
 * @param shape dimensions, outermost first; empty for a scalar
 * @param data raw little-endian element bytes, {@code product(shape) * dtype.size()} long
 */
public record NpyArray(DType dtype, int[] shape, byte[] data) {

  /** Element types Foresight stores. */
  public enum DType {
    /** 32-bit IEEE float, NumPy {@code <f4}. */
    FLOAT32("<f4", 4),
    /** unsigned byte, NumPy {@code |u1}. */
    UINT8("|u1", 1),
    /** 32-bit signed integer, NumPy {@code <i4}. */
    INT32("<i4", 4),
    /** 64-bit signed integer, NumPy {@code <i8}. */
    INT64("<i8", 8),
    /** boolean stored as one byte, NumPy {@code |b1}. */
    BOOL("|b1", 1);

    private final String descr;
    private final int size;

    DType(String descr, int size) {
      this.descr = descr;
      this.size = size;
    }

    /** NumPy's type string, e.g. {@code <f4}. */
    public String descr() {
      return descr;
    }

    /** Bytes per element. */
    public int size() {
      return size;
    }

    /** Parses a NumPy type string; {@code null} when unsupported. */
    static DType fromDescr(String descr) {
      for (DType type : values()) {
        if (type.descr.equals(descr)
            || (type.size == 1 && type.descr.substring(1).equals(descr.substring(1)))) {
          return type;
        }
      }
      return null;
    }
  }

  /** Checks the data length matches dtype and shape. */
  public NpyArray {
    shape = shape.clone();
    long count;
    try {
      count = elementCount(shape);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "npy shape " + Arrays.toString(shape) + " has more elements than a long can count");
    }
    if (count < 0) {
      throw new IllegalArgumentException(
          "npy shape must be non-negative, got " + Arrays.toString(shape));
    }
    if (data.length != count * dtype.size()) {
      throw new IllegalArgumentException(
          "npy "
              + dtype.descr()
              + " shape "
              + Arrays.toString(shape)
              + " needs "
              + count * dtype.size()
              + " bytes, got "
              + data.length);
    }
  }

  /**
   * The product of the dimensions; {@code -1} when one is negative.
   *
   * @throws ArithmeticException when the product overflows a long
   */
  static long elementCount(int[] shape) {
    long count = 1;
    for (int dimension : shape) {
      if (dimension < 0) {
        return -1;
      }
      if (dimension == 0) {
        count = 0;
      }
    }
    if (count == 0) {
      return 0;
    }
    for (int dimension : shape) {
      count = Math.multiplyExact(count, dimension);
    }
    return count;
  }

  /** A float32 array (copies {@code values}). */
  public static NpyArray ofFloats(float[] values, int... shape) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return new NpyArray(DType.FLOAT32, shape, buffer.array());
  }

  /** A uint8 array (shares {@code values}). */
  public static NpyArray ofBytes(byte[] values, int... shape) {
    return new NpyArray(DType.UINT8, shape, values);
  }

  /** An int64 array (copies {@code values}). */
  public static NpyArray ofLongs(long[] values, int... shape) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asLongBuffer().put(values);
    return new NpyArray(DType.INT64, shape, buffer.array());
  }

  /** A boolean array (copies {@code values}). */
  public static NpyArray ofBooleans(boolean[] values, int... shape) {
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) (values[i] ? 1 : 0);
    }
    return new NpyArray(DType.BOOL, shape, bytes);
  }

  /** Number of elements. */
  public int size() {
    return data.length / dtype.size();
  }

  /** The elements as floats; float32 only. */
  public float[] floats() {
    require(DType.FLOAT32);
    float[] values = new float[size()];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /** The elements as longs; int32 and int64 arrays. */
  public long[] longs() {
    long[] values = new long[size()];
    ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
    if (dtype == DType.INT64) {
      buffer.asLongBuffer().get(values);
    } else {
      require(DType.INT32);
      for (int i = 0; i < values.length; i++) {
        values[i] = buffer.getInt(i * 4);
      }
    }
    return values;
  }

  /** The raw bytes; uint8 and bool arrays. Shared, not copied. */
  public byte[] bytes() {
    if (dtype != DType.UINT8 && dtype != DType.BOOL) {
      require(DType.UINT8);
    }
    return data;
  }

  /** Copy of the shape. */
  @Override
  public int[] shape() {
    return shape.clone();
  }

  private void require(DType expected) {
    if (dtype != expected) {
      throw new IllegalArgumentException(
          "npy array is " + dtype.descr() + ", expected " + expected.descr());
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof NpyArray that
        && dtype == that.dtype
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(data, that.data);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NpyArray[" + dtype.descr() + " " + Arrays.toString(shape) + "]";
  }
}
