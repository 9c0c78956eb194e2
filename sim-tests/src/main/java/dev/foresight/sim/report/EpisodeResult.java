package dev.foresight.sim.report;

import java.util.Arrays;

/**
 * The outcome of one seeded evaluation episode.
 *
 * @param index 0-based position of the episode in the run
 * @param seed the episode's seed
 * @param success whether the task's success criterion held
 * @param steps control steps taken
 * @param stepsToSuccess first step at which the success criterion held, or -1 if never
 * @param finalDistance task-state distance to the goal at the end (task units, usually metres)
 * @param failureCause why the episode failed ("timeout", "planner died", ...), empty on success
 * @param planningMillis wall-clock planning time of each control step, milliseconds
 * @param filmstrip file name of the episode's filmstrip PNG relative to the report, or empty
 * @param replanMillis planning times of the steps whose plan came from a search (with receding
 *     execution the steps in between return the rest of the last plan in microseconds), ms
 */
public record EpisodeResult(
    int index,
    long seed,
    boolean success,
    int steps,
    int stepsToSuccess,
    double finalDistance,
    String failureCause,
    double[] planningMillis,
    String filmstrip,
    double[] replanMillis) {

  /** Checks counts are non-negative and the cause is present exactly on failure. */
  public EpisodeResult {
    if (index < 0 || steps < 0) {
      throw new IllegalArgumentException(
          "episode index and steps must be non-negative, got " + index + " and " + steps);
    }
    failureCause = failureCause == null ? "" : failureCause;
    if (!success && failureCause.isEmpty()) {
      throw new IllegalArgumentException("episode " + index + " failed without a cause");
    }
    planningMillis = planningMillis == null ? new double[0] : planningMillis.clone();
    filmstrip = filmstrip == null ? "" : filmstrip;
    replanMillis = replanMillis == null ? planningMillis.clone() : replanMillis.clone();
  }

  /** A result in which every step searched (one plan per control step). */
  public EpisodeResult(
      int index,
      long seed,
      boolean success,
      int steps,
      int stepsToSuccess,
      double finalDistance,
      String failureCause,
      double[] planningMillis,
      String filmstrip) {
    this(
        index,
        seed,
        success,
        steps,
        stepsToSuccess,
        finalDistance,
        failureCause,
        planningMillis,
        filmstrip,
        null);
  }

  /** Copy of the planning times of the steps that searched. */
  @Override
  public double[] replanMillis() {
    return replanMillis.clone();
  }

  /** This result with another filmstrip file name. */
  public EpisodeResult withFilmstrip(String file) {
    return new EpisodeResult(
        index,
        seed,
        success,
        steps,
        stepsToSuccess,
        finalDistance,
        failureCause,
        planningMillis,
        file,
        replanMillis);
  }

  /** Copy of the per-step planning times. */
  @Override
  public double[] planningMillis() {
    return planningMillis.clone();
  }

  /**
   * Whether two results describe the same outcome, ignoring wall-clock planning times and file
   * names, which differ between runs of the same seeds.
   */
  public boolean sameOutcome(EpisodeResult other) {
    return index == other.index
        && seed == other.seed
        && success == other.success
        && steps == other.steps
        && stepsToSuccess == other.stepsToSuccess
        && Double.compare(finalDistance, other.finalDistance) == 0
        && failureCause.equals(other.failureCause);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EpisodeResult that
        && sameOutcome(that)
        && Arrays.equals(planningMillis, that.planningMillis)
        && filmstrip.equals(that.filmstrip);
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(seed) + index;
  }
}
