package dev.foresight.ros2.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the body of a plain CDR (XCDR1) sample in either byte order, checking every length against
 * the bytes present and the type's bounds: a malformed sample becomes an {@link
 * IllegalArgumentException} that names the field, never an out-of-memory or a wrong value.
 */
public final class CdrReader {
  private ByteBuffer buffer;
  private int origin;

  /**
   * Starts reading a body at the buffer's position, up to its limit.
   *
   * @param buffer read from its position (modified: position and byte order)
   * @param order byte order the sample's encapsulation announced
   * @return this reader
   */
  public CdrReader reset(ByteBuffer buffer, ByteOrder order) {
    this.buffer = buffer.order(order);
    this.origin = buffer.position();
    return this;
  }

  /** Bytes left after the read position. */
  public int remaining() {
    return buffer.remaining();
  }

  private void need(int alignment, long bytes, String field) {
    int offset = buffer.position() - origin;
    int pad = (alignment - offset % alignment) % alignment;
    if (pad + bytes > buffer.remaining()) {
      throw new IllegalArgumentException(
          field
              + " needs "
              + bytes
              + " bytes at offset "
              + (offset + pad)
              + ", the sample has "
              + Math.max(0, buffer.remaining() - pad)
              + " left");
    }
    buffer.position(buffer.position() + pad);
  }

  /** Reads a {@code uint8} or {@code int8}. */
  public byte readByte(String field) {
    need(1, 1, field);
    return buffer.get();
  }

  /** Reads a {@code uint32} or {@code int32}. */
  public int readInt(String field) {
    need(4, 4, field);
    return buffer.getInt();
  }

  /** Reads a {@code float32}. */
  public float readFloat(String field) {
    need(4, 4, field);
    return buffer.getFloat();
  }

  /** Reads a {@code float64}. */
  public double readDouble(String field) {
    need(8, 8, field);
    return buffer.getDouble();
  }

  private int readCount(String field, int max) {
    long count = Integer.toUnsignedLong(readInt(field + " length"));
    if (count > max) {
      throw new IllegalArgumentException(
          field + " length " + count + " is over the type's bound of " + max);
    }
    return (int) count;
  }

  /**
   * Reads a {@code string} of at most {@code maxBytes} UTF-8 bytes (without the NUL).
   *
   * @throws IllegalArgumentException when the length is zero (no NUL), over the bound or over the
   *     bytes present, when the NUL is missing or the bytes are not UTF-8
   */
  public String readString(String field, int maxBytes) {
    int length = readCount(field, maxBytes + 1);
    if (length == 0) {
      throw new IllegalArgumentException(field + " length 0 lacks the terminating NUL");
    }
    need(1, length, field);
    byte[] bytes = new byte[length - 1];
    buffer.get(bytes);
    if (buffer.get() != 0) {
      throw new IllegalArgumentException(field + " does not end with a NUL");
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(field + " is not UTF-8", e);
    }
  }

  /** Reads a {@code sequence<uint8>} of at most {@code max} elements. */
  public byte[] readBytes(String field, int max) {
    int count = readCount(field, max);
    need(1, count, field);
    byte[] values = new byte[count];
    buffer.get(values);
    return values;
  }

  /** Reads a {@code sequence<float32>} of at most {@code max} elements. */
  public float[] readFloats(String field, int max) {
    int count = readCount(field, max);
    float[] values = new float[count];
    if (count > 0) {
      need(4, 4L * count, field);
      buffer.asFloatBuffer().get(values);
      buffer.position(buffer.position() + 4 * count);
    }
    return values;
  }

  /** Reads a {@code sequence<float64>} of at most {@code max} elements. */
  public double[] readDoubles(String field, int max) {
    int count = readCount(field, max);
    double[] values = new double[count];
    if (count > 0) {
      need(8, 8L * count, field);
      buffer.asDoubleBuffer().get(values);
      buffer.position(buffer.position() + 8 * count);
    }
    return values;
  }
}
