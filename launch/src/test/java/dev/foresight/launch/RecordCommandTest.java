package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.RosPublisher;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.CompressedImage;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.Point;
import dev.foresight.ros.msg.PoseMessage;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.Quaternion;
import dev.foresight.ros.msg.StringMessage;
import dev.foresight.ros.msg.Twist;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros.msg.Vector3;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.worldmodel.training.EpisodeDataset;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code foresight record} against a real roscore on loopback: a robot node of our own ROS client
 * publishes camera images, end-effector poses, joint states and commands at 20 Hz with header
 * stamps {@code BASE + k · 50 ms} (tick {@code k}); the recorder samples them at 10 Hz.
 */
class RecordCommandTest {
  private static final long BASE_NANOS = 1_700_000_000L * 1_000_000_000L;
  private static final long TICK_NANOS = 50_000_000L;
  private static final String CAMERA = "/camera/image_raw";
  private static final String POSE = "/ee_pose";
  private static final String JOINTS = "/joint_states";
  private static final String COMMAND = "/planner/command";
  private static final String EPISODE_END = "/episode_end";

  @TempDir Path dir;

  private final ExecutorService executor = Executors.newSingleThreadExecutor();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stopExecutor() throws InterruptedException {
    executor.shutdownNow();
    assertThat(executor.awaitTermination(20, TimeUnit.SECONDS)).as("recorder stopped").isTrue();
  }

  /** Publishes the four topics of a robot run from a node of our own ROS client. */
  private static final class Robot implements AutoCloseable {
    final RosNode node;
    final RosPublisher<ImageMessage> camera;
    final RosPublisher<CompressedImage> compressedCamera;
    final RosPublisher<StringMessage> episodeEnd;
    final RosPublisher<PoseStamped> pose;
    final RosPublisher<JointState> joints;
    final RosPublisher<TwistStamped> command;
    final String encoding;

    Robot(RosTools ros, String encoding, boolean withJoints) throws Exception {
      this.node = RosNode.start(RosNodeSettings.of(ros.masterUri(), "robot", "127.0.0.1"));
      this.encoding = encoding;
      boolean png = encoding.equals("png");
      camera = png ? null : node.advertise(Topic.of(CAMERA, ImageMessage.TYPE), false, 50);
      compressedCamera =
          png ? node.advertise(Topic.of(CAMERA, CompressedImage.TYPE), false, 50) : null;
      episodeEnd = node.advertise(Topic.of(EPISODE_END, StringMessage.TYPE), false, 10);
      pose = node.advertise(Topic.of(POSE, PoseStamped.TYPE), false, 50);
      joints = withJoints ? node.advertise(Topic.of(JOINTS, JointState.TYPE), false, 50) : null;
      command = node.advertise(Topic.of(COMMAND, TwistStamped.TYPE), false, 50);
    }

    /** Waits until every topic has {@code count} subscribers. */
    void awaitSubscribers(int count) throws InterruptedException {
      await(
          () ->
              (camera != null ? camera : compressedCamera).subscriberCount() >= count
                  && pose.subscriberCount() >= count
                  && (joints == null || joints.subscriberCount() >= count)
                  && command.subscriberCount() >= count,
          count + " subscribers on every topic");
    }

    /**
     * Publishes ticks {@code from} until {@code to} (exclusive) at 20 Hz: a 16×16 image whose red
     * is {@code k % 256}, green {@code 100 + x / 2} and blue {@code 200 - y / 2} (constant over the
     * 2×2 blocks that an 8×8 frame averages); x = 0.01 k m; gripper k / 100; command 0.1 + 0.01 k
     * m/s along x and 0.05 rad/s yaw.
     */
    void publish(int from, int to) throws InterruptedException {
      long next = System.nanoTime();
      for (int k = from; k < to; k++) {
        long stamp = BASE_NANOS + k * TICK_NANOS;
        int side = 16;
        int channels = encoding.equals("yuv422") ? 2 : 3;
        byte[] pixels = new byte[side * side * channels];
        for (int y = 0; y < side; y++) {
          for (int x = 0; x < side; x++) {
            int i = (y * side + x) * channels;
            pixels[i] = (byte) (k % 256);
            pixels[i + 1] = (byte) (100 + x / 2);
            if (channels == 3) {
              pixels[i + 2] = (byte) (200 - y / 2);
            }
          }
        }
        if (compressedCamera != null) {
          compressedCamera.publish(
              new CompressedImage(
                  Header.of(k, stamp, "camera"), "rgb8; png compressed", png(pixels)));
        } else {
          camera.publish(
              new ImageMessage(
                  Header.of(k, stamp, "camera"),
                  side,
                  side,
                  encoding,
                  (byte) 0,
                  side * channels,
                  pixels));
        }
        pose.publish(
            new PoseStamped(
                Header.of(k, stamp, "base_link"),
                new PoseMessage(new Point(0.01 * k, 0, 0.2), new Quaternion(0, 0, 0, 1))));
        if (joints != null) {
          joints.publish(
              new JointState(
                  Header.of(k, stamp, ""),
                  new String[] {"joint_1", "gripper"},
                  new double[] {0, k / 100.0},
                  new double[0],
                  new double[0]));
        }
        command.publish(
            new TwistStamped(
                Header.of(k, stamp, "base_link"),
                new Twist(new Vector3(0.1 + 0.01 * k, 0, 0), new Vector3(0, 0, 0.05))));
        next += TICK_NANOS;
        long sleep = next - System.nanoTime();
        if (sleep > 0) {
          TimeUnit.NANOSECONDS.sleep(sleep);
        }
      }
    }

    /** 16×16 RGB8 pixels as a PNG. */
    private static byte[] png(byte[] rgb) {
      BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
      for (int i = 0; i < 256; i++) {
        int r = rgb[3 * i] & 0xFF;
        int g = rgb[3 * i + 1] & 0xFF;
        int b = rgb[3 * i + 2] & 0xFF;
        image.setRGB(i % 16, i / 16, (r << 16) | (g << 8) | b);
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try {
        ImageIO.write(image, "png", bytes);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return bytes.toByteArray();
    }

    @Override
    public void close() {
      node.close();
    }
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  /** Starts {@code foresight record} in-process on the executor. */
  private Future<Integer> record(RosTools ros, Path data, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "record",
                "--out",
                data.toString(),
                "--size",
                "8",
                "__master:=" + ros.masterUri(),
                "__ip:=127.0.0.1"));
    args.addAll(List.of(extra));
    if (!args.contains("--duration")) {
      args.addAll(List.of("--duration", "25"));
    }
    return executor.submit(
        () ->
            ForesightCli.execute(
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args.toArray(String[]::new)));
  }

  private static RosTools core(Path work) throws Exception {
    assertThat(RosTools.missingToolsMessage()).as("ROS tools").isNull();
    return RosTools.startCore(work.resolve("ros"), Map.of());
  }

  @Test
  @Timeout(90)
  void recordsEveryStepAndContinuesTheDatasetOnTheNextRun() throws Exception {
    Path data = dir.resolve("data");
    try (RosTools ros = core(dir);
        Robot robot = new Robot(ros, "rgb8", true)) {
      Future<Integer> recorder = record(ros, data, "--episodes", "1");
      robot.awaitSubscribers(1);
      robot.publish(0, 40);
      assertThat(recorder.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
      assertThat(out.toString())
          .contains("foresight record: 1 episodes, 19 steps into " + data + " (1 episodes there");

      DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
      assertThat(manifest.controlPeriodSeconds()).isEqualTo(0.1);
      assertThat(manifest.episodes()).extracting(DatasetManifest.Entry::steps).containsExactly(19);
      // Steps at the stamps of ticks 0, 2, …, 38 (0 to 1.9 s); the last tick (39) only closes it.
      checkEpisode(Npz.read(data.resolve("episode-000000.npz")), 0, 20);
      byte[] first = Files.readAllBytes(data.resolve("episode-000000.npz"));

      // A second run continues the dataset: an interrupted write's temporary file is removed,
      // the first episode is kept as it was, the new one is numbered after it.
      Files.write(data.resolve(".episode-000001.npz123.tmp"), new byte[] {1, 2, 3});
      out.getBuffer().setLength(0);
      await(() -> robot.camera.subscriberCount() == 0, "the first recorder gone");
      Future<Integer> again = record(ros, data, "--episodes", "1");
      robot.awaitSubscribers(1);
      robot.publish(100, 120);
      assertThat(again.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
      assertThat(err.toString()).contains("continuing " + data + ": 1 episodes, 19 steps");
      assertThat(out.toString()).contains("1 episodes, 9 steps into " + data + " (2 episodes");
      manifest = DatasetManifest.read(data.resolve("manifest.json"));
      assertThat(manifest.episodes())
          .extracting(DatasetManifest.Entry::steps)
          .containsExactly(19, 9);
      assertThat(Files.readAllBytes(data.resolve("episode-000000.npz"))).isEqualTo(first);
      checkEpisode(Npz.read(data.resolve("episode-000001.npz")), 100, 10);
      try (Stream<Path> files = Files.list(data)) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted())
            .containsExactly("episode-000000.npz", "episode-000001.npz", "manifest.json");
      }
      assertThat(EpisodeDataset.load(List.of(data)).episodes()).hasSize(2);
    }
  }

  /**
   * Step {@code j} at tick {@code firstTick + 2j} holds what the robot published at that tick (the
   * ROS 1 robot here and the C++ peer's {@code pub-robot} on ROS 2 publish the same run).
   */
  static void checkEpisode(Map<String, NpyArray> episode, int firstTick, int observations) {
    assertThat(episode.get("frames").shape()).containsExactly(observations, 8, 8, 3);
    assertThat(episode.get("actions").shape()).containsExactly(observations - 1, 7);
    byte[] frames = episode.get("frames").bytes();
    float[] proprio = episode.get("proprio").floats();
    float[] actions = episode.get("actions").floats();
    long[] times = episode.get("time_ns").longs();
    float[] sync = episode.get("sync_error_ms").floats();
    for (int j = 0; j < observations; j++) {
      int k = firstTick + 2 * j;
      assertThat(times[j]).as("step %d", j).isEqualTo(BASE_NANOS + k * TICK_NANOS);
      // Pixel (x, y) = (1, 2) of the 8×8 frame averages source pixels x 2..3, y 4..5.
      int at = j * 192 + (2 * 8 + 1) * 3;
      assertThat(Arrays.copyOfRange(frames, at, at + 3))
          .as("frame of step %d", j)
          .containsExactly((byte) (k % 256), (byte) 101, (byte) 198);
      assertThat(sync[j]).isZero();
      assertThat(proprio[7 * j]).as("x").isCloseTo(0.01f * k, within(1e-6f));
      assertThat(proprio[7 * j + 2]).as("z").isCloseTo(0.2f, within(1e-6f));
      assertThat(proprio[7 * j + 6]).as("gripper").isCloseTo(k / 100f, within(1e-6f));
      if (j < observations - 1) {
        assertThat(actions[7 * j])
            .as("dx of step %d", j)
            .isCloseTo((0.1f + 0.01f * k) * 0.1f, within(1e-6f));
        assertThat(actions[7 * j + 5]).as("dYaw").isCloseTo(0.005f, within(1e-6f));
        assertThat(actions[7 * j + 6])
            .as("gripper at the next step")
            .isCloseTo((k + 2) / 100f, within(1e-6f));
      }
    }
  }

  @Test
  @Timeout(90)
  void aBadEncodingAMissingTopicAClockJumpOrAFullFolderIsOneLineAndWritesNoEpisode()
      throws Exception {
    Path data = dir.resolve("data");
    try (RosTools ros = core(dir)) {
      try (Robot robot = new Robot(ros, "yuv422", true)) {
        Future<Integer> recorder = record(ros, data);
        robot.awaitSubscribers(1);
        robot.publish(0, 4);
        assertThat(recorder.get(30, TimeUnit.SECONDS)).isEqualTo(1);
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
      }
      try (Robot robot = new Robot(ros, "rgb8", false)) {
        err.getBuffer().setLength(0);
        Future<Integer> recorder = record(ros, data, "--topic-timeout", "2");
        robot.awaitSubscribers(1);
        robot.publish(0, 60);
        assertThat(recorder.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(lastLine(err))
            .isEqualTo(
                "foresight record: no message on "
                    + JOINTS
                    + " within --topic-timeout 2.0 s, expected sensor_msgs/JointState (is its"
                    + " publisher running and the topic name right?)");
        assertThat(data).doesNotExist();
      }
      try (Robot robot = new Robot(ros, "rgb8", true)) {
        err.getBuffer().setLength(0);
        Future<Integer> recorder = record(ros, data);
        robot.awaitSubscribers(1);
        robot.publish(0, 20);
        robot.publish(6, 10);
        assertThat(recorder.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(lastLine(err))
            .startsWith("foresight record: the clock jumps back by 0.650 s on /")
            .endsWith(", expected stamps that never decrease by more than half a step (0.050 s)");
        assertThat(data).doesNotExist();
      }
      Files.createDirectories(data);
      Files.writeString(data.resolve("notes.txt"), "mine");
      err.getBuffer().setLength(0);
      assertThat(record(ros, data).get(30, TimeUnit.SECONDS)).isEqualTo(1);
      assertThat(lastLine(err))
          .isEqualTo(
              "foresight record: --out "
                  + data
                  + " is not empty and holds no dataset (notes.txt but no manifest.json), expected"
                  + " a new or empty folder, or a dataset to continue");
      try (Stream<Path> files = Files.list(data)) {
        assertThat(files).containsExactly(data.resolve("notes.txt"));
      }
    }
  }

  /**
   * JPEG/PNG camera topics, an episode-boundary topic and a stop while the robot still moves (the
   * path Ctrl-C takes): the boundary, sent after tick 19, ends the first episode at tick 19's
   * stamp; the second starts at tick 20 and is written when {@code --duration} stops the recording.
   */
  @Test
  @Timeout(90)
  void recordsPngFramesEndsEpisodesOnTheEpisodeTopicAndWritesTheOpenOneAtTheEnd() throws Exception {
    Path data = dir.resolve("data");
    try (RosTools ros = core(dir);
        Robot robot = new Robot(ros, "png", true)) {
      Future<Integer> recorder =
          record(ros, data, "--episode-topic", EPISODE_END, "--duration", "4");
      robot.awaitSubscribers(1);
      await(() -> robot.episodeEnd.subscriberCount() >= 1, "a subscriber on " + EPISODE_END);
      robot.publish(0, 20);
      robot.episodeEnd.publish(new StringMessage("next"));
      Thread.sleep(50);
      robot.publish(20, 120);
      assertThat(recorder.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
      DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
      assertThat(manifest.episodes()).hasSize(2);
      // Ticks 0, 2, …, 18 before the boundary at tick 19's stamp.
      assertThat(manifest.episodes().get(0).steps()).isEqualTo(9);
      checkEpisode(Npz.read(data.resolve("episode-000000.npz")), 0, 10);
      int steps = manifest.episodes().get(1).steps();
      assertThat(steps).as("steps until the stop").isBetween(10, 49);
      checkEpisode(Npz.read(data.resolve("episode-000001.npz")), 20, steps + 1);
      assertThat(err.toString()).contains("recorded 2 episodes, " + (9 + steps) + " steps");
    }
  }

  /**
   * Issue 18's acceptance: one robot run recorded at the same time by {@code foresight record} and
   * by Debian's {@code rosbag record} three times — uncompressed, {@code --bz2} and {@code --lz4}
   * (each stopped with SIGINT so that it closes its bag) — each bag then imported with {@code
   * foresight data import}, gives the same dataset.
   *
   * <p>How they are aligned: all time every message by its header stamp (not by when each recorder
   * received it) and put the streams in stamp order before the same {@link StepSampler}, so all
   * place step {@code j} at the first stamp where camera, pose and gripper are all known plus
   * {@code j} periods. The robot starts publishing only once every recorder is subscribed to every
   * topic, so each sees every message: the datasets match exactly (same number of steps and the
   * same step times; frames byte for byte; actions, proprio and sync errors within 1e-6).
   */
  @Test
  @Timeout(180)
  void aRunRecordedByRosbagAndImportedEqualsTheSameRunRecorded() throws Exception {
    Path recorded = dir.resolve("recorded");
    Map<String, Path> bags = new java.util.LinkedHashMap<>();
    bags.put("uncompressed", dir.resolve("run.bag"));
    bags.put("--bz2", dir.resolve("run-bz2.bag"));
    bags.put("--lz4", dir.resolve("run-lz4.bag"));
    try (RosTools ros = core(dir);
        Robot robot = new Robot(ros, "rgb8", true)) {
      List<Process> rosbags = new java.util.ArrayList<>();
      for (Map.Entry<String, Path> bag : bags.entrySet()) {
        List<String> command =
            new java.util.ArrayList<>(
                List.of(RosTools.ROS_BIN.resolve("rosbag").toString(), "record"));
        if (bag.getKey().startsWith("--")) {
          command.add(bag.getKey());
        }
        command.addAll(List.of("-O", bag.getValue().toString(), CAMERA, POSE, JOINTS, COMMAND));
        rosbags.add(ros.start(command, dir.resolve(bag.getValue().getFileName() + ".log")));
      }
      Future<Integer> recorder = record(ros, recorded, "--episodes", "1");
      robot.awaitSubscribers(1 + bags.size());
      robot.publish(0, 50);
      assertThat(recorder.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();

      // rosbag's Python front end forwards SIGINT to its recorder process, which closes the bag
      // (renames run.bag.active to run.bag) on its own time: wait for both.
      List<ProcessHandle> recorders = new java.util.ArrayList<>();
      for (Process rosbag : rosbags) {
        List<ProcessHandle> children = rosbag.descendants().toList();
        assertThat(children).as("rosbag's recorder process").isNotEmpty();
        recorders.addAll(children);
        Process interrupt =
            new ProcessBuilder("kill", "-INT", Long.toString(rosbag.pid()))
                .redirectErrorStream(true)
                .start();
        assertThat(interrupt.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      for (Process rosbag : rosbags) {
        assertThat(rosbag.waitFor(20, TimeUnit.SECONDS)).isTrue();
      }
      for (ProcessHandle process : recorders) {
        process.onExit().get(20, TimeUnit.SECONDS);
      }
    }
    DatasetManifest fromRecord = DatasetManifest.read(recorded.resolve("manifest.json"));
    assertThat(fromRecord.episodes()).extracting(DatasetManifest.Entry::steps).containsExactly(24);
    Map<String, NpyArray> a = Npz.read(recorded.resolve("episode-000000.npz"));
    checkEpisode(a, 0, 25);
    for (Map.Entry<String, Path> bag : bags.entrySet()) {
      String variant = bag.getKey();
      assertThat(bag.getValue())
          .as(variant + ": " + RosTools.read(dir.resolve(bag.getValue().getFileName() + ".log")))
          .exists();
      Path imported = dir.resolve("imported-" + bag.getValue().getFileName());
      assertThat(
              ForesightCli.execute(
                  new PrintWriter(out, true),
                  new PrintWriter(err, true),
                  "data",
                  "import",
                  bag.getValue().toString(),
                  "--out",
                  imported.toString(),
                  "--size",
                  "8"))
          .as(variant + ": " + err)
          .isZero();
      DatasetManifest fromBag = DatasetManifest.read(imported.resolve("manifest.json"));
      assertThat(fromBag.episodes())
          .as(variant)
          .extracting(DatasetManifest.Entry::steps)
          .containsExactly(24);
      Map<String, NpyArray> b = Npz.read(imported.resolve("episode-000000.npz"));
      assertThat(b.get("time_ns").longs()).as(variant).containsExactly(a.get("time_ns").longs());
      assertThat(b.get("frames").shape()).as(variant).containsExactly(a.get("frames").shape());
      assertThat(b.get("frames").bytes())
          .as(variant + " frames")
          .isEqualTo(a.get("frames").bytes());
      for (String name : List.of("actions", "proprio", "sync_error_ms")) {
        assertThat(b.get(name).shape())
            .as(variant + " " + name)
            .containsExactly(a.get(name).shape());
        float[] expected = a.get(name).floats();
        float[] actual = b.get(name).floats();
        for (int i = 0; i < expected.length; i++) {
          assertThat(actual[i])
              .as("%s %s[%d]", variant, name, i)
              .isCloseTo(expected[i], within(1e-6f));
        }
      }
    }
    // The compressed bags really hold compressed chunks (a chunk header names its compression).
    assertThat(new String(Files.readAllBytes(bags.get("--bz2")), StandardCharsets.ISO_8859_1))
        .contains("compression=bz2");
    assertThat(new String(Files.readAllBytes(bags.get("--lz4")), StandardCharsets.ISO_8859_1))
        .contains("compression=lz4");
  }

  private static String lastLine(StringWriter writer) {
    List<String> lines = writer.toString().strip().lines().toList();
    return lines.get(lines.size() - 1);
  }
}
