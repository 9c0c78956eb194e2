package dev.foresight.ros2;

import dev.foresight.ros2.msg.Ros2MessageType;

/**
 * A ROS 2 topic: a topic name bound to its message type, so no type travels as a string.
 *
 * @param name absolute, relative or private ROS 2 topic name, e.g. {@code camera/image_raw}
 * @param type message type
 * @param <T> message record type
 */
public record Ros2Topic<T>(String name, Ros2MessageType<T> type) {
  /** Checks the name and that the type is given. */
  public Ros2Topic {
    Ros2Names.requireTopic(name);
    if (type == null) {
      throw new IllegalArgumentException("ROS 2 topic '" + name + "' needs a message type");
    }
  }

  /** A topic named {@code name} of type {@code type}. */
  public static <T> Ros2Topic<T> of(String name, Ros2MessageType<T> type) {
    return new Ros2Topic<>(name, type);
  }
}
