package dev.foresight.launch;

import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Subscriber;
import dev.foresight.ros2.Ros2Topic;
import dev.foresight.ros2.msg.Ros2MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a ROS 2 subscription hears nothing. On DDS a publisher of another type, or one offering less
 * than the subscription asks (best effort to a reliable reader, volatile to a transient-local one),
 * simply never matches, and neither side is told. So the topic is probed: one best-effort, volatile
 * subscription — which matches any publisher of its type — per type Foresight carries. A probe of
 * another type that matches names the type the publisher offers; one of the subscription's own type
 * names an incompatible QoS. The probes are removed afterwards.
 */
final class Ros2SilenceCheck {
  private Ros2SilenceCheck() {}

  /**
   * The reason {@code subscription} has matched no publisher, or empty when it has, or when no
   * probe matched within {@code waitMillis} either (no publisher at all, yet).
   */
  static Optional<String> diagnose(Ros2Node node, Ros2Subscriber<?> subscription, long waitMillis)
      throws InterruptedException {
    if (subscription.matchedPublishers() > 0) {
      return Optional.empty();
    }
    Ros2Qos wanted = subscription.qos();
    boolean demanding =
        wanted.reliability() == Ros2Qos.Reliability.RELIABLE
            || wanted.durability() == Ros2Qos.Durability.TRANSIENT_LOCAL;
    List<Ros2Subscriber<?>> probes = new ArrayList<>();
    try {
      for (Ros2MessageType<?> type : Ros2Messages.ros2Types()) {
        if (type.rosName().equals(subscription.type().rosName()) && !demanding) {
          continue;
        }
        probes.add(probe(node, subscription.topic(), type));
      }
      long deadline = System.nanoTime() + waitMillis * 1_000_000L;
      do {
        if (subscription.matchedPublishers() > 0) {
          return Optional.empty();
        }
        for (Ros2Subscriber<?> probe : probes) {
          if (probe.matchedPublishers() > 0) {
            return Optional.of(reason(subscription, probe));
          }
        }
        Thread.sleep(50);
      } while (System.nanoTime() < deadline);
      return Optional.empty();
    } finally {
      probes.forEach(node::removeSubscriber);
    }
  }

  private static <T> Ros2Subscriber<T> probe(Ros2Node node, String topic, Ros2MessageType<T> type) {
    return node.createSubscriber(Ros2Topic.of(topic, type), Ros2Qos.SENSOR_DATA, message -> {});
  }

  private static String reason(Ros2Subscriber<?> subscription, Ros2Subscriber<?> probe) {
    String expected = subscription.type().rosName();
    String offered = probe.type().rosName();
    if (!offered.equals(expected)) {
      return "a publisher offers " + offered + ", expected " + expected + " (type mismatch)";
    }
    Ros2Qos wanted = subscription.qos();
    if (wanted.durability() == Ros2Qos.Durability.TRANSIENT_LOCAL) {
      return "a publisher of "
          + expected
          + " offers best effort or volatile only, which a reliable transient-local subscription"
          + " does not match on ROS 2: publish it reliable and transient local";
    }
    return "a publisher offers best effort only, which a reliable subscription does not match on"
        + " ROS 2: publish it reliable";
  }
}
