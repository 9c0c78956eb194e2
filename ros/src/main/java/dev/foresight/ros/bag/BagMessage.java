package dev.foresight.ros.bag;

import dev.foresight.core.io.InvalidFileException;
import dev.foresight.ros.msg.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * One recorded message: its connection, the time the recorder received it and its serialised bytes,
 * which {@link #decode} turns into a message record.
 */
public final class BagMessage {
  private final String file;
  private final BagConnection connection;
  private final long timeNanos;
  private final byte[] chunk;
  private final int offset;
  private final int length;

  BagMessage(
      String file, BagConnection connection, long timeNanos, byte[] chunk, int offset, int length) {
    this.file = file;
    this.connection = connection;
    this.timeNanos = timeNanos;
    this.chunk = chunk;
    this.offset = offset;
    this.length = length;
  }

  /** The connection (topic, type) the message was recorded on. */
  public BagConnection connection() {
    return connection;
  }

  /** The topic. */
  public String topic() {
    return connection.topic();
  }

  /** When the recorder received the message, ns since the epoch. */
  public long timeNanos() {
    return timeNanos;
  }

  /** Serialised size in bytes. */
  public int size() {
    return length;
  }

  /** The serialised message as a read-only buffer over the bag's data (no copy). */
  public ByteBuf data() {
    return Unpooled.wrappedBuffer(chunk, offset, length).asReadOnly();
  }

  /** A copy of the serialised message. */
  public byte[] bytes() {
    return java.util.Arrays.copyOfRange(chunk, offset, offset + length);
  }

  /**
   * Decodes the message as {@code type}.
   *
   * @throws IllegalArgumentException when the connection's type or md5 sum is not {@code type}'s
   * @throws InvalidFileException when the bytes do not hold a message of that type
   */
  public <T> T decode(MessageType<T> type) throws InvalidFileException {
    if (!type.typeName().equals(connection.type()) || !type.md5().equals(connection.md5())) {
      throw new IllegalArgumentException(
          file
              + ": topic "
              + RecordHeader.quote(connection.topic())
              + " has type "
              + RecordHeader.quote(connection.type())
              + " (md5 "
              + RecordHeader.quote(connection.md5())
              + "), expected "
              + type.typeName()
              + " (md5 "
              + type.md5()
              + ")");
    }
    try {
      return type.read(data());
    } catch (RuntimeException e) {
      throw new InvalidFileException(
          file,
          "message on "
              + RecordHeader.quote(connection.topic())
              + " at "
              + timeNanos
              + " ns does not decode ("
              + RecordHeader.quote(e.getMessage())
              + ")",
          "a " + type.typeName() + " message");
    }
  }
}
