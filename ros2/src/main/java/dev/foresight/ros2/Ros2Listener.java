package dev.foresight.ros2;

/**
 * Receives the messages of a subscription, on a Fast-DDS thread, one at a time. It should hand the
 * message on (a latest-value buffer, a bounded queue) and return quickly.
 *
 * @param <T> message record type
 */
@FunctionalInterface
public interface Ros2Listener<T> {
  /** Called with each well-formed message in arrival order. */
  void onMessage(T message);
}
