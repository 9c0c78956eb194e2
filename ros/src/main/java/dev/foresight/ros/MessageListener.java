package dev.foresight.ros;

/**
 * Receives the messages of a subscription.
 *
 * @param <T> message record type
 */
@FunctionalInterface
public interface MessageListener<T> {
  /**
   * Called once per message, on the connection's I/O thread: return quickly, hand longer work to
   * another thread. Exceptions are logged and the connection keeps running.
   */
  void onMessage(T message);
}
