package dev.foresight.ros.msg;

import io.netty.buffer.ByteBuf;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A {@link MessageType} assembled from a {@link MessageSpec} and three functions.
 *
 * @param <T> the record type of messages
 */
public final class SimpleMessageType<T> implements MessageType<T> {
  private final MessageSpec spec;
  private final Class<T> messageClass;
  private final ToIntFunction<T> size;
  private final BiConsumer<T, ByteBuf> writer;
  private final Function<ByteBuf, T> reader;

  /**
   * @param spec the definition and its md5
   * @param messageClass record class
   * @param size bytes on the wire of a message
   * @param writer writes a message
   * @param reader reads a message, throwing {@link IllegalArgumentException} on short data
   */
  public SimpleMessageType(
      MessageSpec spec,
      Class<T> messageClass,
      ToIntFunction<T> size,
      BiConsumer<T, ByteBuf> writer,
      Function<ByteBuf, T> reader) {
    this.spec = spec;
    this.messageClass = messageClass;
    this.size = size;
    this.writer = writer;
    this.reader = reader;
  }

  /** The definition this type was built from. */
  public MessageSpec spec() {
    return spec;
  }

  @Override
  public String typeName() {
    return spec.typeName();
  }

  @Override
  public String md5() {
    return spec.md5();
  }

  @Override
  public String definition() {
    return spec.fullText();
  }

  @Override
  public Class<T> messageClass() {
    return messageClass;
  }

  @Override
  public int serializedSize(T message) {
    return size.applyAsInt(message);
  }

  @Override
  public void write(T message, ByteBuf out) {
    writer.accept(message, out);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The exception's message starts with the type name, then names the field.
   */
  @Override
  public T read(ByteBuf in) {
    try {
      return reader.apply(in);
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException(
          typeName() + ": message ends early (" + e.getMessage() + ")", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(typeName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return typeName() + " [" + md5() + "]";
  }
}
