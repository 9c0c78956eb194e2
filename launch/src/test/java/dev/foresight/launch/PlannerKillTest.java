package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foresight.bridge.StopCause;
import dev.foresight.config.ForesightConfig;
import dev.foresight.core.Pose;
import dev.foresight.ros.RosNode;
import dev.foresight.ros.RosNodeSettings;
import dev.foresight.ros.tools.RosTools;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.SimTask;
import dev.foresight.sim.TaskSpec;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.EpisodeRunner;
import dev.foresight.sim.loop.HostedEpisode;
import dev.foresight.sim.loop.SimRobot;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real-arm path end to end with the simulator standing in, and what happens when the planner
 * process dies: {@code foresight run --frames ros} in its own JVM plans from the camera frames the
 * simulated arm's agent publishes on a real roscore and drives that agent over the bridge; the test
 * kills the planner JVM mid-episode and checks that the arm holds at once and stays still, and that
 * the episode is written down as failed with the cause.
 */
class PlannerKillTest {
  private static final String[] DIMENSIONS = {
    "dx", "dy", "dz", "droll", "dpitch", "dyaw", "gripper"
  };

  @Test
  void killingThePlannerProcessHoldsTheArmAndRecordsTheEpisodeAsFailed(@TempDir Path work)
      throws Exception {
    // push-t: 150 steps, so the episode is still running when the planner dies.
    SimTask task = Tasks.byName("push-t");
    TaskSpec spec = task.spec();
    Path episodeDir = work.resolve("episode");
    StringWriter hostOut = new StringWriter();
    List<String> fixed = new ArrayList<>();
    for (int dimension : SimRobot.fixedDimensions(spec)) {
      fixed.add(DIMENSIONS[dimension]);
    }
    try (RosTools ros = RosTools.startCore(work, Map.of());
        RosNode agentRos =
            RosNode.start(RosNodeSettings.of(ros.masterUri(), "sim_agent", "127.0.0.1"));
        SimAgentHost host =
            SimAgentHost.start(
                ForesightConfig.DEFAULTS,
                task,
                3,
                RenderSettings.defaults(),
                "127.0.0.1",
                0,
                "",
                null,
                agentRos,
                episodeDir,
                new PrintWriter(hostOut, true))) {
      HostedEpisode hosted = host.hosted();
      Path config = work.resolve("planner.yaml");
      Files.writeString(
          config,
          "robot:\n  maxStepM: "
              + spec.maxTranslationPerStep()
              + "\n  maxRotationStepRad: "
              + Math.min(Math.PI, spec.maxRotationPerStep())
              + "\nplanner:\n  timeBudgetMillis: 5000\nmodel:\n  bundle: "
              + RunCommandTest.BUNDLE
              + "\nbridge:\n  host: 127.0.0.1\n  port: "
              + hosted.agent().port()
              + "\nros:\n  masterUri: "
              + ros.masterUri()
              + "\n");
      Path log = work.resolve("planner.log");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-Dai.djl.offline=true",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ForesightCli.class.getName(),
                  "run",
                  "--config",
                  config.toString(),
                  "--goal",
                  episodeDir.resolve("goal.png").toString(),
                  "--steps",
                  "1000",
                  "--rearm",
                  "__master:=" + ros.masterUri(),
                  "__ip:=127.0.0.1"));
      if (!fixed.isEmpty()) {
        command.add("--fix");
        command.add(String.join(",", fixed));
      }
      Process planner =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      try {
        await(
            () -> hosted.steps() >= 3 || !planner.isAlive(),
            Duration.ofSeconds(90),
            "the planner process drove the simulated arm 3 steps",
            log);
        assertThat(planner.isAlive()).as(read(log)).isTrue();
        assertThat(read(log)).contains("step    1/1000  energy");

        long killNanos = System.nanoTime();
        planner.destroyForcibly();
        assertThat(planner.waitFor(10, TimeUnit.SECONDS)).isTrue();

        EpisodeRunner.Outcome outcome = hosted.awaitEnd(Duration.ofSeconds(10));
        assertThat(outcome).as("the episode ended after the planner died").isNotNull();
        // (a) The agent held the arm within its watchdog timeout plus one control period of the
        // kill: a closed connection stops it at once, silence after the watchdog timeout.
        assertThat(hosted.driver().holding()).isTrue();
        assertThat(hosted.agent().controlLoop().isArmed()).isFalse();
        assertThat(hosted.agent().controlLoop().stopCause())
            .isIn(StopCause.STOP_CAUSE_CONTROLLER_DISCONNECTED, StopCause.STOP_CAUSE_WATCHDOG);
        long holdNanos = hosted.driver().lastHoldNanos();
        long boundNanos =
            SimRobot.robotProfile(spec).watchdogTimeout().toNanos()
                + hosted.agent().controlLoop().periodNanos();
        assertThat(holdNanos - killNanos).isPositive().isLessThanOrEqualTo(boundNanos);
        // ... and the simulated arm does not move afterwards.
        int stepsAtHold = hosted.steps();
        Pose poseAtHold = hosted.driver().state().eePoseInBase();
        Thread.sleep(300);
        assertThat(hosted.steps()).isEqualTo(stepsAtHold);
        assertThat(hosted.driver().state().eePoseInBase()).isEqualTo(poseAtHold);

        // (b) The episode is in the written results, failed, with the cause.
        assertThat(outcome.result().success()).isFalse();
        assertThat(outcome.result().failureCause()).startsWith("planner disconnected (");
        await(host::reported, Duration.ofSeconds(10), "the episode's report was written", log);
        JsonNode summary =
            new ObjectMapper().readTree(Files.readString(episodeDir.resolve("summary.json")));
        assertThat(summary.path("success").asBoolean(true)).isFalse();
        assertThat(summary.path("steps").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(summary.path("failureCause").asText())
            .startsWith("planner disconnected (")
            .contains(" ms")
            .isEqualTo(outcome.result().failureCause());
        assertThat(episodeDir.resolve("filmstrip.png")).isNotEmptyFile();
        assertThat(hostOut.toString()).contains("FAILURE (planner disconnected (");
      } finally {
        planner.destroyForcibly();
        planner.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what, Path log)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(condition.getAsBoolean()).as(what + "; planner log:\n" + read(log)).isTrue();
  }

  private static String read(Path log) throws Exception {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "(no log)";
  }
}
