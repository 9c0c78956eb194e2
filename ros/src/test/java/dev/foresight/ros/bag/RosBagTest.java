package dev.foresight.ros.bag;

import static dev.foresight.ros.bag.BagFixtures.CAMERA;
import static dev.foresight.ros.bag.BagFixtures.JOINTS;
import static dev.foresight.ros.bag.BagFixtures.POSE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseStamped;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads bags that ROS's own rosbag library wrote and checks every message against the script. */
class RosBagTest {
  private static final int STEPS = 20;

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"none", "bz2", "lz4"})
  void readsEveryMessageOfAnIndexedBagInTimeOrder(String compression) throws Exception {
    Path file = BagFixtures.write(dir, compression, STEPS, 1024, true);
    try (RosBag bag = RosBag.open(file)) {
      assertThat(bag.indexed()).isTrue();
      assertThat(bag.compressions()).containsExactly(compression);
      assertConnections(bag);
      assertMessages(bag);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "bz2", "lz4"})
  void readsABagWithoutIndexByScanningItsChunks(String compression) throws Exception {
    Path file = BagFixtures.write(dir, compression, STEPS, 1024, false);
    try (RosBag bag = RosBag.open(file)) {
      assertThat(bag.indexed()).isFalse();
      assertThat(bag.compressions()).containsExactly(compression);
      assertConnections(bag);
      assertMessages(bag);
    }
  }

  @Test
  void returnsOnlyTheChosenTopics() throws Exception {
    Path file = BagFixtures.write(dir, "lz4", STEPS, 1024, true);
    try (RosBag bag = RosBag.open(file)) {
      BagMessages messages = bag.messages(List.of(POSE));
      List<Double> xs = new ArrayList<>();
      for (BagMessage m = messages.next(); m != null; m = messages.next()) {
        assertThat(m.topic()).isEqualTo(POSE);
        xs.add(m.decode(PoseStamped.TYPE).pose().position().x());
      }
      assertThat(xs).hasSize(STEPS);
      for (int i = 0; i < STEPS; i++) {
        assertThat(xs.get(i)).isCloseTo(0.1 * i, within(1e-12));
      }
    }
  }

  @Test
  void aTopicNotInTheBagIsOneLineNamingItAndTheBagsTopics() throws Exception {
    Path file = BagFixtures.write(dir, "none", 2, 1024, true);
    try (RosBag bag = RosBag.open(file)) {
      assertThatThrownBy(() -> bag.messages(List.of("/camera/rgb")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              file
                  + ": no topic /camera/rgb, expected one of /arm/pose, /camera/image_raw, "
                  + "/joint_states");
    }
  }

  @Test
  void decodingAsTheWrongTypeNamesBothTypes() throws Exception {
    Path file = BagFixtures.write(dir, "none", 2, 1024, true);
    try (RosBag bag = RosBag.open(file)) {
      BagMessage first = bag.messages(List.of(POSE)).next();
      assertThatThrownBy(() -> first.decode(ImageMessage.TYPE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("topic /arm/pose has type geometry_msgs/PoseStamped")
          .hasMessageContaining("expected sensor_msgs/Image");
    }
  }

  private static void assertConnections(RosBag bag) {
    assertThat(bag.topics()).containsExactly(POSE, CAMERA, JOINTS);
    assertThat(bag.messageCount()).isEqualTo(3L * STEPS);
    BagConnection camera = bag.connections(CAMERA).get(0);
    assertThat(camera.type()).isEqualTo("sensor_msgs/Image");
    assertThat(camera.md5()).isEqualTo(ImageMessage.TYPE.md5());
    assertThat(camera.messageCount()).isEqualTo(STEPS);
    assertThat(camera.largestStepBackNanos()).as("a clock that never went back").isZero();
    assertThat(camera.startTimeNanos()).isEqualTo(BagFixtures.timeNanos(CAMERA, 0));
    assertThat(camera.endTimeNanos()).isEqualTo(BagFixtures.timeNanos(CAMERA, STEPS - 1));
    assertThat(bag.connections(POSE).get(0).md5()).isEqualTo(PoseStamped.TYPE.md5());
    assertThat(bag.connections(JOINTS).get(0).endTimeNanos())
        .isEqualTo(BagFixtures.timeNanos(JOINTS, STEPS - 1));
  }

  /** All 3 × STEPS messages come back in time order with the contents the script wrote. */
  private static void assertMessages(RosBag bag) throws Exception {
    BagMessages messages = bag.messages(Set.of(CAMERA, POSE, JOINTS));
    List<String> topicsInOrder = List.of(CAMERA, POSE, JOINTS);
    int read = 0;
    for (BagMessage m = messages.next(); m != null; m = messages.next()) {
      int step = read / 3;
      String topic = topicsInOrder.get(read % 3);
      assertThat(m.topic()).as("message %d", read).isEqualTo(topic);
      assertThat(m.timeNanos())
          .as("message %d", read)
          .isEqualTo(BagFixtures.timeNanos(topic, step));
      if (topic.equals(CAMERA)) {
        ImageMessage image = m.decode(ImageMessage.TYPE);
        assertThat(image.width()).isEqualTo(4);
        assertThat(image.height()).isEqualTo(3);
        assertThat(image.encoding()).isEqualTo("rgb8");
        assertThat(image.header().stamp().toNanos()).isEqualTo(m.timeNanos());
        assertThat(image.data()).isEqualTo(BagFixtures.imageData(step));
      } else if (topic.equals(POSE)) {
        PoseStamped pose = m.decode(PoseStamped.TYPE);
        assertThat(pose.pose().position().x()).isCloseTo(0.1 * step, within(1e-12));
        assertThat(pose.pose().orientation().w()).isEqualTo(1.0);
      } else {
        JointState joints = m.decode(JointState.TYPE);
        assertThat(joints.name()).containsExactly("gripper");
        assertThat(joints.position()[0]).isCloseTo(0.01 * step, within(1e-12));
      }
      read++;
    }
    assertThat(read).isEqualTo(3 * STEPS);
    assertThat(messages.bytesRead()).isPositive();
  }
}
