package dev.foresight.ros2.internal;

import dev.foresight.ros2.msg.CdrReader;
import dev.foresight.ros2.msg.CdrWriter;
import dev.foresight.ros2.msg.Ros2MessageType;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import us.ihmc.idl.CDR;
import us.ihmc.idl.InterchangeSerializer;
import us.ihmc.pubsub.TopicDataType;
import us.ihmc.pubsub.common.SerializedPayload;

/**
 * Adapts a {@link Ros2MessageType} to the IHMC library's {@link TopicDataType}: registers the ROS 2
 * DDS type name, writes plain little-endian CDR with its encapsulation header, and reads either
 * byte order. A sample that does not parse is not thrown at the native thread: its reason is kept
 * in the {@link Sample} for the subscriber to report in one line.
 *
 * <p>Each publisher and subscriber gets its own instance ({@link #newInstance}), so the reused
 * reader and writer are confined to that endpoint's thread.
 *
 * @param <T> message record type
 */
public final class CdrTopicDataType<T> implements TopicDataType<Sample<T>> {
  private static final int ENCAPSULATION_BYTES = 4;
  private static final int CDR_BE = 0;
  private static final int CDR_LE = 1;

  private final Ros2MessageType<T> type;
  private final CdrWriter writer = new CdrWriter();
  private final CdrReader reader = new CdrReader();

  /** An adapter for {@code type}. */
  public CdrTopicDataType(Ros2MessageType<T> type) {
    this.type = type;
  }

  @Override
  public void serialize(Sample<T> data, SerializedPayload payload) {
    ByteBuffer buffer = payload.getData();
    payload.setEncapsulation(SerializedPayload.CDR_LE);
    buffer.put((byte) 0).put((byte) CDR_LE).putShort((short) 0);
    try {
      type.write(data.value, writer.reset(buffer));
    } catch (BufferOverflowException e) {
      throw new IllegalArgumentException(
          type.rosName()
              + " message is over the type's bound of "
              + type.maxSerializedBytes()
              + " bytes",
          e);
    }
    buffer.flip();
    payload.setLength(buffer.limit());
  }

  @Override
  public void deserialize(SerializedPayload payload, Sample<T> data) {
    ByteBuffer buffer = payload.getData();
    if (buffer.remaining() < ENCAPSULATION_BYTES) {
      data.fail("sample of " + buffer.remaining() + " bytes has no encapsulation header");
      return;
    }
    int scheme = (buffer.get() & 0xff) << 8 | (buffer.get() & 0xff);
    buffer.getShort(); // options
    if (scheme != CDR_BE && scheme != CDR_LE) {
      data.fail(
          String.format(
              "encapsulation 0x%04x is not plain CDR (0x0000 or 0x0001); a type mismatch or XCDR2",
              scheme));
      return;
    }
    try {
      data.set(
          type.read(
              reader.reset(
                  buffer, scheme == CDR_LE ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)));
    } catch (IllegalArgumentException e) {
      data.fail(e.getMessage());
    }
  }

  /** Used by the library's JSON/YAML tools only, which Foresight does not call. */
  @Override
  public void serialize(Sample<T> data, InterchangeSerializer serializer) {
    throw new IllegalStateException(type.rosName() + " has no interchange (JSON/YAML) form");
  }

  /** Used by the library's JSON/YAML tools only, which Foresight does not call. */
  @Override
  public void deserialize(InterchangeSerializer serializer, Sample<T> data) {
    throw new IllegalStateException(type.rosName() + " has no interchange (JSON/YAML) form");
  }

  /** Used when nesting generated IHMC types, which these types never are. */
  @Override
  public void serialize(Sample<T> data, CDR cdr) {
    throw new IllegalStateException(type.rosName() + " is never nested in an IHMC type");
  }

  /** Used when nesting generated IHMC types, which these types never are. */
  @Override
  public void deserialize(Sample<T> data, CDR cdr) {
    throw new IllegalStateException(type.rosName() + " is never nested in an IHMC type");
  }

  @Override
  public void copy(Sample<T> src, Sample<T> dest) {
    dest.value = src.value;
    dest.error = src.error;
  }

  /** Encapsulation header, the type's bound and slack for Fast-DDS's 4-byte padding. */
  @Override
  public int getTypeSize() {
    return ENCAPSULATION_BYTES + type.maxSerializedBytes() + 4;
  }

  @Override
  public String getName() {
    return type.ddsTypeName();
  }

  @Override
  public Sample<T> createData() {
    return new Sample<>();
  }

  @Override
  public TopicDataType<Sample<T>> newInstance() {
    return new CdrTopicDataType<>(type);
  }
}
