package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import dev.foresight.ros2.Ros2Publisher;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Subscriber;
import dev.foresight.ros2.Ros2Topic;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * {@code foresight record} on ROS 2, each test in a domain of its own: the C++ Fast-DDS peer
 * publishes a robot run ({@code pub-robot} in ros2_peer.cpp: tick {@code k} stamped {@code BASE + k
 * · 50 ms} at 20 Hz, the same run {@link RecordCommandTest} publishes on ROS 1) that the recorder,
 * sampling at 10 Hz, turns into the same dataset as on ROS 1; bad input is one line.
 */
@Timeout(120)
class Ros2RecordCommandTest {
  private static final long BASE_NANOS = 1_700_000_000L * 1_000_000_000L;
  private static final long TICK_NANOS = 50_000_000L;
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String CAMERA = "/camera/image_raw";
  private static final String POSE = "/ee_pose";
  private static final String JOINTS = "/joint_states";
  private static final String COMMAND = "/planner/command";

  @TempDir Path dir;

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private final Logger subscriberLog = (Logger) LoggerFactory.getLogger(Ros2Subscriber.class);

  @BeforeEach
  void captureLog() {
    log.start();
    subscriberLog.addAppender(log);
  }

  @AfterEach
  void stop() throws InterruptedException {
    subscriberLog.detachAppender(log);
    executor.shutdownNow();
    assertThat(executor.awaitTermination(20, TimeUnit.SECONDS)).as("recorder stopped").isTrue();
  }

  private Path config(int domain) throws Exception {
    Path file = dir.resolve("ros2-" + domain + ".yaml");
    Files.writeString(file, "ros:\n  domainId: " + domain + "\n");
    return file;
  }

  /** Starts {@code foresight record --ros-version 2} in-process on the executor. */
  private Future<Integer> record(int domain, Path data, String... extra) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "record",
                "--config",
                config(domain).toString(),
                "--out",
                data.toString(),
                "--size",
                "8",
                "--camera",
                CAMERA,
                "--pose",
                POSE,
                "--joints",
                JOINTS,
                "--command",
                COMMAND));
    args.addAll(List.of(extra));
    if (!args.contains("--duration")) {
      args.addAll(List.of("--duration", "30"));
    }
    if (!args.contains("--ros-args")) {
      args.addAll(List.of("--ros-version", "2"));
    }
    return executor.submit(
        () ->
            ForesightCli.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args.toArray(String[]::new)));
  }

  private static CppDdsPeer robot(int domain, String encoding) throws Exception {
    return CppDdsPeer.start(
        "pub-robot", "" + domain, CAMERA, POSE, JOINTS, COMMAND, "40", "20", encoding);
  }

  /** Steps {@code j} at tick {@code 2j}: the values pub-robot published at that tick. */
  static void checkEpisode(Map<String, NpyArray> episode, int observations) {
    RecordCommandTest.checkEpisode(episode, 0, observations);
  }

  @Test
  void aCppRobotsImagesPosesJointsAndTwistsBecomeTheDatasetTheyMakeOnRos1() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    Path data = dir.resolve("data");
    try (CppDdsPeer robot = robot(domain, "rgb8")) {
      Future<Integer> recorder =
          record(
              domain,
              data,
              "--episodes",
              "1",
              "--duration",
              "30",
              "--ros-args",
              "-r",
              "__node:=recorder");
      robot.awaitLine("matched"::equals, WAIT);
      robot.awaitLine(line -> line.startsWith("published"), WAIT);
      assertThat(recorder.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    }
    assertThat(err.toString()).contains("recording on ROS 2: " + CAMERA + " (Image)");
    assertThat(out.toString()).contains("foresight record: 1 episodes, 19 steps into " + data);
    DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
    assertThat(manifest.episodes()).extracting(DatasetManifest.Entry::steps).containsExactly(19);
    checkEpisode(Npz.read(data.resolve("episode-000000.npz")), 20);
  }

  @Test
  void aMalformedSampleIsOneLineAndTheRecordingGoesOn() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    Path data = dir.resolve("data");
    try (Ros2Node broken = Ros2Node.start(new Ros2NodeSettings("broken_camera", "/", domain));
        CppDdsPeer robot = robot(domain, "rgb8")) {
      Future<Integer> recorder = record(domain, data, "--episodes", "1");
      Ros2Publisher<byte[]> truncated =
          broken.createPublisher(
              Ros2Topic.of(CAMERA, Ros2PerceptionNodeTest.TRUNCATED_IMAGE), Ros2Qos.RELIABLE);
      assertThat(truncated.awaitSubscriptions(1, WAIT)).isTrue();
      robot.awaitLine("matched"::equals, WAIT);
      // A sample sent before the reader has matched the writer may be lost: resend until one
      // arrives.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (malformedWarnings().isEmpty() && System.nanoTime() < deadline) {
        truncated.publish(new byte[] {1, 0, 0, 0, 2, 0});
        Thread.sleep(100);
      }
      robot.awaitLine(line -> line.startsWith("published"), WAIT);
      assertThat(recorder.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    }
    assertThat(malformedWarnings())
        .isNotEmpty()
        .allSatisfy(
            line ->
                assertThat(line)
                    .startsWith(CAMERA + ": dropped a malformed sensor_msgs::msg::dds_::Image_")
                    .contains("header.frame_id")
                    .doesNotContain("\n"));
    DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
    assertThat(manifest.episodes()).extracting(DatasetManifest.Entry::steps).containsExactly(19);
    checkEpisode(Npz.read(data.resolve("episode-000000.npz")), 20);
  }

  private List<String> malformedWarnings() {
    return List.copyOf(log.list).stream()
        .map(ILoggingEvent::getFormattedMessage)
        .filter(line -> line.contains("malformed"))
        .toList();
  }

  @Test
  void aWrongEncodingOrNoCameraIsOneLineAndWritesNothing() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    Path data = dir.resolve("data");
    try (CppDdsPeer robot = robot(domain, "yuv422")) {
      Future<Integer> recorder = record(domain, data);
      robot.awaitLine("matched"::equals, WAIT);
      assertThat(recorder.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(lastLine(err))
        .isEqualTo(
            "foresight record: "
                + CAMERA
                + ": image at "
                + BASE_NANOS
                + " ns cannot be read (image encoding 'yuv422' is not supported, expected one"
                + " of rgb8, bgr8, mono8), expected rgb8, bgr8 or mono8 images, or JPEG or PNG"
                + " compressed images");
    assertThat(data).doesNotExist();

    err.getBuffer().setLength(0);
    assertThat(record(domain, data, "--topic-timeout", "1").get(30, TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(lastLine(err))
        .isEqualTo(
            "foresight record: no publisher of "
                + CAMERA
                + " within --topic-timeout 1.0 s, expected a camera publishing"
                + " sensor_msgs/msg/Image or CompressedImage (is the camera running, in this"
                + " ROS_DOMAIN_ID, and the topic name and type right?)");
    assertThat(data).doesNotExist();
  }

  /**
   * The compressed-camera path, from a robot node of Foresight's own ROS 2 client publishing what
   * pub-robot does, with PNG frames, and an episode-end topic: the recorder subscribes the camera
   * as {@code CompressedImage} because that subscription matched; the end message after tick 19
   * ends the first episode, silence the second.
   */
  @Test
  void pngFramesAndAnEpisodeTopicFromARos2RobotGiveTwoEpisodes() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    Path data = dir.resolve("data");
    try (Ros2Node robot = Ros2Node.start(new Ros2NodeSettings("robot", "/", domain))) {
      var camera =
          robot.createPublisher(
              Ros2Topic.of(CAMERA, dev.foresight.ros2.msg.CompressedImage.TYPE), Ros2Qos.RELIABLE);
      var pose =
          robot.createPublisher(
              Ros2Topic.of(POSE, dev.foresight.ros2.msg.PoseStamped.TYPE), Ros2Qos.RELIABLE);
      var joints =
          robot.createPublisher(
              Ros2Topic.of(JOINTS, dev.foresight.ros2.msg.JointState.TYPE), Ros2Qos.RELIABLE);
      var command =
          robot.createPublisher(
              Ros2Topic.of(COMMAND, dev.foresight.ros2.msg.TwistStamped.TYPE), Ros2Qos.RELIABLE);
      var episodeEnd =
          robot.createPublisher(
              Ros2Topic.of("/episode_end", dev.foresight.ros2.msg.StringMessage.TYPE),
              Ros2Qos.RELIABLE);
      Future<Integer> recorder =
          record(domain, data, "--episodes", "2", "--episode-topic", "/episode_end");
      for (Ros2Publisher<?> publisher : List.of(camera, pose, joints, command, episodeEnd)) {
        assertThat(publisher.awaitSubscriptions(1, WAIT)).as(publisher.topic()).isTrue();
      }
      Thread.sleep(300);
      long next = System.nanoTime();
      for (int k = 0; k < 40; k++) {
        var header = dev.foresight.ros2.msg.Header.of(BASE_NANOS + k * TICK_NANOS, "base_link");
        camera.publish(new dev.foresight.ros2.msg.CompressedImage(header, "png", png(k)));
        pose.publish(
            new dev.foresight.ros2.msg.PoseStamped(
                header,
                new dev.foresight.ros2.msg.Point(0.01 * k, 0, 0.2),
                new dev.foresight.ros2.msg.Quaternion(0, 0, 0, 1)));
        joints.publish(
            new dev.foresight.ros2.msg.JointState(
                header,
                new String[] {"joint_1", "gripper"},
                new double[] {0, k / 100.0},
                new double[0],
                new double[0]));
        command.publish(
            new dev.foresight.ros2.msg.TwistStamped(
                header,
                new dev.foresight.ros2.msg.Vector3(0.1 + 0.01 * k, 0, 0),
                new dev.foresight.ros2.msg.Vector3(0, 0, 0.05)));
        if (k == 19) {
          episodeEnd.publish(new dev.foresight.ros2.msg.StringMessage("next"));
          Thread.sleep(50);
        }
        next += TICK_NANOS;
        TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
      }
      assertThat(recorder.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
    }
    assertThat(err.toString()).contains("recording on ROS 2: " + CAMERA + " (CompressedImage)");
    DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
    // Ticks 0, 2, …, 18 before the end message at tick 19's stamp; then ticks 20, …, 38.
    assertThat(manifest.episodes()).extracting(DatasetManifest.Entry::steps).containsExactly(9, 9);
    RecordCommandTest.checkEpisode(Npz.read(data.resolve("episode-000000.npz")), 0, 10);
    RecordCommandTest.checkEpisode(Npz.read(data.resolve("episode-000001.npz")), 20, 10);
  }

  /**
   * A QoS mismatch, ROS 2's usual silent failure: the pose publisher offers best effort, which the
   * recorder's reliable subscription does not match; the error names it instead of only saying that
   * nothing came.
   */
  @Test
  void aBestEffortPosePublisherIsNamedInTheLine() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    Path data = dir.resolve("data");
    try (Ros2Node robot = Ros2Node.start(new Ros2NodeSettings("robot", "/", domain))) {
      var camera =
          robot.createPublisher(
              Ros2Topic.of(CAMERA, dev.foresight.ros2.msg.CompressedImage.TYPE), Ros2Qos.RELIABLE);
      var pose =
          robot.createPublisher(
              Ros2Topic.of(POSE, dev.foresight.ros2.msg.PoseStamped.TYPE), Ros2Qos.SENSOR_DATA);
      var joints =
          robot.createPublisher(
              Ros2Topic.of(JOINTS, dev.foresight.ros2.msg.JointState.TYPE), Ros2Qos.RELIABLE);
      Future<Integer> recorder = record(domain, data, "--topic-timeout", "2");
      for (int k = 0; !recorder.isDone() && k < 400; k++) {
        var header = dev.foresight.ros2.msg.Header.of(BASE_NANOS + k * TICK_NANOS, "base_link");
        camera.publish(new dev.foresight.ros2.msg.CompressedImage(header, "png", png(k)));
        pose.publish(
            new dev.foresight.ros2.msg.PoseStamped(
                header,
                new dev.foresight.ros2.msg.Point(0.01 * k, 0, 0.2),
                new dev.foresight.ros2.msg.Quaternion(0, 0, 0, 1)));
        joints.publish(
            new dev.foresight.ros2.msg.JointState(
                header, new String[] {"gripper"}, new double[] {0}, new double[0], new double[0]));
        Thread.sleep(50);
      }
      assertThat(recorder.get(30, TimeUnit.SECONDS)).isEqualTo(1);
    }
    assertThat(lastLine(err))
        .isEqualTo(
            "foresight record: no message on "
                + POSE
                + " within --topic-timeout 2.0 s, expected geometry_msgs/PoseStamped (a publisher"
                + " offers best effort only, which a reliable subscription does not match on ROS 2:"
                + " publish it reliable)");
    assertThat(data).doesNotExist();
  }

  /** pub-robot's 16×16 frame of tick {@code k} as a PNG. */
  private static byte[] png(int k) throws java.io.IOException {
    var image = new java.awt.image.BufferedImage(16, 16, java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        image.setRGB(x, y, ((k % 256) << 16) | ((100 + x / 2) << 8) | (200 - y / 2));
      }
    }
    var bytes = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(image, "png", bytes);
    return bytes.toByteArray();
  }

  private static String lastLine(StringWriter writer) {
    List<String> lines = writer.toString().strip().lines().toList();
    return lines.get(lines.size() - 1);
  }
}
