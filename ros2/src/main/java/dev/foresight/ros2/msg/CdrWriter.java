package dev.foresight.ros2.msg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the body of a plain CDR (XCDR1) sample, little-endian, as ROS 2's rmw_fastrtps does:
 * primitives aligned to their size (8 for 64-bit) counted from the start of the body, strings as a
 * {@code uint32} length that counts a trailing NUL, sequences as a {@code uint32} count followed by
 * the elements.
 *
 * <p>The caller owns the buffer; this writer keeps no state besides it and the body's origin.
 */
public final class CdrWriter {
  private ByteBuffer buffer;
  private int origin;

  /**
   * Starts writing a body at the buffer's position.
   *
   * @param buffer written from its position on (modified: little-endian order is set)
   * @return this writer
   */
  public CdrWriter reset(ByteBuffer buffer) {
    this.buffer = buffer.order(ByteOrder.LITTLE_ENDIAN);
    this.origin = buffer.position();
    return this;
  }

  /** Bytes written since {@link #reset}. */
  public int bodyLength() {
    return buffer.position() - origin;
  }

  private void align(int size) {
    int offset = buffer.position() - origin;
    int pad = (size - offset % size) % size;
    for (int i = 0; i < pad; i++) {
      buffer.put((byte) 0);
    }
  }

  /** Writes a {@code uint8} or {@code int8}. */
  public void writeByte(byte value) {
    buffer.put(value);
  }

  /** Writes a {@code uint32} or {@code int32}. */
  public void writeInt(int value) {
    align(4);
    buffer.putInt(value);
  }

  /** Writes a {@code float32}. */
  public void writeFloat(float value) {
    align(4);
    buffer.putFloat(value);
  }

  /** Writes a {@code float64}. */
  public void writeDouble(double value) {
    align(8);
    buffer.putDouble(value);
  }

  /** Writes a {@code string}: UTF-8 bytes with a trailing NUL, the length counting the NUL. */
  public void writeString(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeInt(bytes.length + 1);
    buffer.put(bytes);
    buffer.put((byte) 0);
  }

  /** Writes a {@code sequence<uint8>}. */
  public void writeBytes(byte[] values) {
    writeInt(values.length);
    buffer.put(values);
  }

  /** Writes a {@code sequence<float32>}. */
  public void writeFloats(float[] values) {
    writeInt(values.length);
    if (values.length > 0) {
      align(4);
      buffer.asFloatBuffer().put(values);
      buffer.position(buffer.position() + 4 * values.length);
    }
  }

  /** Writes a {@code sequence<float64>}. */
  public void writeDoubles(double[] values) {
    writeInt(values.length);
    if (values.length > 0) {
      align(8);
      buffer.asDoubleBuffer().put(values);
      buffer.position(buffer.position() + 8 * values.length);
    }
  }
}
