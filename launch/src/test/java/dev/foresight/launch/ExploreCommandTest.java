package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.foresight.bridge.AgentOptions;
import dev.foresight.bridge.KinematicArmDriver;
import dev.foresight.bridge.RecordingArmDriver;
import dev.foresight.bridge.RobotAgent;
import dev.foresight.config.Box;
import dev.foresight.config.RobotProfile;
import dev.foresight.core.Pose;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code foresight explore} against a real agent on loopback driving an ideal arm. */
class ExploreCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void randomMotionStaysInTheWorkspaceAndReturnsToTheStartBetweenEpisodes(@TempDir Path dir)
      throws Exception {
    RobotProfile profile = RobotProfile.DEFAULTS;
    Box box = profile.workspaceInBase();
    Pose start =
        new Pose(
            (box.minX() + box.maxX()) / 2,
            (box.minY() + box.maxY()) / 2,
            (box.minZ() + box.maxZ()) / 2,
            0,
            0,
            0);
    RecordingArmDriver arm = new RecordingArmDriver(new KinematicArmDriver(start, 0), 1_000_000);
    try (RobotAgent agent = RobotAgent.start(AgentOptions.loopback(profile), arm)) {
      Path config = dir.resolve("explore.yaml");
      Files.writeString(config, "bridge:\n  host: 127.0.0.1\n  port: " + agent.port() + "\n");
      int status =
          run(
              "explore",
              "--config",
              config.toString(),
              "--episodes",
              "2",
              "--steps",
              "20",
              "--period",
              "0.03",
              "--seed",
              "5",
              "--out",
              dir.toString());
      assertThat(status).as(err + "\n" + out).isZero();
      assertThat(out.toString())
          .contains("episode 1/2: 20 steps, back at the start in")
          .contains("explored 2 episode(s)");
      assertThat(agent.telemetry().commandsAccepted()).isGreaterThanOrEqualTo(40);
    }
    List<RecordingArmDriver.Entry> setpoints =
        arm.entries().stream().filter(e -> e.kind() == RecordingArmDriver.Kind.COMMAND).toList();
    double farthest = 0;
    for (RecordingArmDriver.Entry e : setpoints) {
      assertThat(box.contains(e.x(), e.y(), e.z())).as("setpoint %s in %s", e, box).isTrue();
      farthest =
          Math.max(
              farthest,
              Math.hypot(Math.hypot(e.x() - start.x(), e.y() - start.y()), e.z() - start.z()));
    }
    assertThat(farthest).as("the walk moved the arm").isGreaterThan(0.01);
    RecordingArmDriver.Entry last = setpoints.get(setpoints.size() - 1);
    double home =
        Math.hypot(Math.hypot(last.x() - start.x(), last.y() - start.y()), last.z() - start.z());
    assertThat(home)
        .as("back at the start after the last episode")
        .isLessThan(2 * dev.foresight.runtime.Exploration.RETURN_TOLERANCE_M);

    JsonNode json = new ObjectMapper().readTree(dir.resolve("explore.json").toFile());
    assertThat(json.path("episodes")).hasSize(2);
    JsonNode first = json.path("episodes").get(0);
    JsonNode second = json.path("episodes").get(1);
    assertThat(first.path("steps").asInt()).isEqualTo(20);
    assertThat(first.path("endEpochNanos").asLong())
        .isGreaterThan(first.path("startEpochNanos").asLong());
    assertThat(second.path("startEpochNanos").asLong())
        .isGreaterThanOrEqualTo(first.path("endEpochNanos").asLong());
  }

  @Test
  void noAgentAndBadOptionsAreOneLine(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("explore.yaml");
    Files.writeString(config, "bridge:\n  host: 127.0.0.1\n");
    assertThat(run("explore", "--config", config.toString(), "--steps", "0")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("foresight explore: --steps: 0 is out of range, expected [1, 100000]");
    err.getBuffer().setLength(0);
    assertThat(run("explore", "--config", config.toString(), "--gripper-toggle", "2")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo("foresight explore: --gripper-toggle: 2.0 is out of range, expected [0, 1]");
  }
}
