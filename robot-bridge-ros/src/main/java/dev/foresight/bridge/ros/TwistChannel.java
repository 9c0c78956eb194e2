package dev.foresight.bridge.ros;

import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.RosSubscriber;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.TwistStamped;
import java.util.function.Consumer;

/**
 * Where a {@link RosTwistArmDriver} sends its twists and hears the measured pose: a ROS 1 node
 * ({@link #ros1}), or any transport that carries the same messages (the ROS 2 nodes' one), so the
 * driver's limits exist once for every transport.
 */
public interface TwistChannel {
  /** The resolved name of the twist topic. */
  String twistTopic();

  /** Sends one twist; never blocks on the network. */
  void publish(TwistStamped twist);

  /** Resolves {@code topic} as the channel's node names topics. */
  String resolve(String topic);

  /** Delivers measured poses on {@code topic} to {@code listener}, on a transport thread. */
  void subscribePoses(String topic, Consumer<PoseStamped> listener);

  /** Releases what the channel opened; the driver calls it once, from its own close. */
  void close();

  /**
   * A channel over a ROS 1 node: twists on {@code twistTopic} (not latched), poses by a subscriber.
   *
   * @param ownsNode whether {@link #close()} closes the node; otherwise it closes only its own
   *     publisher and subscriber, so that the node can take the topics again
   */
  static TwistChannel ros1(RosNode node, boolean ownsNode, String twistTopic) {
    RosPublisher<TwistStamped> twists =
        node.advertise(Topic.of(twistTopic, TwistStamped.TYPE), false, 10);
    return new TwistChannel() {
      private RosSubscriber<PoseStamped> poses;

      @Override
      public String twistTopic() {
        return twists.topic().name();
      }

      @Override
      public void publish(TwistStamped twist) {
        twists.publish(twist);
      }

      @Override
      public String resolve(String topic) {
        return node.names().resolve(topic);
      }

      @Override
      public void subscribePoses(String topic, Consumer<PoseStamped> listener) {
        poses = node.subscribe(Topic.of(topic, PoseStamped.TYPE), listener::accept);
      }

      @Override
      public void close() {
        if (ownsNode) {
          node.close();
          return;
        }
        twists.close();
        if (poses != null) {
          poses.close();
        }
      }
    };
  }
}
