package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.Float32MultiArray;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import dev.foresight.ros2.Ros2Subscriber;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A ROS 2 subscription that hears nothing because of a publisher of another type or with an
 * incompatible QoS says so in one line, and keeps listening.
 */
class Ros2SilenceCheckTest {
  private static Ros2Transport open(String name, int domain) throws Exception {
    CppDdsPeer.build(); // skips where the Fast-DDS tools are missing, as the other ROS 2 tests
    return new Ros2Transport(
        Ros2Node.start(new Ros2NodeSettings(name, "/", domain, Map.of())), true);
  }

  private static Ros2Subscriber<?> subscription(Ros2Transport node, String topic) {
    return node.subscribers().stream()
        .filter(s -> s.topic().equals(topic))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aTypeMismatchIsNamedAndTheSubscriptionStillHearsTheRightType() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    List<ImageMessage> images = new CopyOnWriteArrayList<>();
    try (Ros2Transport robot = open("robot", domain);
        Ros2Transport perception = open("perception", domain)) {
      NodeTransport.Outlet<CompressedImage> compressed =
          robot.advertise(
              Topic.of("/camera/image_raw", CompressedImage.TYPE),
              NodeTransport.Delivery.SENSOR_DATA,
              1);
      perception.subscribe(
          Topic.of("/camera/image_raw", ImageMessage.TYPE),
          NodeTransport.Delivery.SENSOR_DATA,
          images::add);
      Optional<String> reason =
          Ros2SilenceCheck.diagnose(
              perception.node(), subscription(perception, "/camera/image_raw"), 5_000);
      assertThat(reason)
          .contains(
              "a publisher offers sensor_msgs/msg/CompressedImage, expected sensor_msgs/msg/Image"
                  + " (type mismatch)");
      // The transport's own check, a few seconds after subscribing, finds the same.
      long deadline = System.nanoTime() + 20_000_000_000L;
      while (perception.silenceReports().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(perception.silenceReports())
          .containsEntry("/camera/image_raw", reason.orElseThrow());
      assertThat(compressed.subscriberCount()).isZero();

      // A publisher of the right type is heard: the subscription stayed.
      NodeTransport.Outlet<ImageMessage> raw =
          robot.advertise(
              Topic.of("/camera/image_raw", ImageMessage.TYPE),
              NodeTransport.Delivery.SENSOR_DATA,
              1);
      deadline = System.nanoTime() + 10_000_000_000L;
      while (images.isEmpty() && System.nanoTime() < deadline) {
        raw.publish(
            new ImageMessage(Header.of(1, 0, "camera"), 1, 2, "rgb8", (byte) 0, 6, new byte[6]));
        Thread.sleep(100);
      }
      assertThat(images).isNotEmpty();
      assertThat(
              Ros2SilenceCheck.diagnose(
                  perception.node(), subscription(perception, "/camera/image_raw"), 500))
          .isEmpty();
    }
  }

  @Test
  void incompatibleQosIsNamedForReliableAndForTransientLocalSubscriptions() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    try (Ros2Transport robot = open("robot", domain);
        Ros2Transport recorder = open("recorder", domain)) {
      robot.advertise(
          Topic.of("/ee_pose", PoseStamped.TYPE), NodeTransport.Delivery.SENSOR_DATA, 1);
      robot.advertise(
          Topic.of("/goal_latent", Float32MultiArray.TYPE), NodeTransport.Delivery.RELIABLE, 1);
      robot.advertise(
          Topic.of("/latent", Float32MultiArray.TYPE), NodeTransport.Delivery.RELIABLE, 1);
      recorder.subscribe(
          Topic.of("/ee_pose", PoseStamped.TYPE), NodeTransport.Delivery.RELIABLE, m -> {});
      recorder.subscribe(
          Topic.of("/goal_latent", Float32MultiArray.TYPE),
          NodeTransport.Delivery.LATCHED,
          m -> {});
      recorder.subscribe(
          Topic.of("/latent", Float32MultiArray.TYPE), NodeTransport.Delivery.RELIABLE, m -> {});
      assertThat(
              Ros2SilenceCheck.diagnose(recorder.node(), subscription(recorder, "/ee_pose"), 5_000))
          .contains(
              "a publisher offers best effort only, which a reliable subscription does not match"
                  + " on ROS 2: publish it reliable");
      assertThat(
              Ros2SilenceCheck.diagnose(
                  recorder.node(), subscription(recorder, "/goal_latent"), 5_000))
          .contains(
              "a publisher of std_msgs/msg/Float32MultiArray offers best effort or volatile only,"
                  + " which a reliable transient-local subscription does not match on ROS 2:"
                  + " publish it reliable and transient local");
      // A compatible pair matches: nothing to say.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (subscription(recorder, "/latent").matchedPublishers() == 0
          && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(Ros2SilenceCheck.diagnose(recorder.node(), subscription(recorder, "/latent"), 500))
          .isEmpty();
    }
  }
}
