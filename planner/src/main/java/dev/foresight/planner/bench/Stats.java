package dev.foresight.planner.bench;

import java.util.Arrays;

/** Order statistics of measurement samples. */
final class Stats {
  private Stats() {}

  /** Median of the first {@code count} values. */
  static double median(double[] values, int count) {
    return quantile(values, count, 0.5);
  }

  /** Nearest-rank quantile {@code q} in [0, 1] of the first {@code count} values. */
  static double quantile(double[] values, int count, double q) {
    if (count == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(values, count);
    Arrays.sort(sorted);
    if (q == 0.5 && count % 2 == 0) {
      return (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
    int index = (int) Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1));
    return sorted[index];
  }
}
