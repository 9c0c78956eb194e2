package dev.foresight.ros.bag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.tools.RosTools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bags that Debian's {@code rosbag record} (the C++ recorder) wrote of images a Java node
 * published, uncompressed and with {@code --bz2} and {@code --lz4}: the reader returns every
 * recorded message, in order, with the contents published and the count {@code rosbag info} gives.
 */
class RosBagRecordTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final int MESSAGES = 12;

  @TempDir static Path workDir;
  private static RosTools ros;

  @BeforeAll
  static void startCore() throws Exception {
    assertThat(RosTools.missingToolsMessage()).as("ROS 1 tools").isNull();
    ros = RosTools.startCore(workDir, Map.of());
  }

  @AfterAll
  static void stopCore() {
    if (ros != null) {
      ros.close();
    }
  }

  @org.junit.jupiter.api.Test
  void readsARecordingKilledBeforeItWroteItsIndex() throws Exception {
    String topic = "/killed";
    Path bag = workDir.resolve("killed.bag");
    Path log = workDir.resolve("record-killed.log");
    List<String> command =
        List.of(
            RosTools.ROS_BIN.resolve("rosbag").toString(), "record", "-O", bag.toString(), topic);
    int published = 40;
    try (RosNode node =
        RosNode.start(RosNodeSettings.of(ros.masterUri(), "killed_source", "127.0.0.1"))) {
      RosPublisher<ImageMessage> publisher =
          node.advertise(Topic.of(topic, ImageMessage.TYPE), false, 100);
      Process record = ros.start(command, log);
      try {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (publisher.subscriberCount() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(publisher.subscriberCount()).as(RosTools.read(log)).isPositive();
        for (int n = 0; n < published; n++) {
          byte[] pixels = new byte[8 * 6 * 3];
          pixels[0] = (byte) n;
          publisher.publish(
              ImageMessage.fromImage(
                  Header.of(n, 1_000_000_000L + n, "camera"),
                  new Image(8, 6, PixelEncoding.RGB8, pixels)));
          Thread.sleep(20);
        }
        Thread.sleep(1000);
        // SIGKILL: the recorder cannot close the bag, so it has neither index nor final name.
        record.descendants().forEach(ProcessHandle::destroyForcibly);
        record.destroyForcibly();
        record.waitFor(10, TimeUnit.SECONDS);
      } finally {
        RosTools.stop(record);
      }
    }
    Path active = workDir.resolve("killed.bag.active");
    assertThat(active).exists();
    try (RosBag reader = RosBag.open(active)) {
      assertThat(reader.indexed()).isFalse();
      long catalogued = reader.connections(topic).get(0).messageCount();
      BagMessages messages = reader.messages(List.of(topic));
      int count = 0;
      int firstSeq = -1;
      for (BagMessage m = messages.next(); m != null; m = messages.next(), count++) {
        ImageMessage image = m.decode(ImageMessage.TYPE);
        firstSeq = firstSeq < 0 ? image.header().seq() : firstSeq;
        assertThat(image.header().seq()).isEqualTo(firstSeq + count);
        assertThat(image.data()[0]).isEqualTo((byte) image.header().seq());
      }
      assertThat(count).as("messages read").isPositive().isEqualTo(catalogued);
      assertThat(firstSeq + count).as("last message published").isLessThanOrEqualTo(published);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "bz2", "lz4"})
  void readsWhatRosbagRecordWrote(String compression) throws Exception {
    String topic = "/recorded_" + compression;
    Path bag = workDir.resolve(compression + ".bag");
    Path log = workDir.resolve("record-" + compression + ".log");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                RosTools.ROS_BIN.resolve("rosbag").toString(),
                "record",
                "-l",
                Integer.toString(MESSAGES),
                "-O",
                bag.toString()));
    if (!compression.equals("none")) {
      command.add("--" + compression);
    }
    command.add(topic);
    ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    try (RosNode node =
        RosNode.start(RosNodeSettings.of(ros.masterUri(), "bag_source", "127.0.0.1"))) {
      RosPublisher<ImageMessage> publisher =
          node.advertise(Topic.of(topic, ImageMessage.TYPE), false, 100);
      Process record = ros.start(command, log);
      try {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (publisher.subscriberCount() == 0 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(publisher.subscriberCount()).as(RosTools.read(log)).isPositive();
        AtomicInteger seq = new AtomicInteger();
        ticker.scheduleAtFixedRate(
            () -> {
              int n = seq.getAndIncrement();
              byte[] pixels = new byte[8 * 6 * 3];
              pixels[0] = (byte) n;
              pixels[pixels.length - 1] = (byte) (n * 3);
              publisher.publish(
                  ImageMessage.fromImage(
                      Header.of(n, 1_000_000_000L + n, "camera"),
                      new Image(8, 6, PixelEncoding.RGB8, pixels)));
            },
            0,
            20,
            TimeUnit.MILLISECONDS);
        assertThat(record.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as(RosTools.read(log))
            .isTrue();
      } finally {
        ticker.shutdownNow();
        RosTools.stop(record);
      }
    }
    String info =
        ros.run(
            List.of(RosTools.ROS_BIN.resolve("rosbag").toString(), "info", bag.toString()), WAIT);
    assertThat(info).contains(MESSAGES + " msgs");

    try (RosBag reader = RosBag.open(bag)) {
      assertThat(reader.indexed()).isTrue();
      assertThat(reader.compressions()).containsExactly(compression);
      assertThat(reader.connections(topic).get(0).messageCount()).isEqualTo(MESSAGES);
      BagMessages messages = reader.messages(List.of(topic));
      int count = 0;
      int firstSeq = -1;
      long lastTime = 0;
      for (BagMessage m = messages.next(); m != null; m = messages.next(), count++) {
        ImageMessage image = m.decode(ImageMessage.TYPE);
        int n = image.header().seq();
        firstSeq = firstSeq < 0 ? n : firstSeq;
        assertThat(n).as("message %d", count).isEqualTo(firstSeq + count);
        assertThat(image.header().stamp().toNanos()).isEqualTo(1_000_000_000L + n);
        assertThat(image.width()).isEqualTo(8);
        assertThat(image.data()[0]).isEqualTo((byte) n);
        assertThat(image.data()[image.data().length - 1]).isEqualTo((byte) (n * 3));
        assertThat(m.timeNanos()).isGreaterThanOrEqualTo(lastTime);
        lastTime = m.timeNanos();
      }
      assertThat(count).isEqualTo(MESSAGES);
    }
  }
}
