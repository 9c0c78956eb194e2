package dev.foresight.launch;

import dev.foresight.core.io.DatasetManifest;
import dev.foresight.core.io.InvalidFileException;
import dev.foresight.core.io.NpyArray;
import dev.foresight.core.io.Npz;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntBinaryOperator;

/**
 * What a recorded dataset holds, read from its manifest and every episode file: episodes, steps,
 * the range of each action and proprio dimension, and, where the recorder measured it (datasets
 * from a real robot), the per-step sync error between camera and arm state.
 */
final class DatasetStats {
  /** Min, max, mean and standard deviation of one dimension over every step. */
  record Range(String name, double min, double max, double mean, double std) {}

  private final Path directory;
  private final DatasetManifest manifest;
  private final int[] steps;
  private final List<Range> actions;
  private final List<Range> proprio;
  private final Range syncErrorMillis;

  private DatasetStats(
      Path directory,
      DatasetManifest manifest,
      int[] steps,
      List<Range> actions,
      List<Range> proprio,
      Range syncErrorMillis) {
    this.directory = directory;
    this.manifest = manifest;
    this.steps = steps;
    this.actions = actions;
    this.proprio = proprio;
    this.syncErrorMillis = syncErrorMillis;
  }

  /**
   * Reads the dataset in {@code directory}.
   *
   * @param progress told the episodes read so far and the total, after each one
   * @throws IOException one line naming the file that is missing or malformed
   */
  static DatasetStats read(Path directory, IntBinaryOperator progress) throws IOException {
    Path manifestFile = directory.resolve("manifest.json");
    if (!Files.isRegularFile(manifestFile)) {
      throw new InvalidFileException(
          directory.toString(),
          "has no manifest.json",
          "a dataset folder (foresight sim record, foresight data import)");
    }
    DatasetManifest manifest = DatasetManifest.read(manifestFile);
    Accumulator actions = new Accumulator(manifest.actionNames());
    Accumulator proprio = new Accumulator(manifest.proprioNames());
    Accumulator sync = new Accumulator(List.of("sync error ms"));
    int[] steps = new int[manifest.episodes().size()];
    for (int e = 0; e < steps.length; e++) {
      DatasetManifest.Entry entry = manifest.episodes().get(e);
      Path file = directory.resolve(entry.file());
      var arrays = Npz.read(file);
      actions.add(file, "actions", arrays.get("actions"));
      proprio.add(file, "proprio", arrays.get("proprio"));
      NpyArray syncError = arrays.get("sync_error_ms");
      if (syncError != null) {
        sync.add(file, "sync_error_ms", syncError);
      }
      steps[e] = entry.steps();
      progress.applyAsInt(e + 1, steps.length);
    }
    return new DatasetStats(
        directory,
        manifest,
        steps,
        actions.ranges(),
        proprio.ranges(),
        sync.count == 0 ? null : sync.ranges().get(0));
  }

  DatasetManifest manifest() {
    return manifest;
  }

  List<Range> actions() {
    return actions;
  }

  List<Range> proprio() {
    return proprio;
  }

  /** The sync error's range in milliseconds, or null when the dataset has none (simulated). */
  Range syncErrorMillis() {
    return syncErrorMillis;
  }

  /** The summary as lines of text. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    int[] sorted = steps.clone();
    Arrays.sort(sorted);
    long total = Arrays.stream(steps).asLongStream().sum();
    long successes = manifest.episodes().stream().filter(DatasetManifest.Entry::success).count();
    lines.add(
        String.format(
            Locale.ROOT,
            "%s: task %s, %d episodes, %d steps (per episode min %d, median %d, max %d), %dx%d"
                + " frames, control period %.3f s (%.1f min of robot time)",
            directory,
            manifest.task(),
            steps.length,
            total,
            sorted.length == 0 ? 0 : sorted[0],
            sorted.length == 0 ? 0 : sorted[sorted.length / 2],
            sorted.length == 0 ? 0 : sorted[sorted.length - 1],
            manifest.imageWidth(),
            manifest.imageHeight(),
            manifest.controlPeriodSeconds(),
            total * manifest.controlPeriodSeconds() / 60));
    lines.add(String.format(Locale.ROOT, "episodes marked successful: %d", successes));
    table(lines, "action", actions);
    table(lines, "proprio", proprio);
    lines.add(
        syncErrorMillis == null
            ? "sync error: none recorded (a simulated dataset: frames and state come from one"
                + " clock)"
            : String.format(
                Locale.ROOT,
                "sync error between frame and arm state: mean %.2f ms, std %.2f, max %.2f ms",
                syncErrorMillis.mean(),
                syncErrorMillis.std(),
                syncErrorMillis.max()));
    return lines;
  }

  private static void table(List<String> lines, String what, List<Range> ranges) {
    lines.add(
        String.format(
            Locale.ROOT, "%-8s %-10s %10s %10s %10s %10s", what, "", "min", "max", "mean", "std"));
    for (Range range : ranges) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%-8s %-10s %10.4f %10.4f %10.4f %10.4f",
              "",
              range.name(),
              range.min(),
              range.max(),
              range.mean(),
              range.std()));
    }
  }

  /** Running min, max, sum and sum of squares per column of {@code [rows, columns]} arrays. */
  private static final class Accumulator {
    private final List<String> names;
    private double[] min;
    private double[] max;
    private double[] sum;
    private double[] squares;
    private long count;

    Accumulator(List<String> names) {
      this.names = names;
    }

    void add(Path file, String array, NpyArray values) throws InvalidFileException {
      if (values == null) {
        throw new InvalidFileException(
            file.toString(), "has no '" + array + "' array", "a dataset episode");
      }
      int[] shape = values.shape();
      int columns = shape.length == 2 ? shape[1] : 1;
      if (min == null) {
        min = new double[columns];
        max = new double[columns];
        sum = new double[columns];
        squares = new double[columns];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
      } else if (columns != min.length) {
        throw new InvalidFileException(
            file.toString(),
            "'" + array + "' has " + columns + " columns",
            min.length + " columns, as in the episodes before it");
      }
      float[] data = values.floats();
      for (int i = 0; i < data.length; i++) {
        int c = i % columns;
        double v = data[i];
        min[c] = Math.min(min[c], v);
        max[c] = Math.max(max[c], v);
        sum[c] += v;
        squares[c] += v * v;
      }
      count += data.length / columns;
    }

    List<Range> ranges() {
      List<Range> ranges = new ArrayList<>();
      if (min == null) {
        return ranges;
      }
      for (int c = 0; c < min.length; c++) {
        double mean = sum[c] / count;
        double variance = Math.max(0, squares[c] / count - mean * mean);
        String name = c < names.size() ? names.get(c) : "d" + c;
        ranges.add(new Range(name, min[c], max[c], mean, Math.sqrt(variance)));
      }
      return ranges;
    }
  }
}
