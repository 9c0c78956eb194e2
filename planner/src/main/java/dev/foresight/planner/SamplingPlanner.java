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
 * s}, step {@code k}, dimension {@code d} is at {@code s·H·A + k·A + d}. With macro-actions ({@link
 * SearchTuning#actionRepeat} k &gt; 1) H counts macro-steps: each row's action k is held for k
 * control steps (k predict calls), the energy terms see the latent at the end of each macro-step,
 * and the returned {@link Plan#actions()} is the H·k control-step expansion. With {@link
 * SearchTuning#executeSteps} m &gt; 1, m − 1 calls after a search return the rest of that plan
 * (shifted one step per call) without searching.
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

  /** k: control steps each planned action is held. */
  final int repeat;

  /** Predict calls per search step: the action repeat over the model's frameskip. */
  private final int predictsPerStep;

  /** H·k: control steps of look-ahead, the length of {@link Plan#actions()}. */
  final int controlHorizon;

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

  /** The best sequence in macro-steps, H·A (the plan's own buffer when k = 1). */
  private final float[] macroResult;

  private final int executeSteps;

  /** Plan calls answered from the last search's plan since that search (receding execution). */
  private int stepsSinceSearch;

  private boolean canContinue;

  SamplingPlanner(WorldModel model, PlannerOptions options) {
    if (model == null) {
      throw new IllegalArgumentException("planner: world model must not be null");
    }
    this.model = model;
    this.options = options;
    this.bounds = options.bounds();
    this.clock = options.clock();
    this.random = new SplittableRandom(options.settings().seed());
    this.repeat = options.actionRepeat();
    this.horizon = searchSteps(options);
    this.controlHorizon = options.settings().horizon();
    this.executeSteps = options.tuning().executeSteps();
    if (horizon < 1) {
      throw new IllegalArgumentException(
          "planner.horizon: " + horizon + " is out of range, expected >= 1 steps");
    }
    int frameSkip = model.frameSkip();
    if (frameSkip < 1 || repeat % frameSkip != 0) {
      throw new IllegalArgumentException(
          "planner.actionRepeat: "
              + repeat
              + " is not a multiple of the world model's frameskip "
              + frameSkip
              + ", expected macro-steps of whole model steps (actionRepeat "
              + Math.max(1, frameSkip)
              + ", "
              + 2 * Math.max(1, frameSkip)
              + ", ...)");
    }
    this.predictsPerStep = repeat / frameSkip;
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
    this.plan = new Plan(controlHorizon, actionSize, iterations);
    this.macroResult = repeat == 1 ? plan.mutableActions().values() : new float[sequenceSize];
    this.timeBudgetNanos = options.settings().timeBudget().toNanos();
  }

  /** The horizon in search steps: control steps over the action repeat. */
  private static int searchSteps(PlannerOptions options) {
    return options.settings().horizon() / options.actionRepeat();
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
    if (warmStart != null && canContinue && stepsSinceSearch + 1 < executeSteps) {
      stepsSinceSearch++;
      plan.continueWithoutSearch(bounds, clock.getAsLong() - start);
      return plan;
    }
    int executed = warmStart == null ? -1 : stepsSinceSearch + options.warmStartShift();
    System.arraycopy(goalLatent, 0, goal, 0, latentSize);
    initialiseMean(warmStart);
    plan.reset();
    float[] result = macroResult;
    System.arraycopy(initialMean.data, 0, result, 0, sequenceSize);
    Plan.Status status = search(currentLatent, deadlineNanos, plan, result, executed);
    bounds.project(result, 0, horizon);
    if (repeat > 1) {
      float[] actions = plan.mutableActions().values();
      for (int k = 0; k < controlHorizon; k++) {
        System.arraycopy(result, (k / repeat) * actionSize, actions, k * actionSize, actionSize);
      }
    }
    stepsSinceSearch = 0;
    canContinue = status != Plan.Status.NO_ITERATION;
    plan.finish(status, clock.getAsLong() - start);
    return plan;
  }

  /**
   * Runs the iterations, writing the best sequence found (H·A, in search steps) into {@code result}
   * (which holds the initial mean on entry).
   *
   * @param executedSteps control steps executed since the previous search (its warm start's age),
   *     or −1 for a cold start
   * @return how the search ended
   */
  abstract Plan.Status search(
      float[] currentLatent, long deadlineNanos, Plan plan, float[] result, int executedSteps);

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
    return rollout(sampleCount, currentLatent, deadlineNanos, plan);
  }

  /**
   * Rolls the first {@code count} samples forward (k / frameskip predict calls per search step with
   * the step's action held) and fills their {@link #energies}; energy terms see each search step's
   * last latent.
   *
   * @return false if the deadline passed before the rollout finished (energies incomplete)
   */
  final boolean rollout(int count, float[] currentLatent, long deadlineNanos, Plan plan) {
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
      for (int r = 1; r < predictsPerStep; r++) {
        long before = clock.getAsLong();
        model.predict(count, latentsIn, actions, latentsOut);
        plan.recordPredict(count, clock.getAsLong() - before);
        checkFinite(count, k);
        float[] swapLatents = latentsIn;
        latentsIn = latentsOut;
        latentsOut = swapLatents;
        if (pastDeadline(deadlineNanos)) {
          return false;
        }
      }
      long before = clock.getAsLong();
      model.predict(count, latentsIn, actions, latentsOut);
      plan.recordPredict(count, clock.getAsLong() - before);
      checkFinite(count, k);
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
    return argminEnergy(sampleCount);
  }

  /** Index of the lowest energy among the first {@code count} samples; ties to the lower index. */
  final int argminEnergy(int count) {
    int best = 0;
    for (int s = 1; s < count; s++) {
      if (energies[s] < energies[best]) {
        best = s;
      }
    }
    return best;
  }

  /** Projects every sample row into the action bounds. */
  final void projectSamples() {
    projectSamples(sampleCount);
  }

  /** Projects the first {@code count} sample rows into the action bounds. */
  final void projectSamples(int count) {
    for (int s = 0; s < count; s++) {
      bounds.project(samples.data, s * sequenceSize, horizon);
    }
  }

  private void checkFinite(int count, int k) {
    float[] out = latentsOut;
    for (int i = 0; i < count * latentSize; i++) {
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
      if (warmStart.horizon() != controlHorizon || warmStart.actionSize() != actionSize) {
        throw new IllegalArgumentException(
            "warmStart: "
                + warmStart.horizon()
                + " steps x "
                + warmStart.actionSize()
                + " dimensions given, expected horizon "
                + controlHorizon
                + " x actionSize "
                + actionSize);
      }
      float[] previous = warmStart.values();
      for (int i = 0; i < controlHorizon * actionSize; i++) {
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
      // Search step k starts at control step k·repeat of the new plan: old step shift + k·repeat.
      for (int k = 0; k < horizon; k++) {
        int old = shift + k * repeat;
        for (int d = 0; d < actionSize; d++) {
          mean[k * actionSize + d] =
              old < controlHorizon ? previous[old * actionSize + d] : bounds.neutral(d);
        }
      }
    }
    bounds.project(mean, 0, horizon);
  }
}
