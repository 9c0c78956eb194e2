package dev.foresight.planner;

import java.util.Arrays;

/**
 * The result of one planning tick: the action sequence to execute (its first action now, the rest
 * as the next tick's warm start) and diagnostics of the search.
 *
 * <p>A planner returns the same {@code Plan} object from every call and overwrites it on the next;
 * take a {@link #copy()} to keep one.
 */
public final class Plan {

  /** How the search ended. */
  public enum Status {
    /** All configured iterations ran. */
    COMPLETED,
    /** The deadline stopped the search after at least one complete iteration: best so far. */
    DEADLINE,
    /**
     * The deadline passed before a single iteration completed: the actions are the shifted warm
     * start (or the neutral action), projected into the bounds but not evaluated. Callers should
     * treat them as a fallback (e.g. hold or slow down), not as a fresh plan.
     */
    NO_ITERATION
  }

  private final ActionSequence actions;
  private final double[] bestEnergyPerIteration;
  private Status status = Status.NO_ITERATION;
  private int iterationsDone;
  private long samplesEvaluated;
  private long predictorCalls;
  private long latentSteps;
  private double bestEnergy = Double.NaN;
  private long modelNanos;
  private long totalNanos;
  private boolean searched;
  private int stepsSinceSearch;

  Plan(int horizon, int actionSize, int maxIterations) {
    this.actions = new ActionSequence(horizon, actionSize);
    this.bestEnergyPerIteration = new double[maxIterations];
  }

  void reset() {
    status = Status.NO_ITERATION;
    iterationsDone = 0;
    samplesEvaluated = 0;
    predictorCalls = 0;
    latentSteps = 0;
    bestEnergy = Double.NaN;
    modelNanos = 0;
    totalNanos = 0;
    searched = true;
    stepsSinceSearch = 0;
    Arrays.fill(bestEnergyPerIteration, Double.NaN);
  }

  /**
   * Receding execution without a search: drops the action just executed (shifts the sequence one
   * step, the tail filled with the neutral action), keeps the search's diagnostics and records this
   * call's time.
   */
  void continueWithoutSearch(ActionBounds bounds, long nanos) {
    float[] values = actions.values();
    int size = actions.actionSize();
    int steps = actions.horizon();
    System.arraycopy(values, size, values, 0, (steps - 1) * size);
    for (int d = 0; d < size; d++) {
      values[(steps - 1) * size + d] = bounds.neutral(d);
    }
    bounds.project(values, 0, steps);
    searched = false;
    stepsSinceSearch++;
    modelNanos = 0;
    totalNanos = nanos;
  }

  void recordIteration(double iterationBestEnergy, int samples) {
    bestEnergyPerIteration[iterationsDone] = iterationBestEnergy;
    iterationsDone++;
    samplesEvaluated += samples;
    if (!(iterationBestEnergy >= bestEnergy)) {
      bestEnergy = iterationBestEnergy;
    }
  }

  void recordPredict(int count, long nanos) {
    predictorCalls++;
    latentSteps += count;
    modelNanos += nanos;
  }

  void finish(Status status, long totalNanos) {
    this.status = status;
    this.totalNanos = totalNanos;
  }

  ActionSequence mutableActions() {
    return actions;
  }

  /** The planned actions; the first is the one to execute now. */
  public ActionSequence actions() {
    return actions;
  }

  /**
   * Whether this call searched; false when it returned the rest of the previous search's plan
   * (receding execution of several actions per search, {@link SearchTuning#executeSteps}). The
   * other diagnostics are then those of that search, except the times, which are this call's.
   */
  public boolean searched() {
    return searched;
  }

  /** Calls answered from this plan's search since it ran (0 for the call that searched). */
  public int stepsSinceSearch() {
    return stepsSinceSearch;
  }

  /** How the search ended. */
  public Status status() {
    return status;
  }

  /** Complete iterations (sample, roll out, score, refit). */
  public int iterationsDone() {
    return iterationsDone;
  }

  /** Candidate sequences rolled out over the full horizon. */
  public long samplesEvaluated() {
    return samplesEvaluated;
  }

  /** Batched {@code WorldModel.predict} calls, including those of an iteration cut short. */
  public long predictorCalls() {
    return predictorCalls;
  }

  /** Latent states predicted: the sum of the batch sizes of all predictor calls. */
  public long latentSteps() {
    return latentSteps;
  }

  /**
   * Lowest energy of any evaluated sample; {@code NaN} when no iteration completed. For CEM it is
   * the energy of the returned actions; MPPI returns the weighted average instead, which is not
   * itself evaluated.
   */
  public double bestEnergy() {
    return bestEnergy;
  }

  /**
   * Lowest sample energy in iteration {@code iteration} (0-based, below {@link #iterationsDone}).
   */
  public double bestEnergyOfIteration(int iteration) {
    if (iteration < 0 || iteration >= iterationsDone) {
      throw new IndexOutOfBoundsException(
          "iteration " + iteration + " of a plan with " + iterationsDone + " iterations done");
    }
    return bestEnergyPerIteration[iteration];
  }

  /** Lowest sample energy of each completed iteration, in order (allocates). */
  public double[] bestEnergyPerIteration() {
    return Arrays.copyOf(bestEnergyPerIteration, iterationsDone);
  }

  /** Wall-clock time inside {@code WorldModel.predict}, nanoseconds. */
  public long modelNanos() {
    return modelNanos;
  }

  /** Wall-clock time of the whole {@code plan} call, nanoseconds. */
  public long totalNanos() {
    return totalNanos;
  }

  /** Time spent outside the model (sampling, projection, energies, refits), nanoseconds. */
  public long plannerNanos() {
    return totalNanos - modelNanos;
  }

  /** An independent copy of this plan. */
  public Plan copy() {
    Plan copy = new Plan(actions.horizon(), actions.actionSize(), bestEnergyPerIteration.length);
    copy.actions.copyFrom(actions);
    System.arraycopy(
        bestEnergyPerIteration, 0, copy.bestEnergyPerIteration, 0, bestEnergyPerIteration.length);
    copy.status = status;
    copy.iterationsDone = iterationsDone;
    copy.samplesEvaluated = samplesEvaluated;
    copy.predictorCalls = predictorCalls;
    copy.latentSteps = latentSteps;
    copy.bestEnergy = bestEnergy;
    copy.modelNanos = modelNanos;
    copy.totalNanos = totalNanos;
    copy.searched = searched;
    copy.stepsSinceSearch = stepsSinceSearch;
    return copy;
  }

  @Override
  public String toString() {
    return String.format(
        java.util.Locale.ROOT,
        "Plan[%s, %d iterations, %d samples, best energy %.6g, %.3f ms (model %.3f ms)]",
        status,
        iterationsDone,
        samplesEvaluated,
        bestEnergy,
        totalNanos / 1e6,
        modelNanos / 1e6);
  }
}
