package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code foresight sim …} and {@code foresight bench sim} from the command line. */
class SimCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  @Test
  void recordWritesADatasetAndResumes(@TempDir Path dir) {
    Path data = dir.resolve("reach");
    String[] args = {
      "sim",
      "record",
      "--task",
      "reach",
      "--episodes",
      "2",
      "--steps",
      "3",
      "--size",
      "16",
      "--seed",
      "4",
      "--policy",
      "expert",
      "--no-progress",
      "--out",
      data.toString()
    };
    assertThat(run(args)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("recorded 2 episode(s), skipped 0 already present");
    assertThat(data.resolve("episode-000001.npz")).isRegularFile();
    assertThat(data.resolve("manifest.json")).isRegularFile();
    assertThat(run(args)).isZero();
    assertThat(out.toString()).contains("recorded 0 episode(s), skipped 2 already present");
  }

  @Test
  void badTaskNameIsOneLine(@TempDir Path dir) {
    int status =
        run("sim", "record", "--task", "juggle", "--episodes", "1", "--out", dir.toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip().lines())
        .containsExactly(
            "foresight sim record: task 'juggle' is unknown, expected one of reach, push-t,"
                + " pick-place");
  }

  @Test
  void negativeEpisodeCountIsOneLine(@TempDir Path dir) {
    int status =
        run("sim", "record", "--task", "reach", "--episodes", "-3", "--out", dir.toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip().lines())
        .containsExactly("foresight sim record: episode count must be >= 0, got -3");
  }

  @Test
  void unwritableOutputDirectoryIsOneLine(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    Path out = file.resolve("dataset");
    int status =
        run("sim", "record", "--task", "reach", "--episodes", "1", "--out", out.toString());
    assertThat(status).isEqualTo(1);
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(err.toString())
        .startsWith("foresight sim record: output directory " + out)
        .contains("not writable");
  }

  @Test
  void badPolicyAndCameraAreOneLine(@TempDir Path dir) {
    assertThat(
            run(
                "sim",
                "record",
                "--task",
                "reach",
                "--episodes",
                "1",
                "--policy",
                "lazy",
                "--out",
                dir.toString()))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "foresight sim record: policy 'lazy' is unknown, expected expert, random or mixed");
  }

  @Test
  void tasksAndExpertsPrintCriteriaAndRates() {
    assertThat(run("sim", "tasks")).isZero();
    assertThat(out.toString()).contains("task reach:", "task push-t:", "task pick-place:");
    assertThat(run("sim", "experts", "--task", "reach", "--episodes", "2")).isZero();
    assertThat(out.toString()).contains("expert: 2/2 successful (100.0%)");
  }

  @Test
  void benchSimPrintsPhysicsAndFrameRates() {
    assertThat(run("bench", "sim", "--seconds", "0.2")).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("physics steps (pick-place scene)")
        .contains("frames perspective 64x64")
        .contains("frames perspective 224x224")
        .contains("frames top-down 64x64")
        .containsPattern("[0-9,]+ steps/s per wall second");
  }

  @Test
  void withOracleRunsBothOnTheSameSeedsAndPrintsTheGap(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("eval");
    int status =
        run(
            "sim",
            "eval",
            "--task",
            "reach",
            "--planner",
            "learned",
            "--episodes",
            "2",
            "--direct",
            "--quiet",
            "--with-oracle",
            "--model",
            "../models/foresight-sim",
            "--out",
            out.toString());
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString()).isNotEmpty();
    assertThat(this.out.toString())
        .containsPattern(
            "learned \\d/2 \\(\\d+\\.\\d%\\), oracle \\d/2 \\(\\d+\\.\\d%\\): gap [+-]\\d+\\.\\d points");
    assertThat(out.resolve("results.json")).isRegularFile();
    assertThat(out.resolve("oracle/results.json")).isRegularFile();
    var gap =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.resolve("gap.json").toFile());
    var oracle =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(out.resolve("oracle/results.json").toFile());
    assertThat(oracle.path("planner").asText()).isEqualTo("oracle");
    assertThat(gap.path("oracleSuccesses").asInt())
        .isEqualTo(oracle.path("summary").path("successes").asInt());
    assertThat(
            run(
                "sim",
                "eval",
                "--task",
                "reach",
                "--planner",
                "oracle",
                "--with-oracle",
                "--out",
                dir.resolve("x").toString()))
        .isEqualTo(1);
    assertThat(err.toString()).contains("--with-oracle goes with --planner learned, not 'oracle'");
  }
}
