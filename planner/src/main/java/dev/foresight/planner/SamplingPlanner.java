package dev.foresight.planner;

import dev.foresight.core.WorldModel;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.ejml.data.FMatrixRMaj;

/**
 * What CEM and MPPI share: validated sizes, preallocated buffers, the warm start, the batched
 * rollout (one {@code predict} call per horizon step over all samples), the deadline and the
 * diagnostics. Subclasses implement {@link #search}.
 *
 * <p>Candidate sequences are the rows of {@link #samples}: N × (H·A), row-major, so sample {@code
 * s}, step {@code k}, dimension {@code d} is at {@code s·H·A + k·A + d}.
 */
abstract class SamplingPlanner implements Planner {
  final WorldModel model;
  final PlannerOptions options;
  final ActionBounds bounds;
  final LongSupplier clock;
  final SplittableRandom random;
  final int horizon;
  final int actionSize;
  final int latentSize;
  final int sampleCount;
  final int sequenceSize;
  final int iterations;

  /** Candidate sequences, N × (H·A). */
  final FMatrixRMaj samples;

  /** Each candidate's energy after a rollout. */
  final double[] energies;

  /** The initial mean: the shifted warm start, projected; 1 × (H·A). */
  final FMatrixRMaj initialMean;

  private final EnergyTerm[] terms;
  private final RolloutStep step = new RolloutStep();
  private final float[] goal;
  private float[] latentsIn;
  private float[] latentsOut;
  private final float[] stepActions;
  private final float[] previousStepActions;
  private final Plan plan;
  private final long timeBudgetNanos;

  SamplingPlanner(WorldModel model, PlannerOptions options) {
    if (model == null) {
      throw new IllegalArgumentException("planner: world model must not be null");
    }
    this.model = model;
    this.options = options;
    this.bounds = options.bounds();
    this.clock = options.clock();
    this.random = new SplittableRandom(options.settings().seed());
    this.horizon = options.settings().horizon();
    if (horizon < 1) {
      throw new IllegalArgumentException(
          "planner.horizon: " + horizon + " is out of range, expected >= 1 steps");
    }
    this.latentSize = model.latentSize();
    this.actionSize = model.actionSize();
    if (latentSize < 1 || actionSize < 1) {
      throw new IllegalArgumentException(
          "world model sizes: latentSize "
              + latentSize
              + ", actionSize "
              + actionSize
              + ", expected both >= 1");
    }
    if (bounds.actionSize() != actionSize) {
      throw new IllegalArgumentException(
          "planner: action bounds have "
              + bounds.actionSize()
              + " dimensions, the world model's actionSize is "
              + actionSize);
    }
    this.sampleCount = options.settings().samples();
    this.iterations = options.settings().iterations();
    this.sequenceSize = horizon * actionSize;
    this.terms = options.energy().bind(latentSize, actionSize, horizon);
    this.samples = new FMatrixRMaj(sampleCount, sequenceSize);
    this.energies = new double[sampleCount];
    this.initialMean = new FMatrixRMaj(1, sequenceSize);
    this.goal = new float[latentSize];
    this.latentsIn = new float[sampleCount * latentSize];
    this.latentsOut = new float[sampleCount * latentSize];
    this.stepActions = new float[sampleCount * actionSize];
    this.previousStepActions = new float[sampleCount * actionSize];
    this.plan = new Plan(horizon, actionSize, iterations);
    this.timeBudgetNanos = options.settings().timeBudget().toNanos();
  }

  @Override
  public final PlannerOptions options() {
    return options;
  }

  @Override
  public final Plan plan(float[] currentLatent, float[] goalLatent, ActionSequence warmStart) {
    return plan(currentLatent, goalLatent, warmStart, clock.getAsLong() + timeBudgetNanos);
  }

  @Override
  public final Plan plan(
      float[] currentLatent, float[] goalLatent, ActionSequence warmStart, long deadlineNanos) {
    long start = clock.getAsLong();
    checkLatent("currentLatent", currentLatent);
    checkLatent("goalLatent", goalLatent);
    System.arraycopy(goalLatent, 0, goal, 0, latentSize);
    initialiseMean(warmStart);
    plan.reset();
    float[] result = plan.mutableActions().values();
    System.arraycopy(initialMean.data, 0, result, 0, sequenceSize);
    Plan.Status status = search(currentLatent, deadlineNanos, plan, result);
    bounds.project(result, 0, horizon);
    plan.finish(status, clock.getAsLong() - start);
    return plan;
  }

  /**
   * Runs the iterations, writing the best sequence found into {@code result} (which holds the
   * initial mean on entry).
   *
   * @return how the search ended
   */
  abstract Plan.Status search(float[] currentLatent, long deadlineNanos, Plan plan, float[] result);

  /** Whether the deadline has passed. */
  final boolean pastDeadline(long deadlineNanos) {
    return clock.getAsLong() - deadlineNanos >= 0;
  }

  /**
   * Rolls every sample forward from {@code currentLatent} and fills {@link #energies}: one batched
   * predict call per horizon step, energy terms accumulated step by step.
   *
   * @return false if the deadline passed before the rollout finished (energies incomplete)
   */
  final boolean rollout(float[] currentLatent, long deadlineNanos, Plan plan) {
    int count = sampleCount;
    for (int s = 0; s < count; s++) {
      System.arraycopy(currentLatent, 0, latentsIn, s * latentSize, latentSize);
    }
    Arrays.fill(energies, 0);
    float[] data = samples.data;
    float[] actions = stepActions;
    float[] previous = previousStepActions;
    for (int k = 0; k < horizon; k++) {
      if (pastDeadline(deadlineNanos)) {
        return false;
      }
      for (int s = 0; s < count; s++) {
        System.arraycopy(
            data, s * sequenceSize + k * actionSize, actions, s * actionSize, actionSize);
      }
      long before = clock.getAsLong();
      model.predict(count, latentsIn, actions, latentsOut);
      plan.recordPredict(count, clock.getAsLong() - before);
      checkFinite(k);
      step.set(
          count,
          k,
          horizon,
          latentSize,
          actionSize,
          goal,
          latentsOut,
          actions,
          k == 0 ? null : previous);
      for (EnergyTerm term : terms) {
        term.addStep(step, energies);
      }
      float[] swapLatents = latentsIn;
      latentsIn = latentsOut;
      latentsOut = swapLatents;
      float[] swapActions = previous;
      previous = actions;
      actions = swapActions;
    }
    for (int s = 0; s < count; s++) {
      if (!Double.isFinite(energies[s])) {
        throw new IllegalStateException(
            "energy of sample "
                + s
                + " is "
                + energies[s]
                + " although every predicted latent is finite; an energy term overflowed");
      }
    }
    return true;
  }

  /** Index of the lowest energy; ties go to the lower index. */
  final int argminEnergy() {
    int best = 0;
    for (int s = 1; s < sampleCount; s++) {
      if (energies[s] < energies[best]) {
        best = s;
      }
    }
    return best;
  }

  /** Projects every sample row into the action bounds. */
  final void projectSamples() {
    for (int s = 0; s < sampleCount; s++) {
      bounds.project(samples.data, s * sequenceSize, horizon);
    }
  }

  private void checkFinite(int k) {
    float[] out = latentsOut;
    for (int i = 0; i < sampleCount * latentSize; i++) {
      if (!Float.isFinite(out[i])) {
        throw new IllegalStateException(
            "world model "
                + model.getClass().getSimpleName()
                + " predicted "
                + out[i]
                + " at horizon step "
                + k
                + " for sample "
                + i / latentSize
                + " (latent index "
                + i % latentSize
                + "); predictions must be finite");
      }
    }
  }

  private void checkLatent(String name, float[] latent) {
    if (latent == null || latent.length != latentSize) {
      throw new IllegalArgumentException(
          name
              + ": "
              + (latent == null ? "null" : latent.length + " values")
              + " given, expected the world model's latentSize "
              + latentSize);
    }
    for (int i = 0; i < latentSize; i++) {
      if (!Float.isFinite(latent[i])) {
        throw new IllegalArgumentException(
            name + "[" + i + "]: " + latent[i] + " is not finite, expected finite values");
      }
    }
  }

  /** Initial mean: the warm start shifted by the configured steps, tail filled, projected. */
  private void initialiseMean(ActionSequence warmStart) {
    float[] mean = initialMean.data;
    int shift = options.warmStartShift();
    if (warmStart == null) {
      for (int k = 0; k < horizon; k++) {
        for (int d = 0; d < actionSize; d++) {
          mean[k * actionSize + d] = bounds.neutral(d);
        }
      }
    } else {
      if (warmStart.horizon() != horizon || warmStart.actionSize() != actionSize) {
        throw new IllegalArgumentException(
            "warmStart: "
                + warmStart.horizon()
                + " steps x "
                + warmStart.actionSize()
                + " dimensions given, expected horizon "
                + horizon
                + " x actionSize "
                + actionSize);
      }
      float[] previous = warmStart.values();
      for (int i = 0; i < sequenceSize; i++) {
        if (!Float.isFinite(previous[i])) {
          throw new IllegalArgumentException(
              "warmStart step "
                  + i / actionSize
                  + " dimension "
                  + i % actionSize
                  + ": "
                  + previous[i]
                  + " is not finite");
        }
      }
      int kept = horizon - shift;
      System.arraycopy(previous, shift * actionSize, mean, 0, kept * actionSize);
      for (int k = kept; k < horizon; k++) {
        for (int d = 0; d < actionSize; d++) {
          mean[k * actionSize + d] = bounds.neutral(d);
        }
      }
    }
    bounds.project(mean, 0, horizon);
  }
}
