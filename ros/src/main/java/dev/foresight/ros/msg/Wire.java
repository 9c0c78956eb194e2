package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Little-endian ROS 1 serialisation primitives: strings and variable arrays are a {@code uint32}
 * count followed by the elements; nothing is padded. Readers check every length against the bytes
 * left and name the field when the data is short.
 */
public final class Wire {
  private Wire() {}

  /** Bytes of a string on the wire. */
  public static int stringSize(String value) {
    return 4 + utf8Length(value);
  }

  /** Bytes of a string array on the wire. */
  public static int stringArraySize(String[] values) {
    int size = 4;
    for (String value : values) {
      size += stringSize(value);
    }
    return size;
  }

  private static int utf8Length(String value) {
    return isAscii(value) ? value.length() : value.getBytes(StandardCharsets.UTF_8).length;
  }

  /** Writes a string. */
  public static void writeString(ByteBuf out, String value) {
    if (isAscii(value)) {
      out.writeIntLE(value.length());
      out.writeCharSequence(value, StandardCharsets.US_ASCII);
    } else {
      byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
      out.writeIntLE(bytes.length);
      out.writeBytes(bytes);
    }
  }

  private static boolean isAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** Reads a string. */
  public static String readString(ByteBuf in, String field) {
    int length = readCount(in, field, 1);
    String value = in.toString(in.readerIndex(), length, StandardCharsets.UTF_8);
    in.skipBytes(length);
    return value;
  }

  /** Writes a string array. */
  public static void writeStringArray(ByteBuf out, String[] values) {
    out.writeIntLE(values.length);
    for (String value : values) {
      writeString(out, value);
    }
  }

  /** Reads a string array. */
  public static String[] readStringArray(ByteBuf in, String field) {
    int count = readCount(in, field, 4);
    String[] values = new String[count];
    for (int i = 0; i < count; i++) {
      values[i] = readString(in, field + "[" + i + "]");
    }
    return values;
  }

  /** Writes a {@code uint8[]}. */
  public static void writeBytes(ByteBuf out, byte[] values) {
    out.writeIntLE(values.length);
    out.writeBytes(values);
  }

  /** Reads a {@code uint8[]}. */
  public static byte[] readBytes(ByteBuf in, String field) {
    byte[] values = new byte[readCount(in, field, 1)];
    in.readBytes(values);
    return values;
  }

  /** Writes a {@code float32[]}. */
  public static void writeFloats(ByteBuf out, float[] values) {
    out.writeIntLE(values.length);
    for (float value : values) {
      out.writeFloatLE(value);
    }
  }

  /** Reads a {@code float32[]}. */
  public static float[] readFloats(ByteBuf in, String field) {
    float[] values = new float[readCount(in, field, 4)];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readFloatLE();
    }
    return values;
  }

  /** Writes a {@code float64[]}. */
  public static void writeDoubles(ByteBuf out, double[] values) {
    out.writeIntLE(values.length);
    for (double value : values) {
      out.writeDoubleLE(value);
    }
  }

  /** Reads a {@code float64[]}. */
  public static double[] readDoubles(ByteBuf in, String field) {
    double[] values = new double[readCount(in, field, 8)];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readDoubleLE();
    }
    return values;
  }

  /**
   * Reads a {@code uint32} element count and checks that {@code count * minElementBytes} bytes
   * remain.
   *
   * @throws IllegalArgumentException naming the field, the count and the bytes left
   */
  public static int readCount(ByteBuf in, String field, int minElementBytes) {
    need(in, 4, field);
    long count = in.readUnsignedIntLE();
    if (count * minElementBytes > in.readableBytes()) {
      throw new IllegalArgumentException(
          field
              + ": length "
              + count
              + " needs at least "
              + count * minElementBytes
              + " bytes, only "
              + in.readableBytes()
              + " left");
    }
    return (int) count;
  }

  /**
   * Checks that {@code bytes} remain.
   *
   * @throws IllegalArgumentException naming the field when they do not
   */
  public static void need(ByteBuf in, int bytes, String field) {
    if (in.readableBytes() < bytes) {
      throw new IllegalArgumentException(
          field + ": needs " + bytes + " bytes, only " + in.readableBytes() + " left");
    }
  }
}
