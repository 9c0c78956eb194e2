package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.config.RosSettings;
import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.msg.JointState;
import dev.foresight.ros.msg.PoseStamped;
import dev.foresight.ros.msg.TwistStamped;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The own-robot path on ROS 2, end to end in a domain of its own: {@code foresight agent --driver
 * sim --play} (the simulated arm, publishing camera, arm state and applied commands on ROS 2),
 * {@code foresight explore --episode-topic} (driving it through the bridge, ending episodes on ROS
 * 2) and {@code foresight record} on ROS 2, each on its own thread, all chosen by the config's
 * {@code ros.version: 2}. A probe node on the same domain keeps everything the arm published, by
 * header stamp (the simulation clock); every step of the dataset must hold exactly what was
 * published at its stamp.
 */
@Timeout(120)
class Ros2OwnRobotRecordingTest {
  private static final String EPISODE_END = "/explore/episode_end";
  private static final int SIZE = 16;
  private static final double PERIOD_SECONDS = 0.1;

  @TempDir Path dir;

  private final ExecutorService agentThread = Executors.newSingleThreadExecutor();
  private final ExecutorService recordThread = Executors.newSingleThreadExecutor();
  private final StringWriter agentOut = new StringWriter();
  private final StringWriter recordOut = new StringWriter();
  private final StringWriter recordErr = new StringWriter();
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @AfterEach
  void stop() throws InterruptedException {
    agentThread.shutdownNow();
    recordThread.shutdownNow();
    assertThat(agentThread.awaitTermination(20, TimeUnit.SECONDS)).as("agent stopped").isTrue();
    assertThat(recordThread.awaitTermination(20, TimeUnit.SECONDS)).as("recorder stopped").isTrue();
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what).isTrue();
  }

  private static Future<Integer> run(
      ExecutorService thread, StringWriter out, StringWriter err, String... args) {
    return thread.submit(
        () -> ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args));
  }

  @Test
  void exploreDrivesTheSimulatedArmAndRecordWritesWhatItPublished() throws Exception {
    int domain = CppDdsPeer.nextDomain();
    RosSettings ros = RosSettings.DEFAULTS;
    Path config = dir.resolve("robot.yaml");
    Files.writeString(
        config,
        "robot:\n  maxStepM: 0.01\n  maxRotationStepRad: 0.01\nbridge:\n  host: 127.0.0.1\n"
            + "ros:\n  version: 2\n  domainId: "
            + domain
            + "\n");
    Map<Long, PoseStamped> poses = new ConcurrentHashMap<>();
    Map<Long, JointState> joints = new ConcurrentHashMap<>();
    Map<Long, TwistStamped> commands = new ConcurrentHashMap<>();
    Map<Long, ImageMessage> images = new ConcurrentHashMap<>();
    Path data = dir.resolve("data");
    try (Ros2Transport probe =
        new Ros2Transport(Ros2Node.start(new Ros2NodeSettings("probe", "/", domain)), true)) {
      NodeTransport.Delivery reliable = NodeTransport.Delivery.RELIABLE;
      probe.subscribe(
          Topic.of(ros.eePoseTopic(), PoseStamped.TYPE),
          reliable,
          m -> poses.put(m.header().stamp().toNanos(), m));
      probe.subscribe(
          Topic.of(ros.jointStateTopic(), JointState.TYPE),
          reliable,
          m -> joints.put(m.header().stamp().toNanos(), m));
      probe.subscribe(
          Topic.of(ros.commandTopic(), TwistStamped.TYPE),
          reliable,
          m -> commands.put(m.header().stamp().toNanos(), m));
      probe.subscribe(
          Topic.of(ros.cameraTopic(), ImageMessage.TYPE),
          NodeTransport.Delivery.SENSOR_DATA,
          m -> images.put(m.header().stamp().toNanos(), m));

      Future<Integer> agent =
          run(
              agentThread,
              agentOut,
              new StringWriter(),
              "agent",
              "--driver",
              "sim",
              "--play",
              "--task",
              "reach",
              "--seed",
              "1",
              "--config",
              config.toString(),
              "--host",
              "127.0.0.1",
              "--port",
              "0");
      Pattern address = Pattern.compile("on 127\\.0\\.0\\.1:(\\d+) \\(driver sim, play");
      await(() -> address.matcher(agentOut.toString()).find() || agent.isDone(), "agent up");
      Matcher port = address.matcher(agentOut.toString());
      assertThat(port.find()).as(agentOut.toString()).isTrue();
      assertThat(agentOut.toString()).contains("(ROS 2)");
      // The idle arm repeats its state every 0.5 s: once one arrived, the probe is connected.
      await(() -> !poses.isEmpty() && !images.isEmpty(), "the idle arm's state and frame");

      Future<Integer> recorder =
          run(
              recordThread,
              recordOut,
              recordErr,
              "record",
              "--config",
              config.toString(),
              "--out",
              data.toString(),
              "--size",
              "" + SIZE,
              "--episode-topic",
              EPISODE_END,
              "--episodes",
              "2",
              "--duration",
              "60");
      await(
          () -> recordErr.toString().contains("recording on ROS 2: ") || recorder.isDone(),
          "the recorder subscribed");
      Thread.sleep(1000);
      int status =
          ForesightCli.execute(
              new PrintWriter(out, true),
              new PrintWriter(err, true),
              "explore",
              "--config",
              config.toString(),
              "--bridge-port",
              port.group(1),
              "--episodes",
              "2",
              "--steps",
              "6",
              "--period",
              "0.03",
              "--episode-topic",
              EPISODE_END,
              "--out",
              dir.toString());
      assertThat(status).as(err + "\n" + out).isZero();
      await(recorder::isDone, "the recorder done: " + recordErr + "\n" + out);
      assertThat(recorder.get()).as(recordErr.toString()).isZero();
      agent.cancel(true);
    }
    // Each episode of explore: its walk, then its way back, one applied command per step.
    int[] applied = new int[2];
    Matcher episodeLine =
        Pattern.compile("episode (\\d)/2: 6 steps, back at the start in (\\d+)")
            .matcher(out.toString());
    for (int e = 0; e < 2; e++) {
      assertThat(episodeLine.find()).as(out.toString()).isTrue();
      applied[e] = 6 + Integer.parseInt(episodeLine.group(2));
    }
    assertThat(recordOut.toString()).contains("foresight record: 2 episodes, ");

    DatasetManifest manifest = DatasetManifest.read(data.resolve("manifest.json"));
    assertThat(manifest.episodes()).hasSize(2);
    BagFrames frames = new BagFrames(SIZE);
    int compared = 0;
    int steps = 0;
    for (int e = 0; e < 2; e++) {
      Map<String, NpyArray> episode = Npz.read(data.resolve(String.format("episode-%06d.npz", e)));
      long[] times = episode.get("time_ns").longs();
      float[] proprio = episode.get("proprio").floats();
      float[] actions = episode.get("actions").floats();
      byte[] frameBytes = episode.get("frames").bytes();
      int frameSize = SIZE * SIZE * 3;
      steps += times.length - 1;
      // A step for each command but the first (before which the episode has no fresh frame) and
      // the last of an episode's way back, where the arm may already stand at the start.
      assertThat(times.length - 1)
          .as("episode %d steps for %d commands", e, applied[e])
          .isBetween(applied[e] - 3, applied[e]);
      for (int j = 1; j < times.length; j++) {
        assertThat(times[j] - times[j - 1]).as("simulation clock period").isEqualTo(100_000_000L);
      }
      for (int j = 0; j < times.length; j++) {
        PoseStamped pose = poses.get(times[j]);
        assertThat(pose).as("episode %d step %d: a pose stamped %d", e, j, times[j]).isNotNull();
        var p = pose.pose().position();
        assertThat(proprio[7 * j]).as("x").isCloseTo((float) p.x(), within(1e-6f));
        assertThat(proprio[7 * j + 1]).as("y").isCloseTo((float) p.y(), within(1e-6f));
        assertThat(proprio[7 * j + 2]).as("z").isCloseTo((float) p.z(), within(1e-6f));
        double[] gripper = joints.get(times[j]).position();
        assertThat(proprio[7 * j + 6])
            .as("gripper")
            .isCloseTo((float) gripper[gripper.length - 1], within(1e-6f));
        ImageMessage image = images.get(times[j]);
        if (image != null) {
          assertThat(Arrays.copyOfRange(frameBytes, j * frameSize, (j + 1) * frameSize))
              .as("episode %d frame %d", e, j)
              .isEqualTo(frames.frame(null, ros.cameraTopic(), times[j], image));
          compared++;
        }
        if (j < times.length - 1) {
          TwistStamped command = commands.get(times[j]);
          assertThat(command)
              .as("episode %d step %d: a command stamped %d", e, j, times[j])
              .isNotNull();
          var linear = command.twist().linear();
          assertThat(actions[7 * j])
              .as("dx")
              .isCloseTo((float) (linear.x() * PERIOD_SECONDS), within(1e-6f));
          assertThat(actions[7 * j + 1])
              .as("dy")
              .isCloseTo((float) (linear.y() * PERIOD_SECONDS), within(1e-6f));
          assertThat(actions[7 * j + 2])
              .as("dz")
              .isCloseTo((float) (linear.z() * PERIOD_SECONDS), within(1e-6f));
        }
      }
    }
    assertThat(steps).as("steps recorded").isGreaterThanOrEqualTo(12);
    assertThat(compared)
        .as("frames compared with the published images")
        .isGreaterThan(steps * 9 / 10);
  }
}
