package dev.foresight.runtime;

import dev.foresight.config.ModelSettings;
import dev.foresight.config.PlannerSettings;
import dev.foresight.core.WorldModel;
import dev.foresight.perception.Goal;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.ActionSequence;
import dev.foresight.planner.Energy;
import dev.foresight.planner.GoalDistance;
import dev.foresight.planner.Plan;
import dev.foresight.planner.Planner;
import dev.foresight.planner.PlannerOptions;
import dev.foresight.planner.Planners;
import dev.foresight.planner.SearchTuning;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.ModelManifest;
import dev.foresight.worldmodel.WorldModels;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The planning stage of a control tick, assembled in one place: the world model (opened on the
 * configured engine), the planner's settings and bounds, and the energy — for a learned model
 * {@code E = Σ_k ‖z_k − z_goal‖₁} over the horizon with the latent's proprio slice weighted by the
 * goal's {@linkplain Goal#proprioWeight() goal-proprio rule} (or on the final step only, {@link
 * SearchTuning#finalStepEnergy}). Keeps the goal latent and the warm start (the previous plan,
 * shifted) between ticks; with {@link SearchTuning#executeSteps} m &gt; 1 the planner searches
 * every m-th tick and returns the rest of its plan in between. Single-threaded.
 */
public final class PlanningStack implements AutoCloseable {
  private final WorldModel model;
  private final boolean ownsModel;
  private final String description;
  private final PlannerOptions options;
  private final int proprioSize;
  private final boolean learnedEnergy;
  private final Map<Double, Planner> planners = new HashMap<>();
  private final float[] goalLatent;
  private Planner planner;
  private boolean hasGoal;
  private ActionSequence warmStart;

  private PlanningStack(
      WorldModel model,
      boolean ownsModel,
      String description,
      PlannerOptions options,
      int proprioSize,
      boolean learnedEnergy) {
    this.model = model;
    this.ownsModel = ownsModel;
    this.description = description;
    this.options = options;
    this.proprioSize = proprioSize;
    this.learnedEnergy = learnedEnergy;
    this.goalLatent = new float[model.latentSize()];
  }

  /**
   * Opens the configured bundle on the configured engine (falling back to ONNX Runtime with one log
   * line when that engine cannot load) and builds the learned stack over it; the stack owns the
   * model. A frameskip-k bundle plans macro-steps of k control steps (one action held k steps, one
   * prediction each), replanned every control step; {@code planner.horizon} counts control steps
   * and must then be a multiple of k.
   *
   * @param threads CPU threads for the inference engine
   * @throws IOException when the bundle is missing or corrupt
   */
  public static PlanningStack open(
      ModelSettings model, int threads, PlannerSettings settings, ActionBounds bounds)
      throws IOException {
    return open(model, threads, settings, bounds, SearchTuning.DEFAULTS);
  }

  /**
   * As {@link #open(ModelSettings, int, PlannerSettings, ActionBounds)} with long-horizon search
   * options (e.g. a simulated task's default search); a {@code tuning} that holds each action one
   * control step plans a frameskip-k bundle's macro-steps of k instead.
   */
  public static PlanningStack open(
      ModelSettings model,
      int threads,
      PlannerSettings settings,
      ActionBounds bounds,
      SearchTuning tuning)
      throws IOException {
    LearnedWorldModel learned = WorldModels.open(model.bundle(), model.engine(), threads);
    try {
      SearchTuning held =
          tuning.actionRepeat() == 1
              ? tuning.withMacroActions(learned.frameSkip(), tuning.executeSteps())
              : tuning;
      return new PlanningStack(
          learned,
          true,
          model.bundle() + " on " + learned.engineName(),
          PlannerOptions.builder(settings, bounds).tuning(held).build(),
          learned.bundle().manifest().proprioSize(),
          true);
    } catch (RuntimeException e) {
      learned.close();
      throw e;
    }
  }

  /**
   * The learned stack over a model the caller owns.
   *
   * @param proprioSize length of the proprio slice at the end of the model's latent, 0 for none
   */
  public static PlanningStack learned(
      WorldModel model, int proprioSize, PlannerSettings settings, ActionBounds bounds) {
    return learned(model, proprioSize, settings, bounds, SearchTuning.DEFAULTS);
  }

  /**
   * The learned stack over a model the caller owns, with long-horizon search options
   * (macro-actions, receding execution, iCEM, the goal distance on the final step only).
   *
   * @param proprioSize length of the proprio slice at the end of the model's latent, 0 for none
   */
  public static PlanningStack learned(
      WorldModel model,
      int proprioSize,
      PlannerSettings settings,
      ActionBounds bounds,
      SearchTuning tuning) {
    return new PlanningStack(
        model,
        false,
        model.getClass().getSimpleName(),
        PlannerOptions.builder(settings, bounds).tuning(tuning).build(),
        proprioSize,
        true);
  }

  /**
   * A stack with a fixed energy (e.g. the simulator oracle's true state distance) over a model the
   * caller owns; goals' proprio weights do not apply.
   */
  public static PlanningStack withEnergy(WorldModel model, PlannerOptions options) {
    return new PlanningStack(model, false, model.getClass().getSimpleName(), options, 0, false);
  }

  /**
   * The learned energy: {@code E = Σ_k ‖z_k − z_goal‖₁} over the horizon, with the last {@code
   * proprioSize} latent values weighted by {@code proprioWeight} (0 ignores them).
   */
  public static Energy learnedEnergy(int proprioSize, double proprioWeight) {
    return learnedEnergy(proprioSize, proprioWeight, GoalDistance.Steps.SUM);
  }

  /**
   * The learned energy scored over {@code steps}: summed over the horizon, or the final step only.
   */
  public static Energy learnedEnergy(
      int proprioSize, double proprioWeight, GoalDistance.Steps steps) {
    GoalDistance distance = GoalDistance.of(GoalDistance.Norm.L1, steps);
    if (proprioSize > 0) {
      distance = distance.proprio(proprioSize, proprioWeight);
    }
    return Energy.builder().add(distance).build();
  }

  /** The world model the planner searches. */
  public WorldModel model() {
    return model;
  }

  /** The planner's settings and bounds. */
  public PlannerOptions options() {
    return options;
  }

  /**
   * The manifest of the bundle this stack opened ({@link #open}).
   *
   * @throws IllegalStateException for a stack over a model that is not a bundle
   */
  public ModelManifest manifest() {
    if (model instanceof LearnedWorldModel learned) {
      return learned.bundle().manifest();
    }
    throw new IllegalStateException(description + " is not a model bundle: it has no manifest");
  }

  /** One line: the bundle and engine, or the model's kind. */
  public String description() {
    return description;
  }

  /**
   * Sets the goal latent and forgets the warm start (a new goal starts a new search).
   *
   * @param latent {@code latentSize} floats. Not modified (copied).
   * @param proprioWeight the goal's {@linkplain Goal#proprioWeight() proprio weight}; ignored by a
   *     stack with a fixed energy
   * @throws IllegalArgumentException for a latent of the wrong size
   */
  public void setGoal(float[] latent, double proprioWeight) {
    if (latent.length != goalLatent.length) {
      throw new IllegalArgumentException(
          "goal latent has " + latent.length + " floats, expected " + goalLatent.length);
    }
    System.arraycopy(latent, 0, goalLatent, 0, latent.length);
    planner = planner(learnedEnergy ? proprioWeight : 0.0);
    hasGoal = true;
    warmStart = null;
  }

  /** Whether a goal has been set. */
  public boolean hasGoal() {
    return hasGoal;
  }

  /** The goal latent (a view; do not modify). */
  float[] goalLatent() {
    return goalLatent;
  }

  /**
   * Plans from the current latent toward the goal within the configured time budget, warm-started
   * from the previous plan, and keeps this plan as the next warm start.
   *
   * @param current {@code latentSize} floats. Not modified.
   * @return the planner's reused result, valid until the next call
   * @throws IllegalStateException when no goal is set
   */
  public Plan plan(float[] current) {
    if (!hasGoal) {
      throw new IllegalStateException("no goal: call setGoal before planning");
    }
    Plan plan = planner.plan(current, goalLatent, warmStart);
    warmStart = plan.actions();
    return plan;
  }

  /**
   * The end-effector positions the world model predicts along {@code actions} from {@code current}:
   * the proprio slice of each predicted state, de-normalised with the bundle's proprio mean and
   * std. One model step per {@linkplain WorldModel#frameSkip() frameskip} control steps, each with
   * the action planned for its first control step (the planner holds it for the whole step).
   *
   * @param current {@code latentSize} floats. Not modified.
   * @param actions a planned sequence over control steps. Not modified.
   * @return x, y, z (m, base frame) per model step, row-major; null when the model is not a bundle
   *     whose state carries the end-effector position (an oracle)
   */
  public float[] predictedPositions(float[] current, ActionSequence actions) {
    if (!(model instanceof LearnedWorldModel learned)) {
      return null;
    }
    ModelManifest manifest = learned.bundle().manifest();
    int proprio = manifest.proprioSize();
    if (proprio < 3 || current.length != model.latentSize()) {
      return null;
    }
    int skip = Math.max(1, model.frameSkip());
    int steps = actions.horizon() / skip;
    int offset = model.latentSize() - proprio;
    float[] mean = manifest.proprioMean();
    float[] std = manifest.proprioStd();
    float[] state = current.clone();
    float[] next = new float[state.length];
    float[] action = new float[actions.actionSize()];
    float[] positions = new float[steps * 3];
    for (int step = 0; step < steps; step++) {
      actions.copyAction(step * skip, action);
      model.predict(1, state, action, next);
      float[] swap = state;
      state = next;
      next = swap;
      for (int d = 0; d < 3; d++) {
        positions[step * 3 + d] = state[offset + d] * std[d] + mean[d];
      }
    }
    return positions;
  }

  /** Forgets the warm start: the next plan starts cold (e.g. after a failed plan). */
  public void resetWarmStart() {
    warmStart = null;
  }

  private Planner planner(double proprioWeight) {
    return planners.computeIfAbsent(
        proprioWeight,
        weight ->
            Planners.create(
                model,
                learnedEnergy
                    ? options.toBuilder()
                        .energy(learnedEnergy(proprioSize, weight, options.tuning().energySteps()))
                        .build()
                    : options));
  }

  @Override
  public void close() {
    if (ownsModel) {
      model.close();
    }
  }
}
