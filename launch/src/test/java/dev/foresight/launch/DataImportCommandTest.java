package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.worldmodel.training.EpisodeDataset;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code foresight data import} on bags that ROS's own rosbag library wrote ({@code
 * write_robot_bag.py}: two runs, 0–2 s and 5–6 s, camera 20 Hz, pose and joints 50 Hz, commands 10
 * Hz). Every step's frame, proprio, action, time and sync error is checked against the script.
 */
class DataImportCommandTest {
  private static final long BASE_NANOS = 1_700_000_000L * 1_000_000_000L;

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path bag(String compression) throws Exception {
    return bag(compression, "rgb8");
  }

  private Path bag(String compression, String encoding) throws Exception {
    return bag(compression, encoding, "");
  }

  private Path bag(String compression, String encoding, String order) throws Exception {
    assertThat(RosTools.missingToolsMessage()).as("ROS tools").isNull();
    Path script = dir.resolve("write_robot_bag.py");
    try (InputStream in = getClass().getResourceAsStream("write_robot_bag.py")) {
      Files.write(script, in.readAllBytes());
    }
    Path bag = dir.resolve("run-" + compression + "-" + encoding + order + ".bag");
    ProcessBuilder builder =
        new ProcessBuilder(
            RosTools.SYSTEM_PYTHON.toString(),
            script.toString(),
            bag.toString(),
            compression,
            encoding,
            order);
    builder.environment().remove("PYTHONPATH");
    builder.environment().put("ROS_HOME", dir.resolve("ros_home").toString());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isZero();
    return bag;
  }

  @ParameterizedTest
  @ValueSource(strings = {"none", "bz2", "lz4"})
  void importsEveryStepOfBothRunsAsTwoEpisodes(String compression) throws Exception {
    Path bag = bag(compression);
    Path data = dir.resolve("data");
    assertThat(run("data", "import", bag.toString(), "--out", data.toString(), "--size", "8"))
        .as(err.toString())
        .isZero();
    assertThat(out.toString()).contains("2 episodes, 28 steps into " + data);

    DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
    assertThat(manifest.controlPeriodSeconds()).isEqualTo(0.1);
    assertThat(manifest.episodes()).extracting(DatasetManifest.Entry::steps).containsExactly(19, 9);
    // Run 1: steps at 10, 110, …, 1910 ms (the camera's last frame is at 1950 ms, so the step at
    // 2010 ms would hold it past the end of the run); run 2 from 5010 to 5910 ms.
    checkEpisode(Npz.read(data.resolve("episode-000000.npz")), 10, 20);
    checkEpisode(Npz.read(data.resolve("episode-000001.npz")), 5010, 10);

    EpisodeDataset training = EpisodeDataset.load(List.of(data));
    assertThat(training.episodes()).hasSize(2);
  }

  private static void checkEpisode(
      Map<String, NpyArray> episode, int firstMillis, int observations) {
    assertThat(episode.get("frames").shape()).containsExactly(observations, 8, 8, 3);
    assertThat(episode.get("actions").shape()).containsExactly(observations - 1, 7);
    byte[] frames = episode.get("frames").bytes();
    float[] proprio = episode.get("proprio").floats();
    float[] actions = episode.get("actions").floats();
    long[] times = episode.get("time_ns").longs();
    float[] sync = episode.get("sync_error_ms").floats();
    for (int k = 0; k < observations; k++) {
      int t = firstMillis + 100 * k;
      assertThat(times[k]).isEqualTo(BASE_NANOS + t * 1_000_000L);
      // The latest frame at t was taken at the 50 ms tick before it, 10 ms before the pose.
      int frameMillis = t / 50 * 50;
      byte[] pixel = Arrays.copyOfRange(frames, k * 192 + 10 * 3, k * 192 + 10 * 3 + 3);
      assertThat(pixel)
          .as("step %d", k)
          .containsExactly((byte) (frameMillis / 50 % 256), (byte) 100, (byte) 200);
      assertThat(sync[k]).isCloseTo(10f, within(1e-3f));
      float[] p = Arrays.copyOfRange(proprio, 7 * k, 7 * k + 7);
      assertThat(p[0]).isCloseTo(0.0001f * t, within(1e-6f));
      assertThat(p[2]).isCloseTo(0.2f, within(1e-6f));
      assertThat(p[5]).as("yaw").isCloseTo(0.3f, within(1e-5f));
      assertThat(p[6]).as("gripper").isCloseTo((t % 1000) / 1000f, within(1e-6f));
      if (k < observations - 1) {
        float[] a = Arrays.copyOfRange(actions, 7 * k, 7 * k + 7);
        assertThat(a[0]).as("dx = 0.2 m/s × 0.1 s").isCloseTo(0.02f, within(1e-6f));
        assertThat(a[5]).as("dYaw").isCloseTo(0.01f, within(1e-6f));
        assertThat(a[6])
            .as("gripper at the next step")
            .isCloseTo(((t + 100) % 1000) / 1000f, within(1e-6f));
      }
    }
  }

  @Test
  void aMessageOnTheEpisodeTopicEndsTheEpisodeAtTheNewestStamp() throws Exception {
    Path bag = bag("lz4", "rgb8", "boundary");
    Path data = dir.resolve("data");
    assertThat(
            run(
                "data",
                "import",
                bag.toString(),
                "--out",
                data.toString(),
                "--size",
                "8",
                "--episode-topic",
                "episode_end"))
        .as(err.toString())
        .isZero();
    DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
    assertThat(manifest.episodes())
        .extracting(DatasetManifest.Entry::steps)
        .containsExactly(9, 9, 9);
    // The boundary follows the frame at 1000 ms: steps before it (10 to 910 ms) are the first
    // episode; the next starts with the pose at 1010 ms.
    checkEpisode(Npz.read(data.resolve("episode-000000.npz")), 10, 10);
    checkEpisode(Npz.read(data.resolve("episode-000001.npz")), 1010, 10);
    checkEpisode(Npz.read(data.resolve("episode-000002.npz")), 5010, 10);
  }

  @Test
  void importsPngCompressedImages() throws Exception {
    Path bag = bag("lz4", "png");
    Path data = dir.resolve("data");
    assertThat(run("data", "import", bag.toString(), "--out", data.toString(), "--size", "8"))
        .as(err.toString())
        .isZero();
    checkEpisode(Npz.read(data.resolve("episode-000000.npz")), 10, 20);
    checkEpisode(Npz.read(data.resolve("episode-000001.npz")), 5010, 10);
  }

  @Test
  void aTopicNotInTheBagOrOfTheWrongTypeIsOneLineAndWritesNothing() throws Exception {
    Path bag = bag("lz4");
    Path data = dir.resolve("data");
    assertThat(
            run(
                "data",
                "import",
                bag.toString(),
                "--out",
                data.toString(),
                "--camera",
                "/camera/rgb"))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight data import: --camera: "
                + bag
                + ": no topic /camera/rgb, expected one of"
                + " /camera/image_raw, /ee_pose, /joint_states, /planner/command");
    err.getBuffer().setLength(0);
    assertThat(
            run(
                "data",
                "import",
                bag.toString(),
                "--out",
                data.toString(),
                "--pose",
                "/joint_states"))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight data import: --pose: "
                + bag
                + ": topic /joint_states has type"
                + " sensor_msgs/JointState, expected geometry_msgs/PoseStamped");
    assertThat(data).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aDamagedBagAfterAGoodOneWritesNothing() throws Exception {
    Path good = bag("bz2");
    Path data = dir.resolve("data");
    byte[] bytes = Files.readAllBytes(bag("none"));
    Path cut = Files.write(dir.resolve("cut.bag"), Arrays.copyOf(bytes, bytes.length / 2));
    assertThat(run("data", "import", good.toString(), cut.toString(), "--out", data.toString()))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("foresight data import: " + cut + ": ")
        .endsWith("(is the bag truncated?)");
    err.getBuffer().setLength(0);

    // A chunk whose compressed data is damaged is found only while reading, after the good bag's
    // episodes were written: they are removed too.
    byte[] damaged = Files.readAllBytes(good);
    int chunk = 13 + 4 + readInt(damaged, 13) + 4 + readInt(damaged, 13 + 4 + readInt(damaged, 13));
    int chunkData = chunk + 4 + readInt(damaged, chunk) + 4;
    for (int i = chunkData + 10; i < chunkData + 40; i++) {
      damaged[i] ^= 0x5A;
    }
    Path corrupt = Files.write(dir.resolve("corrupt.bag"), damaged);
    assertThat(run("data", "import", good.toString(), corrupt.toString(), "--out", data.toString()))
        .isEqualTo(1);
    List<String> lines = err.toString().strip().lines().toList();
    assertThat(lines.get(0)).as("progress").startsWith("bag 1/2 " + good + ": 2 episodes");
    assertThat(lines.get(1))
        .startsWith(
            "foresight data import: " + corrupt + ": chunk at byte " + chunk + ": corrupt bz2");
    assertThat(lines).hasSize(2);
    assertThat(data).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  private static int readInt(byte[] bytes, int at) {
    return java.nio.ByteBuffer.wrap(bytes, at, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
  }

  @Test
  void anImageEncodingItCannotReadIsOneLine() throws Exception {
    Path bag = bag("lz4", "yuv422");
    Path data = dir.resolve("data");
    assertThat(run("data", "import", bag.toString(), "--out", data.toString())).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight data import: "
                + bag
                + ": image on /camera/image_raw at 1700000000000000000 ns cannot be read (image"
                + " encoding 'yuv422' is not supported, expected one of rgb8, bgr8, mono8),"
                + " expected rgb8, bgr8 or mono8 images, or JPEG or PNG compressed images");
    assertThat(data).doesNotExist();
    assertThat(leftovers()).isEmpty();
  }

  @Test
  void aClockThatJumpsBackIsOneLine() throws Exception {
    Path bag = bag("none", "rgb8", "jump");
    Path data = dir.resolve("data");
    assertThat(run("data", "import", bag.toString(), "--out", data.toString())).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("foresight data import: " + bag + ": the clock jumps back by 5.")
        .contains("expected receive times that never decrease by more than half a step (0.050 s)");
    assertThat(data).doesNotExist();
  }

  @Test
  void benchBagReadsTheSameMessagesAsRosbag() throws Exception {
    Path bag = bag("lz4");
    assertThat(run("bench", "bag", bag.toString(), "--repeat", "1")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("4 connections, 390 messages, chunks [lz4], indexed")
        .contains("(best of 1; 390 messages decoded)")
        .contains("rosbag info: ")
        .contains("rosbag read_messages (Python API, deserialised): ")
        .contains(" MB/s (390 messages)");
  }

  /** Temporary import folders left in {@code dir}. */
  private List<Path> leftovers() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().contains(".import-")).toList();
    }
  }
}
