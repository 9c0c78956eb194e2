package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void oracleDemoSucceedsThroughTheBridgeAndWritesTheReport(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report");
    int status =
        run(
            "demo",
            "--task",
            "reach",
            "--seed",
            "1",
            "--planner",
            "oracle",
            "--out",
            report.toString());
    assertThat(status).as(out + "\n" + err).isZero();
    assertThat(out.toString()).contains("step   1/50").contains("reach: SUCCESS");
    for (String file :
        new String[] {
          "filmstrip.png", "energy.png", "distance.png", "diagnostics.json", "summary.json"
        }) {
      assertThat(report.resolve(file)).isNotEmptyFile();
    }
    JsonNode summary =
        new ObjectMapper().readTree(Files.readString(report.resolve("summary.json")));
    assertThat(summary.path("success").asBoolean()).isTrue();
    assertThat(summary.path("finalDistance").asDouble()).isLessThan(0.02);
    assertThat(summary.path("bridgeCommandsAccepted").asLong())
        .isGreaterThanOrEqualTo(summary.path("steps").asLong());
    JsonNode diagnostics =
        new ObjectMapper().readTree(Files.readString(report.resolve("diagnostics.json")));
    assertThat(diagnostics.size()).isEqualTo(summary.path("steps").asInt());
  }

  @Test
  void defaultDemoRunsTheLearnedModelOnReachFromTheGoalImageAlone(@TempDir Path dir)
      throws Exception {
    Path report = dir.resolve("default");
    int status = run("demo", "--model", "../models/foresight-sim", "--out", report.toString());
    assertThat(status).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("task reach")
        .contains("learned planner")
        .doesNotContain("goal 1/")
        .doesNotContain("subgoal")
        .contains("reach: SUCCESS");
    JsonNode summary =
        new ObjectMapper().readTree(Files.readString(report.resolve("summary.json")));
    assertThat(summary.path("planner").asText()).isEqualTo("learned");
  }

  @Test
  void subgoalsAreALabelledDiagnostic(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("subgoals");
    int status =
        run(
            "demo",
            "--task",
            "pick-place",
            "--subgoals",
            "--model",
            "../models/foresight-pick-place",
            "--out",
            report.toString());
    assertThat(status).as(out + "\n" + err).isZero();
    assertThat(out.toString())
        .contains("task pick-place")
        .contains("diagnostic: 5 scripted subgoal pictures rendered from the simulator's state")
        .contains("goal 1/6")
        .contains("goal 6/6")
        .contains("SUCCESS");
  }

  @Test
  void missingModelIsOneClearLine(@TempDir Path dir) {
    int status =
        run(
            "demo",
            "--model",
            dir.resolve("nope").toString(),
            "--out",
            dir.resolve("r").toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("nope");
  }

  @Test
  void badTaskAndPlannerAreOneLineErrors(@TempDir Path dir) {
    assertThat(run("demo", "--task", "juggle", "--out", dir.toString())).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString()).contains("juggle");
    StringWriter before = new StringWriter();
    before.write(err.toString());
    assertThat(run("demo", "--planner", "psychic", "--out", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("--planner 'psychic' is not valid");
  }
}
