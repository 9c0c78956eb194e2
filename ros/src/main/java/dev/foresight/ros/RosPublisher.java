package dev.foresight.ros;

/**
 * Publishes messages on one topic to every connected subscriber. Each subscriber connection has a
 * bounded queue: when a subscriber is slower than the publisher, its oldest queued messages are
 * dropped, and other subscribers are not slowed down.
 *
 * @param <T> message record type
 */
public interface RosPublisher<T> extends AutoCloseable {
  /** The resolved topic. */
  Topic<T> topic();

  /**
   * Serialises the message once and queues it for every subscriber; never blocks on the network.
   * Safe to call from any thread.
   */
  void publish(T message);

  /** Subscribers connected now. */
  int subscriberCount();

  /** Whether the master knows about this publisher. */
  boolean isRegistered();

  /** Messages dropped from full subscriber queues since start, all connections together. */
  long droppedCount();

  /** Unregisters from the master and closes every subscriber connection. */
  @Override
  void close();
}
