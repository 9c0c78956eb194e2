package dev.foresight.sim.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.core.Image;
import dev.foresight.core.PixelEncoding;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalReportTest {

  private static EpisodeResult episode(int index, boolean success) {
    return new EpisodeResult(
        index,
        1000L + index,
        success,
        success ? 10 + index : 50,
        success ? 10 + index : -1,
        success ? 0.01 : 0.2 + index / 100.0,
        success ? "" : "step limit reached",
        new double[] {5 + index, 6 + index},
        "");
  }

  private static EvalRun run(Shard shard, int total) {
    List<EpisodeResult> episodes = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      if (shard.contains(i)) {
        episodes.add(episode(i, i % 3 != 0));
      }
    }
    return new EvalRun("reach", "oracle", 7, total, shard, episodes);
  }

  @Test
  void wilsonIntervalMatchesKnownValues() {
    // 8/10: Wilson 95% = [0.4902, 0.9433] (standard tables).
    double[] interval = EvalSummary.wilson(8, 10);
    assertThat(interval[0]).isCloseTo(0.4902, within(1e-4));
    assertThat(interval[1]).isCloseTo(0.9433, within(1e-4));
    assertThat(EvalSummary.wilson(0, 20)[0]).isZero();
    assertThat(EvalSummary.wilson(20, 20)[1]).isEqualTo(1.0);
  }

  @Test
  void recedingExecutionIsSummarisedPerReplanAndPerExecutedStep(@TempDir Path dir)
      throws IOException {
    // A search every 5th step: 40 ms, the 4 steps in between 0.01 ms.
    double[] planning = new double[10];
    for (int k = 0; k < 10; k++) {
      planning[k] = k % 5 == 0 ? 40 : 0.01;
    }
    EpisodeResult result =
        new EpisodeResult(0, 1, true, 10, 10, 0.01, "", planning, "", new double[] {40, 40});
    EvalRun run = new EvalRun("push-t", "learned", 7, 1, Shard.ALL, List.of(result));

    EvalSummary s = run.summary();
    assertThat(s.planningMillisP50()).isLessThan(0.1);
    assertThat(s.replanMillisP50()).isEqualTo(40.0);
    assertThat(s.planningMillisPerStepMean()).isCloseTo(8.008, within(1e-9));
    EvalRun back = ResultsJson.read(ResultsJson.write(dir, run));
    assertThat(back.episodes().get(0).replanMillis()).containsExactly(40, 40);
    assertThat(back.summary().replanMillisP50()).isEqualTo(40.0);
    // A result without a replan list (a run written before it) counts every step as a replan.
    assertThat(episode(0, true).replanMillis()).containsExactly(5, 6);
  }

  @Test
  void percentileInterpolatesBetweenRanks() {
    assertThat(EvalSummary.percentile(new double[] {4, 1, 3, 2}, 50)).isEqualTo(2.5);
    assertThat(EvalSummary.percentile(new double[] {1, 2, 3, 4, 5}, 95))
        .isCloseTo(4.8, within(1e-12));
    assertThat(EvalSummary.percentile(new double[0], 50)).isNaN();
  }

  @Test
  void shardsPartitionTheEpisodesAndParseStrictly() {
    Shard first = Shard.parse("1/3");
    Shard second = Shard.parse("2/3");
    Shard third = Shard.parse("3/3");
    for (int i = 0; i < 30; i++) {
      int owners =
          (first.contains(i) ? 1 : 0) + (second.contains(i) ? 1 : 0) + (third.contains(i) ? 1 : 0);
      assertThat(owners).as("episode %d", i).isEqualTo(1);
    }
    assertThatThrownBy(() -> Shard.parse("3/2"))
        .hasMessage("--shard '3/2' is not valid, expected i/n with 1 <= i <= n, e.g. 1/2");
    assertThatThrownBy(() -> Shard.parse("one/two")).hasMessageContaining("'one/two'");
    assertThatThrownBy(() -> Shard.parse("0/2")).hasMessageContaining("'0/2'");
  }

  @Test
  void mergedShardsEqualTheUnshardedRun(@TempDir Path dir) throws IOException {
    EvalRun whole = run(Shard.ALL, 11);
    ResultsJson.write(dir.resolve("a"), run(Shard.parse("1/2"), 11));
    ResultsJson.write(dir.resolve("b"), run(Shard.parse("2/2"), 11));
    EvalRun merged =
        EvalRun.merge(
            List.of(ResultsJson.read(dir.resolve("b")), ResultsJson.read(dir.resolve("a"))));
    assertThat(merged).isEqualTo(whole);
    assertThat(ResultsJson.toJson(merged)).isEqualTo(ResultsJson.toJson(whole));
    assertThat(merged.summary().successes()).isEqualTo(7);
  }

  @Test
  void mergeRejectsMissingOverlappingAndForeignShards() {
    EvalRun a = run(Shard.parse("1/2"), 6);
    EvalRun b = run(Shard.parse("2/2"), 6);
    assertThatThrownBy(() -> EvalRun.merge(List.of(a)))
        .hasMessageContaining("are missing episode 1");
    assertThatThrownBy(() -> EvalRun.merge(List.of(a, a, b)))
        .hasMessageContaining("repeat episode");
    EvalRun other = new EvalRun("push-t", "oracle", 7, 6, Shard.parse("2/2"), b.episodes());
    assertThatThrownBy(() -> EvalRun.merge(List.of(a, other)))
        .hasMessageContaining("from a different run (push-t");
    assertThat(a.missingIndices()).isEmpty();
    EvalRun partial =
        new EvalRun("reach", "oracle", 7, 6, Shard.parse("1/2"), a.episodes().subList(0, 1));
    assertThat(partial.missingIndices()).containsExactly(2, 4);
  }

  @Test
  void resultsJsonRoundTripsNonFiniteNumbersAndRejectsOtherFiles(@TempDir Path dir)
      throws IOException {
    EpisodeResult odd =
        new EpisodeResult(0, 1, false, 3, -1, Double.NaN, "planner died", new double[0], "");
    EvalRun run = new EvalRun("reach", "learned", 1, 1, Shard.ALL, List.of(odd));
    Path file = ResultsJson.write(dir, run);
    assertThat(Files.readString(file)).contains("\"finalDistance\" : null");
    assertThat(ResultsJson.read(dir)).isEqualTo(run);

    Files.writeString(dir.resolve("bad.json"), "{\"format\": \"something-else\"}");
    assertThatThrownBy(() -> ResultsJson.read(dir.resolve("bad.json")))
        .hasMessageContaining("format is not foresight-eval-results");
    Files.writeString(dir.resolve("broken.json"), "{not json");
    assertThatThrownBy(() -> ResultsJson.read(dir.resolve("broken.json")))
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void htmlReportIsSelfContainedAndListsEveryEpisode(@TempDir Path dir) throws IOException {
    EvalRun run = run(Shard.ALL, 6);
    Path report = HtmlReport.write(dir, run, "gripper within 2 cm of the target");
    String html = Files.readString(report);
    assertThat(html)
        .contains("66.7% (4/6)")
        .contains("gripper within 2 cm of the target")
        .contains("data:image/png;base64,")
        .doesNotContain("http://")
        .doesNotContain("https://");
    assertThat(html.split("<tr><td>", -1)).hasSize(1 + 1 + 6); // summary row + 6 episodes
    assertThat(dir.resolve("results.json")).exists();
  }

  @Test
  void filmstripShowsFramesThenGoal(@TempDir Path dir) throws IOException {
    List<Image> frames =
        IntStream.range(0, 20).mapToObj(i -> solid(8, 8, (byte) (i * 10))).toList();
    Image goal = solid(8, 8, (byte) 255);
    BufferedImage strip = Filmstrip.render(frames, goal, 5, 2);
    assertThat(strip.getWidth()).isEqualTo(6 * (16 + 4) + 4);
    // First cell shows frame 0 (black red channel), last cell the goal (bright).
    assertThat((strip.getRGB(4 + 8, 4 + 8) >> 16) & 0xff).isZero();
    assertThat((strip.getRGB(4 + 5 * 20 + 8, 4 + 8) >> 16) & 0xff).isEqualTo(255);
    // The fifth cell is the last frame (index 19).
    assertThat((strip.getRGB(4 + 4 * 20 + 8, 4 + 8) >> 16) & 0xff).isEqualTo(190);
    Path png = dir.resolve("strip.png");
    Plots.writePng(strip, png);
    assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(strip.getWidth());
  }

  @Test
  void linePlotDrawsTheSeries() {
    BufferedImage plot = Plots.line("energy", "step", "E", new double[] {3, 2, 1, Double.NaN, 0.5});
    int nonWhite = 0;
    for (int y = 0; y < plot.getHeight(); y++) {
      for (int x = 0; x < plot.getWidth(); x++) {
        if ((plot.getRGB(x, y) & 0xffffff) == 0x1f77b4) {
          nonWhite++;
        }
      }
    }
    assertThat(nonWhite).isGreaterThan(50);
  }

  private static Image solid(int width, int height, byte red) {
    byte[] pixels = new byte[width * height * 3];
    for (int i = 0; i < pixels.length; i += 3) {
      pixels[i] = red;
    }
    return new Image(width, height, PixelEncoding.RGB8, pixels);
  }
}
