package dev.foresight.launch;

import dev.foresight.ros.RosException;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.MessageType;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros2.Ros2Subscriber;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The types of the topics {@code foresight record} subscribes: the camera may publish {@code
 * sensor_msgs/Image} or {@code CompressedImage}, and is subscribed with the type its publisher
 * announces. On ROS 1 the master lists the types; on ROS 2, where a reader matches only a writer of
 * its own type, the camera topic is subscribed with both and the one that matches a publisher
 * tells.
 */
final class RecordTopicTypes {
  /** Subscribes the camera topic with one message type. */
  interface CameraSubscription {
    void subscribe(MessageType<?> type);
  }

  private RecordTopicTypes() {}

  /**
   * Subscribes the camera with the type its publisher has, waiting for one until {@code
   * deadlineNanos}, and tells whether it publishes {@code CompressedImage} (else {@code Image}). On
   * ROS 1 the types of the other topics that are published already are checked too.
   *
   * @throws IllegalArgumentException naming the topic: no camera publisher by the deadline, or a
   *     topic of another type
   */
  static boolean subscribeCamera(
      NodeTransport node,
      RosRecording.Options options,
      long deadlineNanos,
      CameraSubscription subscription)
      throws InterruptedException {
    if (node instanceof Ros1Transport ros1) {
      boolean compressed = cameraIsCompressed(ros1.node(), options, deadlineNanos);
      subscription.subscribe(compressed ? CompressedImage.TYPE : ImageMessage.TYPE);
      return compressed;
    }
    Ros2Transport ros2 = (Ros2Transport) node;
    subscription.subscribe(ImageMessage.TYPE);
    subscription.subscribe(CompressedImage.TYPE);
    String camera = ros2.resolve(options.camera());
    while (true) {
      for (Ros2Subscriber<?> subscriber : ros2.subscribers()) {
        if (subscriber.topic().equals(camera) && subscriber.matchedPublishers() > 0) {
          return subscriber
              .type()
              .rosName()
              .equals(dev.foresight.ros2.msg.CompressedImage.ROS_NAME);
        }
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "no publisher of %s within --topic-timeout %s s, expected a camera publishing"
                    + " sensor_msgs/msg/Image or CompressedImage (is the camera running, in this"
                    + " ROS_DOMAIN_ID, and the topic name and type right?)",
                camera,
                options.topicTimeoutSeconds()));
      }
      Thread.sleep(50);
    }
  }

  /**
   * Waits for the master to list a publisher of the camera topic and tells whether it publishes
   * {@code CompressedImage} (else {@code Image}); checks the types of the other topics that are
   * published already.
   *
   * @param deadlineNanos {@link System#nanoTime()} after which a missing camera publisher fails
   * @throws IllegalArgumentException naming the topic: no camera publisher by the deadline, or a
   *     topic of another type
   */
  static boolean cameraIsCompressed(RosNode node, RosRecording.Options options, long deadlineNanos)
      throws InterruptedException {
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put(options.pose(), PoseStamped.TYPE.typeName());
    expected.put(options.joints(), JointState.TYPE.typeName());
    expected.put(options.command(), TwistStamped.TYPE.typeName());
    if (options.episodeTopic() != null) {
      expected.put(options.episodeTopic(), StringMessage.TYPE.typeName());
    }
    String masterError = "";
    while (true) {
      Map<String, String> published = Map.of();
      try {
        published = node.master().getPublishedTopics("");
        masterError = "";
      } catch (RosException e) {
        masterError = " (the master at " + node.master().masterUri() + ": " + e.getMessage() + ")";
      }
      for (Map.Entry<String, String> topic : expected.entrySet()) {
        String type = published.get(topic.getKey());
        if (type != null && !type.equals(topic.getValue())) {
          throw new IllegalArgumentException(
              "topic " + topic.getKey() + " has type " + type + ", expected " + topic.getValue());
        }
      }
      String camera = published.get(options.camera());
      if (camera != null) {
        if (camera.equals(ImageMessage.TYPE.typeName())) {
          return false;
        }
        if (camera.equals(CompressedImage.TYPE.typeName())) {
          return true;
        }
        throw new IllegalArgumentException(
            "topic "
                + options.camera()
                + " has type "
                + camera
                + ", expected "
                + ImageMessage.TYPE.typeName()
                + " or "
                + CompressedImage.TYPE.typeName());
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "no publisher of %s within --topic-timeout %s s%s, expected a camera publishing"
                    + " sensor_msgs/Image or CompressedImage (is the camera running and the topic"
                    + " name right?)",
                options.camera(),
                options.topicTimeoutSeconds(),
                masterError));
      }
      Thread.sleep(100);
    }
  }

  /**
   * Fails naming the first of camera, pose and joints that has sent nothing. On ROS 2, where a
   * subscription that does not match a publisher hears nothing, the pose and joint topics are
   * probed ({@link Ros2SilenceCheck}): a publisher of another type or with an incompatible QoS is
   * named in the error.
   *
   * @param seen the topics that have sent a message
   * @throws IllegalArgumentException naming the topic and what was expected
   */
  static void checkFirstMessages(NodeTransport node, RosRecording.Options options, Set<String> seen)
      throws InterruptedException {
    Object[][] required = {
      {options.camera(), "camera images", null},
      {options.pose(), "geometry_msgs/PoseStamped", PoseStamped.TYPE},
      {options.joints(), "sensor_msgs/JointState", JointState.TYPE}
    };
    for (Object[] topic : required) {
      if (!seen.contains((String) topic[0])) {
        String reason = "is its publisher running and the topic name right?";
        if (topic[2] != null && node instanceof Ros2Transport ros2) {
          reason = silenceReason(ros2, (String) topic[0]).orElse(reason);
        }
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "no message on %s within --topic-timeout %s s, expected %s (%s)",
                topic[0],
                options.topicTimeoutSeconds(),
                topic[1],
                reason));
      }
    }
  }

  /** {@link Ros2SilenceCheck}'s reason for the recorder's subscription to {@code topic}. */
  private static java.util.Optional<String> silenceReason(Ros2Transport node, String topic)
      throws InterruptedException {
    String resolved = node.resolve(topic);
    for (Ros2Subscriber<?> subscriber : node.subscribers()) {
      if (subscriber.topic().equals(resolved)) {
        return Ros2SilenceCheck.diagnose(
            node.node(), subscriber, Ros2Transport.SILENCE_PROBE_MILLIS);
      }
    }
    return java.util.Optional.empty();
  }
}
