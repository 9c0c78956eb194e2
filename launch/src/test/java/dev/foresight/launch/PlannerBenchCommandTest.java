package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.planner.models.MlpWorldModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PlannerBenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private static final String[] TINY = {
    "--samples",
    "8",
    "--horizon",
    "2",
    "--iterations",
    "1",
    "--seconds",
    "0.02",
    "--peak-size",
    "16"
  };

  private int runThroughTheCli(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private int runWithLoader(Optional<WorldModelLoader> loader, String... args) {
    CommandLine commandLine = new CommandLine(new PlannerBenchCommand(loader));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void printsOneRowPerSettingAgainstTheBuiltInMlp() {
    String[] args = concat(new String[] {"bench", "planner"}, TINY);
    assertThat(runThroughTheCli(args)).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text)
        .contains("model: built-in MLP (latent 64 + proprio 7")
        .contains("207,360 FLOP per predicted sample")
        .contains(
            "matmul before, 1 thread, 16x16 float, best repetition per CPU second: ONNX"
                + " Runtime (MLAS SGEMM, the ceiling)")
        .contains("matmul after")
        .contains("ms/step: per executed control step (1 per replan, --execute)");
    assertThat(text).containsPattern("(?m)^cem\\s+8\\s+1\\s+2\\s+1\\s+[0-9.]+");
    assertThat(text).containsPattern("(?m)^mppi\\s+8\\s+1\\s+2\\s+1\\s+[0-9.]+");
    // Two predictor calls per plan (horizon 2, one iteration).
    assertThat(text).containsPattern("(?m)^cem(\\s+\\S+){8}\\s+2\\s");
  }

  @Test
  void timePerExecutedStepIsTheReplanTimeOverTheStepsExecuted() {
    String[] args =
        concat(new String[] {"bench", "planner", "--sampler", "cem", "--execute", "4"}, TINY);
    assertThat(runThroughTheCli(args)).as(err.toString()).isZero();
    java.util.regex.Matcher row =
        java.util.regex.Pattern.compile("(?m)^cem\\s+8\\s+1\\s+2\\s+1\\s+([0-9.]+)\\s+([0-9.]+)\\s")
            .matcher(out.toString());
    assertThat(row.find()).as(out.toString()).isTrue();
    assertThat(Double.parseDouble(row.group(2)))
        .isCloseTo(Double.parseDouble(row.group(1)) / 4, org.assertj.core.data.Offset.offset(0.01));
    assertThat(runThroughTheCli("bench", "planner", "--execute", "0")).isNotZero();
    assertThat(err.toString()).contains("--execute: 0 is out of range, expected [1, 100]");
  }

  @Test
  void modelOptionWithoutABundleLoaderExitsThree() {
    int status = runWithLoader(Optional.empty(), "--model", "bundles/reach");
    assertThat(status).isEqualTo(ReservedCommands.NOT_YET_AVAILABLE);
    assertThat(err.toString())
        .contains("--model bundles/reach: the model bundle loader is not available yet");
  }

  @Test
  void modelOptionUsesTheWiredLoader() {
    WorldModelLoader loader =
        dir ->
            new WorldModelLoader.LoadedModel(
                new MlpWorldModel(8, 0, 7, 16, 1), 0, 0, "test model from " + dir.getFileName());
    int status =
        runWithLoader(Optional.of(loader), concat(new String[] {"--model", "some/bundle"}, TINY));
    assertThat(status).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("model: test model from bundle; latent 8, action 7, cost per sample unknown")
        .containsPattern("(?m)^cem\\s+8\\s+1\\s+2\\s+1\\s+[0-9.]+.*NaN");
    assertThat(Path.of("some/bundle")).doesNotExist();
  }

  @Test
  void badValuesAreReportedInOneLine() {
    assertThat(runThroughTheCli("bench", "planner", "--sampler", "ilqr")).isEqualTo(2);
    assertThat(err.toString()).contains("'ilqr' is not a sampler, expected cem or mppi");
    assertThat(runThroughTheCli("bench", "planner", "--samples", "0")).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "foresight bench planner: planner.samples: 0 is out of range, expected [1, 100000]");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
