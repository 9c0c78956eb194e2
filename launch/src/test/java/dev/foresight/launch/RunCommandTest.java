package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.Topic;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.TaskSpec;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.report.Filmstrip;
import dev.foresight.sim.report.Plots;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code foresight run}: the closed loop against a bridge agent, and its input errors. */
class RunCommandTest {
  static final Path BUNDLE = Path.of("..", "models", "foresight-sim").toAbsolutePath().normalize();

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  /** A config with the bundled model and a planning budget a busy machine always completes. */
  static Path config(Path dir, String extra) throws Exception {
    Path file = dir.resolve("run.yaml");
    Files.writeString(
        file,
        "planner:\n  timeBudgetMillis: 5000\nmodel:\n  bundle: "
            + BUNDLE
            + "\nbridge:\n  host: 127.0.0.1\n"
            + extra);
    return file;
  }

  /** Writes the goal image of a simulated episode as a PNG. */
  static Path goalImage(Path dir, String task, long seed) throws Exception {
    Path file = dir.resolve("goal.png");
    try (Episode episode = new Episode(Tasks.byName(task), seed, RenderSettings.defaults())) {
      Image goal =
          new Image(episode.width(), episode.height(), PixelEncoding.RGB8, episode.goalFrame());
      Plots.writePng(Filmstrip.toBufferedImage(goal), file);
    }
    return file;
  }

  /** The end-effector position of a simulated episode's goal, as {@code X,Y,Z}. */
  static String goalPosition(String task, long seed) {
    try (Episode episode = new Episode(Tasks.byName(task), seed, RenderSettings.defaults())) {
      float[] p = episode.goalProprio();
      return p[0] + "," + p[1] + "," + p[2];
    }
  }

  @Test
  void simFramesThroughTheAgentBringTheArmToTheReachGoal(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report");
    int status =
        run(
            "run",
            "--config",
            config(dir, "").toString(),
            "--goal",
            goalImage(dir, "reach", 1).toString(),
            "--goal-position",
            goalPosition("reach", 1),
            "--frames",
            "sim",
            "--task",
            "reach",
            "--seed",
            "1",
            "--bridge-port",
            "0",
            "--steps",
            "50",
            "--rearm",
            "--out",
            report.toString());
    JsonNode summary =
        new ObjectMapper().readTree(Files.readString(report.resolve("summary.json")));
    assertThat(out.toString()).as(err.toString()).contains("step    1/50  energy");
    assertThat(summary.path("steps").asInt()).as(out.toString()).isGreaterThan(0);
    assertThat(summary.path("finalDistance").asDouble())
        .as(out.toString())
        .isLessThan(summary.path("initialDistance").asDouble() * 0.5);
    assertThat(summary.path("success").asBoolean()).isEqualTo(status == 0);
    for (String file : new String[] {"filmstrip.png", "energy.png", "diagnostics.json"}) {
      assertThat(report.resolve(file)).isNotEmptyFile();
    }
  }

  @Test
  void rosFramesFromTheSimAgentCommandReachTheGoal(@TempDir Path dir) throws Exception {
    Path episodeDir = dir.resolve("episode");
    StringWriter agentOut = new StringWriter();
    StringWriter agentErr = new StringWriter();
    int[] agentStatus = {-1};
    try (RosTools ros = RosTools.startCore(dir, Map.of())) {
      String[] rosArgs = {"__master:=" + ros.masterUri(), "__ip:=127.0.0.1"};
      Thread agent =
          new Thread(
              () ->
                  agentStatus[0] =
                      ForesightCli.execute(
                          new PrintWriter(agentOut, true),
                          new PrintWriter(agentErr, true),
                          "agent",
                          "--driver",
                          "sim",
                          "--task",
                          "reach",
                          "--seed",
                          "3",
                          "--port",
                          "0",
                          "--out",
                          episodeDir.toString(),
                          rosArgs[0],
                          rosArgs[1]),
              "sim-agent-cli");
      agent.start();
      try {
        Pattern ready =
            Pattern.compile(
                "on 127\\.0\\.0\\.1:(\\d+) \\(driver sim.*\\n"
                    + "goal end-effector position (\\S+) m");
        Matcher matcher = ready.matcher("");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!(matcher = ready.matcher(agentOut.toString())).find()
            && agent.isAlive()
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(matcher.find(0)).as(agentOut + "\n" + agentErr).isTrue();
        TaskSpec spec = Tasks.byName("reach").spec();
        Path config =
            config(
                dir,
                "  port: "
                    + matcher.group(1)
                    + "\nrobot:\n  maxStepM: "
                    + spec.maxTranslationPerStep()
                    + "\nros:\n  masterUri: "
                    + ros.masterUri()
                    + "\n");
        int status =
            run(
                "run",
                "--config",
                config.toString(),
                "--goal",
                episodeDir.resolve("goal.png").toString(),
                "--goal-position",
                matcher.group(2),
                "--fix",
                "droll,dpitch,dyaw,gripper",
                "--steps",
                "50",
                "--rearm",
                rosArgs[0],
                rosArgs[1]);
        assertThat(status).as(out + "\n" + err).isZero();
        assertThat(out.toString())
            .contains("frames from ROS topic /camera/image_raw")
            .contains("step    1/50  energy")
            .contains("run ended: the agent stopped the arm (STOP_CAUSE_CLIENT_STOP)");
        long waitReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(episodeDir.resolve("summary.json"))
            && System.nanoTime() < waitReport) {
          Thread.sleep(20);
        }
        JsonNode summary =
            new ObjectMapper().readTree(Files.readString(episodeDir.resolve("summary.json")));
        assertThat(summary.path("success").asBoolean()).as(agentOut.toString()).isTrue();
        assertThat(summary.path("finalDistance").asDouble()).isLessThan(0.02);
        assertThat(agentOut.toString()).contains("reach episode (seed 3): SUCCESS after");
      } finally {
        agent.interrupt();
        agent.join(10_000);
      }
      assertThat(agent.isAlive()).isFalse();
      assertThat(agentStatus[0]).as(agentErr.toString()).isZero();
    }
  }

  @Test
  void nodeAgentWithTheSimDriverPublishesTheSimulatedCamera(@TempDir Path dir) throws Exception {
    try (RosTools ros = RosTools.startCore(dir, Map.of());
        RosNode probe = RosNode.start(RosNodeSettings.of(ros.masterUri(), "probe", "127.0.0.1"))) {
      ConcurrentLinkedQueue<ImageMessage> frames = new ConcurrentLinkedQueue<>();
      probe.subscribe(Topic.of("/sim/image", ImageMessage.TYPE), frames::add);
      int status =
          run(
              "node",
              "agent",
              "--driver",
              "sim",
              "--task",
              "push-t",
              "--seed",
              "2",
              "--port",
              "0",
              "--out",
              dir.resolve("ep").toString(),
              "--duration",
              "3",
              "image:=/sim/image",
              "__master:=" + ros.masterUri(),
              "__ip:=127.0.0.1");
      assertThat(status).as(out + "\n" + err).isZero();
      assertThat(out.toString())
          .contains("(driver sim: push-t episode (seed 2)), camera on /sim/image");
      assertThat(frames).as("the latched initial frame").isNotEmpty();
      ImageMessage frame = frames.peek();
      assertThat(frame.encoding()).isEqualTo("rgb8");
      assertThat(frame.header().seq()).isZero();
      assertThat(dir.resolve("ep").resolve("goal.png")).isNotEmptyFile();
    }
  }

  @Test
  void theSimArmLaunchExampleIsValid() {
    assertThat(run("launch", "--check", "examples/sim-arm-run.yaml")).as(err.toString()).isZero();
    assertThat(out.toString()).contains("start order roscore -> agent -> run");
  }

  @Test
  void missingGoalImageIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("nope.png");
    int status = run("run", "--config", config(dir, "").toString(), "--goal", missing.toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight run: --goal "
                + missing
                + ": no such file, expected a PNG or JPEG image of at least 64x64 pixels");
  }

  @Test
  void goalImageTooSmallOrNotAnImageIsOneLine(@TempDir Path dir) throws Exception {
    Path small = dir.resolve("small.png");
    Plots.writePng(new java.awt.image.BufferedImage(32, 20, 1), small);
    assertThat(run("run", "--config", config(dir, "").toString(), "--goal", small.toString()))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight run: --goal "
                + small
                + ": 32x20 pixels, expected a PNG or JPEG image of at least 64x64 pixels (and at"
                + " most 8192x8192)");
    Path text = dir.resolve("text.png");
    Files.writeString(text, "not an image");
    err.getBuffer().setLength(0);
    assertThat(run("run", "--config", config(dir, "").toString(), "--goal", text.toString()))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight run: --goal "
                + text
                + ": not a readable image format, expected a PNG or JPEG image of at least 64x64"
                + " pixels");
  }

  @Test
  void badConfigIsTheLoadersFileLineErrors(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "robot:\n  maxEeSpeedMps: -1\nplanner:\n  samples: lots\n");
    int status =
        run("run", "--config", bad.toString(), "--goal", goalImage(dir, "reach", 1).toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("foresight run: " + bad + ":2: robot.maxEeSpeedMps: -1 is out of range")
        .contains(bad + ":4: planner.samples: 'lots' is not an integer")
        .doesNotContain("\n");
  }

  @Test
  void unreachableAgentIsOneLineAndExit1(@TempDir Path dir) throws Exception {
    int port = dev.foresight.ros.tools.RosTools.freePort();
    int status =
        run(
            "run",
            "--config",
            config(dir, "ros:\n  masterUri: http://127.0.0.1:" + port + "\n").toString(),
            "--goal",
            goalImage(dir, "reach", 1).toString(),
            "--bridge-port",
            Integer.toString(port),
            "--steps",
            "3");
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight run: no welcome from the agent at 127.0.0.1:" + port + " within 10000 ms");
  }
}
