package dev.foresight.launch;

import dev.foresight.ros.MessageListener;
import dev.foresight.ros.Topic;

/**
 * What Foresight's ROS nodes need of a ROS graph, so one node body runs on ROS 1 ({@link
 * Ros1Transport}) and ROS 2 ({@link Ros2Transport}): a name, topic resolution with the user's
 * remappings, and typed publishers and subscriptions. Messages are the ROS 1 message records of
 * module {@code ros}; the ROS 2 transport converts them to and from their ROS 2 counterparts.
 */
interface NodeTransport extends AutoCloseable {
  /**
   * How a topic's messages are delivered. ROS 1 knows only latching; ROS 2 maps each kind to the
   * QoS its users expect.
   */
  enum Delivery {
    /** Camera frames: ROS 2 sensor data (best effort, volatile); ROS 1 not latched. */
    SENSOR_DATA,
    /**
     * A simulated camera's newest frame: ROS 2 sensor data; ROS 1 latched, so a late subscriber
     * gets the frame it should act on.
     */
    SENSOR_DATA_LATCHED,
    /** Commands, latents, arm state: ROS 2 reliable, volatile; ROS 1 not latched. */
    RELIABLE,
    /** Goals: ROS 2 reliable, transient local; ROS 1 latched. */
    LATCHED
  }

  /**
   * Publishes on one topic.
   *
   * @param <T> ROS 1 message record type
   */
  interface Outlet<T> {
    /** The resolved topic name. */
    String topicName();

    /** Publishes {@code message}; never blocks on the network. Safe from any thread. */
    void publish(T message);

    /** Subscribers connected (ROS 1) or subscriptions matched (ROS 2) now. */
    int subscriberCount();
  }

  /** {@code "ROS 1"} or {@code "ROS 2"}, for start-up lines. */
  String rosVersion();

  /** The node's name (without namespace). */
  String name();

  /** The fully qualified name of {@code topic} for this node, after remapping. */
  String resolve(String topic);

  /** Whether the user remapped {@code name} (a node-local name such as {@code image}). */
  boolean isRemapped(String name);

  /**
   * Advertises {@code topic}.
   *
   * @param depth messages kept per subscriber (ROS 1 queue) or in the history (ROS 2 keep-last)
   * @throws IllegalArgumentException naming the type when the transport cannot carry it
   */
  <T> Outlet<T> advertise(Topic<T> topic, Delivery delivery, int depth);

  /**
   * Subscribes to {@code topic}; {@code listener} gets each well-formed message on a transport
   * thread.
   *
   * @throws IllegalArgumentException naming the type when the transport cannot carry it
   */
  <T> void subscribe(Topic<T> topic, Delivery delivery, MessageListener<T> listener);

  /**
   * A node-local topic name: {@code name} when a remapping names it (so {@code image:=/x} works as
   * ROS users expect), otherwise the configured topic.
   */
  default String local(String name, String configured) {
    return isRemapped(name) ? name : configured;
  }

  /**
   * Runs {@code listener} once when the node starts to close, before its publishers close, so it
   * may still publish a last message (e.g. a zero twist).
   */
  void onShutdown(Runnable listener);

  /** Runs the shutdown listeners and leaves the graph (when the transport owns its node). */
  @Override
  void close();
}
