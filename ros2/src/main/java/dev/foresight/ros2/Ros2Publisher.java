package dev.foresight.ros2;

import dev.foresight.ros2.internal.Sample;
import dev.foresight.ros2.msg.Ros2MessageType;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import us.ihmc.pubsub.publisher.Publisher;

/**
 * Publishes messages of one type on one ROS 2 topic. Thread-safe.
 *
 * @param <T> message record type
 */
public final class Ros2Publisher<T> {
  private final String topic;
  private final Ros2MessageType<T> type;
  private final Ros2Qos qos;
  private final Publisher publisher;
  private final AtomicInteger matched;
  private final Sample<T> sample;

  Ros2Publisher(
      String topic,
      Ros2MessageType<T> type,
      Ros2Qos qos,
      Publisher publisher,
      AtomicInteger matched,
      Sample<T> sample) {
    this.topic = topic;
    this.type = type;
    this.qos = qos;
    this.publisher = publisher;
    this.matched = matched;
    this.sample = sample;
  }

  /** Fully qualified ROS 2 topic name, e.g. {@code /servo_node/delta_twist_cmds}. */
  public String topic() {
    return topic;
  }

  /** The message type. */
  public Ros2MessageType<T> type() {
    return type;
  }

  /** The offered quality of service. */
  public Ros2Qos qos() {
    return qos;
  }

  /** Subscriptions currently matched (compatible type, name and QoS). */
  public int matchedSubscriptions() {
    return matched.get();
  }

  /**
   * Waits until at least {@code count} subscriptions match.
   *
   * @return whether they matched within {@code timeout}
   */
  public boolean awaitSubscriptions(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (matched.get() < count) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      Thread.sleep(5);
    }
    return true;
  }

  /**
   * Publishes {@code message}.
   *
   * @throws IllegalArgumentException when the message is over the type's bounds
   * @throws Ros2Exception when Fast-DDS refuses the sample (publisher removed)
   */
  public synchronized void publish(T message) {
    if (message == null) {
      throw new IllegalArgumentException("cannot publish null on " + topic);
    }
    sample.set(message);
    try {
      publisher.write(sample);
    } catch (IOException e) {
      throw new Ros2Exception("cannot publish on " + topic + ": " + e.getMessage(), e);
    } finally {
      sample.value = null;
    }
  }
}
