package dev.foresight.ros2;

import dev.foresight.ros2.internal.Sample;
import dev.foresight.ros2.msg.Ros2MessageType;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import us.ihmc.pubsub.common.MatchingInfo;
import us.ihmc.pubsub.subscriber.Subscriber;
import us.ihmc.pubsub.subscriber.SubscriberListener;

/**
 * A subscription to one ROS 2 topic. Messages go to its listener; a malformed sample or a listener
 * that throws costs one log line and a count, and the subscription keeps running.
 *
 * @param <T> message record type
 */
public final class Ros2Subscriber<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Ros2Subscriber.class);

  private final String topic;
  private final Ros2MessageType<T> type;
  private final Ros2Qos qos;
  private final Ros2Listener<T> listener;
  private final Sample<T> sample = new Sample<>();
  private final AtomicInteger matched = new AtomicInteger();
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final Object drainLock = new Object();
  private volatile Subscriber<Sample<T>> subscriber;
  private volatile boolean closing;

  Ros2Subscriber(String topic, Ros2MessageType<T> type, Ros2Qos qos, Ros2Listener<T> listener) {
    this.topic = topic;
    this.type = type;
    this.qos = qos;
    this.listener = listener;
  }

  /** Fully qualified ROS 2 topic name. */
  public String topic() {
    return topic;
  }

  /** The message type. */
  public Ros2MessageType<T> type() {
    return type;
  }

  /** The requested quality of service. */
  public Ros2Qos qos() {
    return qos;
  }

  /** Publishers currently matched. */
  public int matchedPublishers() {
    return matched.get();
  }

  /** Well-formed messages handed to the listener. */
  public long received() {
    return received.get();
  }

  /** Samples dropped because their bytes were not a message of this type. */
  public long malformed() {
    return malformed.get();
  }

  /** Messages whose listener call threw. */
  public long listenerFailures() {
    return listenerFailures.get();
  }

  void attach(Subscriber<Sample<T>> nativeSubscriber) {
    this.subscriber = nativeSubscriber;
  }

  Subscriber<Sample<T>> nativeSubscriber() {
    return subscriber;
  }

  /**
   * Stops taking samples before the native subscriber is removed. Removal waits for the Fast-DDS
   * receive thread to leave its callback, while the IHMC subscriber holds the lock that {@code
   * takeNextData} needs: a callback still taking samples then would deadlock. After this returns,
   * callbacks return at once without touching the native subscriber.
   */
  void stopTaking() {
    closing = true;
    synchronized (drainLock) {
      // Waits for a drain that started before closing was set.
    }
  }

  SubscriberListener<Sample<T>> nativeListener() {
    return new SubscriberListener<>() {
      @Override
      public void onNewDataMessage(Subscriber<Sample<T>> source) {
        drain(source);
      }

      @Override
      public void onSubscriptionMatched(Subscriber<Sample<T>> source, MatchingInfo info) {
        Ros2Node.count(matched, info);
      }
    };
  }

  private void drain(Subscriber<Sample<T>> source) {
    synchronized (drainLock) {
      drainLocked(source);
    }
  }

  private void drainLocked(Subscriber<Sample<T>> source) {
    while (!closing && source.takeNextData(sample, null)) {
      if (sample.error != null) {
        long count = malformed.incrementAndGet();
        LOG.warn(
            "{}: dropped a malformed {} sample ({} so far): {}",
            topic,
            type.ddsTypeName(),
            count,
            sample.error);
        continue;
      }
      T message = sample.value;
      sample.value = null;
      received.incrementAndGet();
      try {
        listener.onMessage(message);
      } catch (RuntimeException e) {
        long count = listenerFailures.incrementAndGet();
        LOG.warn("{}: listener failed on a message ({} so far): {}", topic, count, e.toString());
      }
    }
  }
}
