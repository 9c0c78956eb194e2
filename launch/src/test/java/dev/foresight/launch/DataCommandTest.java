package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code foresight data info|view} on a dataset the simulator records. */
class DataCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return ForesightCli.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
  }

  private Path record(Path dir) {
    Path data = dir.resolve("reach");
    int status =
        run(
            "sim",
            "record",
            "--task",
            "reach",
            "--episodes",
            "2",
            "--steps",
            "6",
            "--size",
            "16",
            "--seed",
            "3",
            "--policy",
            "random",
            "--no-progress",
            "--out",
            data.toString());
    assertThat(status).as(err.toString()).isZero();
    out.getBuffer().setLength(0);
    return data;
  }

  @Test
  void infoCountsEpisodesAndStepsAndGivesEachDimensionsRange(@TempDir Path dir) throws Exception {
    Path data = record(dir);
    assertThat(run("data", "info", data.toString())).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text)
        .contains("task reach, 2 episodes, 12 steps (per episode min 6, median 6, max 6), 16x16")
        .contains("sync error: none recorded");
    // The dx row is the min and max over both episodes' recorded actions.
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (String file : new String[] {"episode-000000.npz", "episode-000001.npz"}) {
      NpyArray actions = Npz.read(data.resolve(file)).get("actions");
      float[] values = actions.floats();
      for (int t = 0; t < actions.shape()[0]; t++) {
        min = Math.min(min, values[t * actions.shape()[1]]);
        max = Math.max(max, values[t * actions.shape()[1]]);
      }
    }
    assertThat(max).isGreaterThan(min);
    assertThat(text)
        .containsPattern(
            String.format(Locale.ROOT, "(?m)^\\s+dx\\s+%.4f\\s+%.4f\\s", min, max)
                .replace(".", "\\."));
    assertThat(text).containsPattern("(?m)^\\s+ee_z\\s");
  }

  @Test
  void viewDrawsAFilmstripAndOnePlotPerActionDimension(@TempDir Path dir) throws Exception {
    Path data = record(dir);
    Path pictures = dir.resolve("pictures");
    assertThat(
            run("data", "view", data.toString(), "--episodes", "1", "--out", pictures.toString()))
        .as(err.toString())
        .isZero();
    BufferedImage strip = ImageIO.read(pictures.resolve("episode-000001-filmstrip.png").toFile());
    BufferedImage plots = ImageIO.read(pictures.resolve("episode-000001-actions.png").toFile());
    // 7 frames (the first and each of 6 steps) and the goal, each 16 px scaled twice.
    assertThat(strip.getWidth()).isGreaterThanOrEqualTo(8 * 32);
    BufferedImage one =
        dev.foresight.sim.report.Plots.line("dx", "step", "dx", new double[] {0, 1}, 1);
    assertThat(plots.getHeight()).isEqualTo(7 * one.getHeight());
    assertThat(pictures.resolve("episode-000000-filmstrip.png")).doesNotExist();
  }

  @Test
  void badInputIsOneLineNamingIt(@TempDir Path dir) throws Exception {
    Path data = record(dir);
    assertThat(run("data", "view", data.toString(), "--episodes", "5")).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight data view: --episodes: 5 is not an episode of "
                + data
                + ", expected a position in [0, 1]");
    err.getBuffer().setLength(0);
    assertThat(run("data", "info", dir.resolve("empty").toString())).isEqualTo(1);
    assertThat(err.toString().strip())
        .isEqualTo(
            "foresight data info: "
                + dir.resolve("empty")
                + ": has no manifest.json, expected a dataset folder (foresight sim record,"
                + " foresight data import)");
    err.getBuffer().setLength(0);
    Files.delete(data.resolve("episode-000001.npz"));
    assertThat(run("data", "info", data.toString())).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("foresight data info: ")
        .contains("episode-000001.npz");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }
}
