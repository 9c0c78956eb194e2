package dev.foresight.launch;

import dev.foresight.ros.RosException;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.msg.TwistStamped;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The types of the topics {@code foresight record} subscribes, from the master: the camera may
 * publish {@code sensor_msgs/Image} or {@code CompressedImage}, and is subscribed with the type its
 * publisher announces.
 */
final class RecordTopicTypes {
  private RecordTopicTypes() {}

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
}
