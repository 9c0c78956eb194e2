package dev.foresight.launch;

import dev.foresight.config.RosSettings;
import dev.foresight.core.Image;
import dev.foresight.perception.FrameRejectedException;
import dev.foresight.perception.RawFrame;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.runtime.LatestFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Camera frames from a ROS topic ({@code sensor_msgs/Image}) into a {@link LatestFrame}. */
final class RosFrames {
  private static final Logger LOG = LoggerFactory.getLogger(RosFrames.class);

  private RosFrames() {}

  /**
   * Subscribes to the camera topic: {@code image} when remapped, else {@code ros.cameraTopic}. A
   * frame of a bad size or encoding is logged in one line and dropped; the next one is unaffected.
   */
  static LatestFrame subscribe(RosNode node, RosSettings ros) {
    String topic = PerceptionNode.local(node, "image", ros.cameraTopic());
    LatestFrame camera = new LatestFrame("ROS topic " + node.names().resolve(topic));
    node.subscribe(
        Topic.of(topic, ImageMessage.TYPE),
        message -> {
          try {
            camera.offer(image(message), message.header().seq());
          } catch (FrameRejectedException e) {
            LOG.warn("camera frame seq {} rejected: {}", message.header().seq(), e.getMessage());
          }
        });
    return camera;
  }

  /**
   * The image a message carries.
   *
   * @throws FrameRejectedException naming a bad size or encoding
   */
  static Image image(ImageMessage message) {
    return new RawFrame(message.width(), message.height(), message.encoding(), message.data())
        .toImage();
  }
}
