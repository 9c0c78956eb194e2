package dev.foresight.launch;

import dev.foresight.ros.MessageListener;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.Topic;

/** {@link NodeTransport} on a ROS 1 node: latching as the delivery kind says. */
final class Ros1Transport implements NodeTransport {
  private final RosNode node;
  private final boolean ownsNode;

  /**
   * @param ownsNode whether {@link #close} closes the node
   */
  Ros1Transport(RosNode node, boolean ownsNode) {
    this.node = node;
    this.ownsNode = ownsNode;
  }

  /** The ROS 1 node. */
  RosNode node() {
    return node;
  }

  @Override
  public String rosVersion() {
    return "ROS 1";
  }

  @Override
  public String name() {
    return node.name();
  }

  @Override
  public String resolve(String topic) {
    return node.names().resolve(topic);
  }

  @Override
  public boolean isRemapped(String name) {
    return node.names().isRemapped(name);
  }

  @Override
  public <T> Outlet<T> advertise(Topic<T> topic, Delivery delivery, int depth) {
    boolean latched = delivery == Delivery.LATCHED || delivery == Delivery.SENSOR_DATA_LATCHED;
    RosPublisher<T> publisher = node.advertise(topic, latched, depth);
    return new Outlet<>() {
      @Override
      public String topicName() {
        return publisher.topic().name();
      }

      @Override
      public void publish(T message) {
        publisher.publish(message);
      }

      @Override
      public int subscriberCount() {
        return publisher.subscriberCount();
      }
    };
  }

  @Override
  public <T> void subscribe(Topic<T> topic, Delivery delivery, MessageListener<T> listener) {
    node.subscribe(topic, listener);
  }

  @Override
  public void onShutdown(Runnable listener) {
    node.onShutdown(listener);
  }

  @Override
  public void close() {
    if (ownsNode) {
      node.close();
    }
  }
}
