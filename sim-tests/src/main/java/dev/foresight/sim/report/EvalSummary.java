package dev.foresight.sim.report;

import java.util.Arrays;
import java.util.List;

/**
 * Aggregate numbers of an evaluation run.
 *
 * @param episodes episodes evaluated
 * @param successes episodes that met the success criterion
 * @param successRate {@code successes / episodes}
 * @param successRateLow lower end of the 95% Wilson score interval of the success rate
 * @param successRateHigh upper end of that interval
 * @param medianStepsToSuccess median steps to success over successful episodes, NaN if none
 * @param planningMillisP50 median planning time per control step over all steps, ms (with receding
 *     execution most steps only take the rest of a plan: see the next two)
 * @param planningMillisP95 95th percentile of planning time per control step, ms
 * @param replanMillisP50 median planning time of the steps that searched (per replan), ms
 * @param planningMillisPerStepMean all planning time over all executed control steps (the search
 *     cost amortised over the steps each plan serves), ms
 */
public record EvalSummary(
    int episodes,
    int successes,
    double successRate,
    double successRateLow,
    double successRateHigh,
    double medianStepsToSuccess,
    double planningMillisP50,
    double planningMillisP95,
    double replanMillisP50,
    double planningMillisPerStepMean) {

  private static final double Z95 = 1.959963984540054;

  /** Summarises episode results. */
  public static EvalSummary of(List<EpisodeResult> results) {
    int n = results.size();
    int successes = (int) results.stream().filter(EpisodeResult::success).count();
    double[] interval = wilson(successes, n);
    double[] steps =
        results.stream()
            .filter(EpisodeResult::success)
            .mapToDouble(EpisodeResult::stepsToSuccess)
            .toArray();
    double[] planning =
        results.stream().flatMapToDouble(r -> Arrays.stream(r.planningMillis())).toArray();
    double[] replans =
        results.stream().flatMapToDouble(r -> Arrays.stream(r.replanMillis())).toArray();
    double total = Arrays.stream(planning).sum();
    return new EvalSummary(
        n,
        successes,
        n == 0 ? Double.NaN : (double) successes / n,
        interval[0],
        interval[1],
        percentile(steps, 50),
        percentile(planning, 50),
        percentile(planning, 95),
        percentile(replans, 50),
        planning.length == 0 ? Double.NaN : total / planning.length);
  }

  /**
   * The 95% Wilson score interval of a binomial proportion: {@code (p̂ + z²/2n ± z·√(p̂(1−p̂)/n +
   * z²/4n²)) / (1 + z²/n)}.
   *
   * @return {lower, upper}; {NaN, NaN} when {@code trials == 0}
   */
  public static double[] wilson(int successes, int trials) {
    if (trials == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double p = (double) successes / trials;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / trials;
    double centre = p + z2 / (2.0 * trials);
    double margin = Z95 * Math.sqrt(p * (1 - p) / trials + z2 / (4.0 * trials * trials));
    return new double[] {
      Math.max(0, (centre - margin) / denominator), Math.min(1, (centre + margin) / denominator)
    };
  }

  /** Percentile by linear interpolation between closest ranks; NaN for no values. */
  public static double percentile(double[] values, double percent) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double rank = percent / 100.0 * (sorted.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(sorted.length - 1, below + 1);
    return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
  }
}
