package dev.foresight.launch;

import dev.foresight.bridge.ros.TwistChannel;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.TwistStamped;
import java.util.function.Consumer;

/**
 * The {@code ros} arm driver's channel over a {@link NodeTransport}, which is how the agent node
 * drives an arm on ROS 2: twists reliable, in the robot base frame, by default on MoveIt 2 Servo's
 * input topic; measured poses reliable. The driver and its limits are {@code robot-bridge-ros}'s,
 * the same as on ROS 1.
 */
final class TransportTwistChannel implements TwistChannel {
  /** MoveIt 2 Servo's default twist input topic. */
  static final String ROS2_SERVO_TWIST_TOPIC = "servo_node/delta_twist_cmds";

  private final NodeTransport node;
  private final NodeTransport.Outlet<TwistStamped> twists;

  /** Advertises {@code twistTopic} on {@code node}, which the channel does not close. */
  TransportTwistChannel(NodeTransport node, String twistTopic) {
    this.node = node;
    this.twists =
        node.advertise(
            Topic.of(twistTopic, TwistStamped.TYPE), NodeTransport.Delivery.RELIABLE, 10);
  }

  @Override
  public String twistTopic() {
    return twists.topicName();
  }

  @Override
  public void publish(TwistStamped twist) {
    twists.publish(twist);
  }

  @Override
  public String resolve(String topic) {
    return node.resolve(topic);
  }

  @Override
  public void subscribePoses(String topic, Consumer<PoseStamped> listener) {
    node.subscribe(
        Topic.of(topic, PoseStamped.TYPE), NodeTransport.Delivery.RELIABLE, listener::accept);
  }

  /** The node's topics stay with the node; the driver ignores poses once it is closed. */
  @Override
  public void close() {}
}
