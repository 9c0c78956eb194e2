package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForesightCliTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void configCheckAcceptsTheShippedExamples() {
    int status =
        run(
            "config",
            "check",
            "../config/examples/sim-pick-place.yaml",
            "../config/examples/real-arm.yaml",
            "../config/examples/sim-arm.yaml");
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("sim-pick-place.yaml: ok (robot sim-arm, cem planner")
        .contains("real-arm.yaml: ok (robot lab-arm-1")
        .contains("sim-arm.yaml: ok (robot sim-arm");
  }

  @Test
  void configCheckNamesAllThreeMistakes(@TempDir Path dir) throws IOException {
    Path bad = dir.resolve("three-mistakes.yaml");
    Files.writeString(
        bad,
        """
        robot:
          maxEeSpeedMps: -1
          gripperRange: [0, 1]
        planner:
          horizon: five
        """);
    int status = run("config", "check", bad.toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .contains(bad + ":2: robot.maxEeSpeedMps: -1 is out of range, expected (0, 5] m/s")
        .contains(bad + ":3: robot.gripperRange: unknown key")
        .contains(bad + ":5: planner.horizon: 'five' is not an integer")
        .contains("1 of 1 file(s) invalid");
  }

  @Test
  void configCheckReportsAMissingFileInOneLine(@TempDir Path dir) {
    int status = run("config", "check", dir.resolve("absent.yaml").toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(2);
    assertThat(err.toString()).contains("absent.yaml: <file>: file does not exist");
  }

  @Test
  void aMissingFileIsNamedAsMissingInOneLine(@TempDir Path dir) {
    // NoSuchFileException's own message is only the path; the line says what is wrong with it.
    Path absent = dir.resolve("absent.bag");
    assertThat(run("bench", "bag", absent.toString())).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString().strip())
        .isEqualTo("foresight bench bag: " + absent + ": no such file or directory");
  }

  @Test
  void aRos1OnlyCommandRefusesAConfigAskingForRos2(@TempDir Path dir) throws IOException {
    Path config = dir.resolve("ros2.yaml");
    Files.writeString(config, "ros:\n  version: 2\n");
    // record, explore and agent --play speak ROS 2 too (Ros2RecordCommandTest); the ros driver
    // of agent does not yet.
    assertThat(run("agent", "--driver", "ros", "--config", config.toString(), "--port", "0"))
        .isEqualTo(1);
    assertThat(err.toString().strip())
        .contains("ros.version: 2 is not supported by agent, which speaks ROS 1 only");
  }

  @Test
  void configCheckWithoutFileIsAUsageError() {
    assertThat(run("config", "check")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required parameter: 'FILE'");
  }

  @Test
  void versionPrintsTheBuildVersion() {
    assertThat(run("version")).isZero();
    assertThat(out.toString()).startsWith("foresight 0.").contains("java 17");
    assertThat(ForesightCli.version()).doesNotContain("${");
  }

  @Test
  void helpListsEveryReservedCommand() {
    assertThat(run("--help")).isZero();
    for (String name :
        new String[] {
          "config", "version", "demo", "run", "sim", "train", "model", "bench", "node", "agent",
          "launch"
        }) {
      assertThat(out.toString()).containsPattern("(?m)^\\s+" + name + "\\b");
    }
  }

  @Test
  void runWithoutConfigIsBadUsage() {
    assertThat(run("run", "--goal", "x.png")).isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--config=FILE'");
  }
}
