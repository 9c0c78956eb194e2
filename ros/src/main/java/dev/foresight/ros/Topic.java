package dev.foresight.ros;

import dev.foresight.ros.msg.MessageType;

/**
 * A topic: a graph name bound to its message type, so no type is ever passed around as a string.
 * The name may be global, relative or private; the node resolves it when advertising or
 * subscribing.
 *
 * @param name graph name, e.g. {@code camera/image_raw}
 * @param type message type
 * @param <T> message record type
 */
public record Topic<T>(String name, MessageType<T> type) {
  /** Checks the name is a valid graph name and the type is given. */
  public Topic {
    GraphNames.requireValid("topic", name);
    if (type == null) {
      throw new IllegalArgumentException("topic '" + name + "' needs a message type");
    }
  }

  /** A topic named {@code name} of type {@code type}. */
  public static <T> Topic<T> of(String name, MessageType<T> type) {
    return new Topic<>(name, type);
  }
}
