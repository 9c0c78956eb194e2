package dev.foresight.launch;

import dev.foresight.ros.MessageListener;
import dev.foresight.ros.Topic;
import dev.foresight.ros2.Ros2Names;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2Publisher;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Subscriber;
import dev.foresight.ros2.Ros2Topic;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeTransport} on a ROS 2 node: each delivery kind becomes the QoS ROS 2 users expect
 * (images best effort, commands and latents reliable, goals transient local), messages are
 * converted by {@link Ros2Messages}, and ROS 1's private names ({@code ~energy}) become ROS 2's
 * ({@code ~/energy}).
 */
final class Ros2Transport implements NodeTransport {
  private final Ros2Node node;
  private final boolean ownsNode;
  private static final Logger LOG = LoggerFactory.getLogger(Ros2Transport.class);

  private final List<Ros2Subscriber<?>> subscribers = new CopyOnWriteArrayList<>();
  private final List<Runnable> shutdownListeners = new CopyOnWriteArrayList<>();
  private final java.util.Map<String, String> silenceReports =
      new java.util.concurrent.ConcurrentHashMap<>();
  private java.util.concurrent.ScheduledExecutorService silenceChecks;
  private boolean closed;

  /** How long after subscribing a silent subscription is diagnosed. */
  static final long SILENCE_CHECK_MILLIS = 5_000;

  /** How long the diagnosis waits for one of its probes to match. */
  static final long SILENCE_PROBE_MILLIS = 2_000;

  /**
   * @param ownsNode whether {@link #close} closes the node
   */
  Ros2Transport(Ros2Node node, boolean ownsNode) {
    this.node = node;
    this.ownsNode = ownsNode;
  }

  /** The ROS 2 QoS of a delivery kind (for publishers and subscriptions alike). */
  static Ros2Qos qos(Delivery delivery, int depth) {
    int historyDepth = Math.max(1, Math.min(depth, Ros2Qos.MAX_DEPTH));
    return switch (delivery) {
      case SENSOR_DATA, SENSOR_DATA_LATCHED -> Ros2Qos.SENSOR_DATA.withDepth(historyDepth);
      case RELIABLE -> Ros2Qos.RELIABLE.withDepth(historyDepth);
      case LATCHED -> Ros2Qos.TRANSIENT_LOCAL.withDepth(historyDepth);
    };
  }

  /** A ROS 1 style name as ROS 2 spells it: {@code ~name} becomes {@code ~/name}. */
  static String ros2Name(String name) {
    return name.startsWith("~") && !name.startsWith("~/") && name.length() > 1
        ? "~/" + name.substring(1)
        : name;
  }

  /** The ROS 2 node. */
  Ros2Node node() {
    return node;
  }

  /** The subscriptions made so far (for their counters). */
  List<Ros2Subscriber<?>> subscribers() {
    return List.copyOf(subscribers);
  }

  @Override
  public String rosVersion() {
    return "ROS 2";
  }

  @Override
  public String name() {
    return node.settings().name();
  }

  @Override
  public String resolve(String topic) {
    return node.resolve(ros2Name(topic));
  }

  @Override
  public boolean isRemapped(String name) {
    String namespace = node.settings().namespace();
    String nodeName = node.settings().name();
    String resolved = Ros2Names.resolve(namespace, nodeName, ros2Name(name));
    return node.settings().remappings().keySet().stream()
        .anyMatch(from -> Ros2Names.resolve(namespace, nodeName, from).equals(resolved));
  }

  @Override
  public <T> Outlet<T> advertise(Topic<T> topic, Delivery delivery, int depth) {
    Ros2Messages.Mapping<T, Object> mapping = Ros2Messages.of(topic.type());
    Ros2Publisher<Object> publisher =
        node.createPublisher(
            Ros2Topic.of(ros2Name(topic.name()), mapping.type()), qos(delivery, depth));
    return new Outlet<>() {
      @Override
      public String topicName() {
        return publisher.topic();
      }

      @Override
      public void publish(T message) {
        publisher.publish(mapping.toRos2().apply(message));
      }

      @Override
      public int subscriberCount() {
        return publisher.matchedSubscriptions();
      }
    };
  }

  @Override
  public <T> void subscribe(Topic<T> topic, Delivery delivery, MessageListener<T> listener) {
    Ros2Messages.Mapping<T, Object> mapping = Ros2Messages.of(topic.type());
    Ros2Subscriber<Object> subscriber =
        node.createSubscriber(
            Ros2Topic.of(ros2Name(topic.name()), mapping.type()),
            qos(delivery, 10),
            message -> listener.onMessage(mapping.fromRos2().apply(message)));
    subscribers.add(subscriber);
    checkSilence(subscriber);
  }

  /**
   * Once, {@link #SILENCE_CHECK_MILLIS} after subscribing: when the subscription has matched no
   * publisher, one warning line naming a publisher of another type or with an incompatible QoS
   * ({@link Ros2SilenceCheck}); the subscription stays, for a publisher that comes later.
   */
  private void checkSilence(Ros2Subscriber<?> subscriber) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (silenceChecks == null) {
        silenceChecks =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                  Thread thread = new Thread(runnable, "ros2-silence-check");
                  thread.setDaemon(true);
                  return thread;
                });
      }
      silenceChecks.schedule(
          () -> {
            // Subscribed under two types (a camera as Image and CompressedImage): one hearing
            // is enough.
            boolean heard =
                subscribers.stream()
                    .anyMatch(
                        other ->
                            other.topic().equals(subscriber.topic())
                                && other.matchedPublishers() > 0);
            if (heard) {
              return;
            }
            try {
              Ros2SilenceCheck.diagnose(node, subscriber, SILENCE_PROBE_MILLIS)
                  .ifPresent(
                      reason -> {
                        silenceReports.put(subscriber.topic(), reason);
                        LOG.warn(
                            "{}: no publisher on {} matched within {} s: {}",
                            name(),
                            subscriber.topic(),
                            SILENCE_CHECK_MILLIS / 1000,
                            reason);
                      });
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
              LOG.debug(
                  "{}: silence check of {} failed: {}", name(), subscriber.topic(), e.toString());
            }
          },
          SILENCE_CHECK_MILLIS,
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /** The silence checks' findings so far: topic → reason. */
  java.util.Map<String, String> silenceReports() {
    return java.util.Map.copyOf(silenceReports);
  }

  @Override
  public void onShutdown(Runnable listener) {
    shutdownListeners.add(listener);
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (silenceChecks != null) {
        silenceChecks.shutdownNow();
      }
    }
    for (Runnable listener : shutdownListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        LOG.warn("{}: a shutdown listener failed: {}", name(), e.toString());
      }
    }
    if (ownsNode) {
      node.close();
    }
  }
}
