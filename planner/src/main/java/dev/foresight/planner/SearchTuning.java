package dev.foresight.planner;

import java.util.Locale;

/**
 * The long-horizon knobs of a sampling planner: temporal abstraction (macro-actions, receding
 * execution of several actions per plan), an iCEM-style sampler (Pinneri et al. 2020: coloured
 * noise, elites kept across iterations and shifted across plans, a decaying population) and whether
 * the goal distance scores the final step only. {@link #DEFAULTS} is the flat planner: every value
 * there leaves the search exactly as it is without this record.
 *
 * <p>A macro-action is one action held for {@code actionRepeat} control steps, not k free actions:
 * it works over every 1-step world model (the model is stepped k times with the same action), keeps
 * the search space at H·A dimensions for H·k control steps of look-ahead, and a held action is a
 * constant end-effector velocity command that the bridge's per-step limits check step by step.
 * {@code PlannerSettings.horizon} counts control steps and must be a multiple of {@code
 * actionRepeat}: horizon 25 with actionRepeat 5 plans 5 macro-steps (DINO-WM's frameskip 5).
 *
 * @param actionRepeat k, control steps each planned action is held (1: one action per step)
 * @param executeSteps actions of a plan executed before the next search (1: replan every step);
 *     between searches the planner returns the rest of its plan without searching
 * @param noiseExponent β of the sampling noise's power spectrum 1/f^β along the horizon (0: white,
 *     as plain CEM; iCEM uses 2–4 for smooth, low-frequency sequences). CEM only.
 * @param keptEliteFraction fraction of the elites carried into the next iteration, and, shifted by
 *     the executed steps, into the next plan's first iteration (0: none). CEM only.
 * @param populationDecay γ ≥ 1: iteration i samples max(2·elites, samples·γ^−i) sequences (1: the
 *     same count every iteration). CEM only.
 * @param finalStepEnergy score the goal distance at the last horizon step only (DINO-WM) instead of
 *     summed over the horizon; read by whoever builds the energy ({@code PlanningStack}, the
 *     oracle)
 * @param subgoalSteps 0: plan straight for the goal (flat); s &gt; 0: plan in two levels ({@link
 *     SubgoalPlanner}): every s control steps a coarse search over macro-actions held s steps looks
 *     {@code subgoalHorizon} control steps toward the goal, and the state the model predicts at the
 *     end of its first macro-action becomes the goal of the search above, the low level
 * @param subgoalHorizon control steps the high level looks ahead (a multiple of {@code
 *     subgoalSteps}); 0 when flat
 */
public record SearchTuning(
    int actionRepeat,
    int executeSteps,
    double noiseExponent,
    double keptEliteFraction,
    double populationDecay,
    boolean finalStepEnergy,
    int subgoalSteps,
    int subgoalHorizon) {

  /** The flat planner: one action per step, replan every step, white noise, no kept elites. */
  public static final SearchTuning DEFAULTS = new SearchTuning(1, 1, 0, 0, 1, false, 0, 0);

  /** Without subgoals: the flat planner's knobs as before. */
  public SearchTuning(
      int actionRepeat,
      int executeSteps,
      double noiseExponent,
      double keptEliteFraction,
      double populationDecay,
      boolean finalStepEnergy) {
    this(
        actionRepeat,
        executeSteps,
        noiseExponent,
        keptEliteFraction,
        populationDecay,
        finalStepEnergy,
        0,
        0);
  }

  /** Checks every value's range. */
  public SearchTuning {
    if (actionRepeat < 1 || actionRepeat > 100) {
      throw new IllegalArgumentException(
          "planner.actionRepeat: " + actionRepeat + " is out of range, expected 1..100 steps");
    }
    if (executeSteps < 1 || executeSteps > 10_000) {
      throw new IllegalArgumentException(
          "planner.executeSteps: " + executeSteps + " is out of range, expected >= 1 steps");
    }
    if (!(noiseExponent >= 0 && noiseExponent <= 8)) {
      throw new IllegalArgumentException(
          "planner.noiseExponent: " + noiseExponent + " is out of range, expected [0, 8]");
    }
    if (!(keptEliteFraction >= 0 && keptEliteFraction <= 1)) {
      throw new IllegalArgumentException(
          "planner.keptEliteFraction: " + keptEliteFraction + " is out of range, expected [0, 1]");
    }
    if (!(populationDecay >= 1 && populationDecay <= 100)) {
      throw new IllegalArgumentException(
          "planner.populationDecay: " + populationDecay + " is out of range, expected [1, 100]");
    }
    if (subgoalSteps < 0 || subgoalSteps > 100) {
      throw new IllegalArgumentException(
          "planner.subgoalSteps: " + subgoalSteps + " is out of range, expected 0..100 steps");
    }
    if (subgoalSteps == 0
        ? subgoalHorizon != 0
        : subgoalHorizon < subgoalSteps || subgoalHorizon % subgoalSteps != 0) {
      throw new IllegalArgumentException(
          "planner.subgoalHorizon: "
              + subgoalHorizon
              + " control steps does not fit planner.subgoalSteps "
              + subgoalSteps
              + ", expected "
              + (subgoalSteps == 0 ? "0 (flat)" : "a multiple of it"));
    }
  }

  /** Whether the planner plans in two levels, through subgoals. */
  public boolean hierarchical() {
    return subgoalSteps > 0;
  }

  /**
   * This tuning with subgoals every {@code steps} control steps from a high level looking {@code
   * horizon} control steps ahead (0, 0: flat).
   */
  public SearchTuning withSubgoals(int steps, int horizon) {
    return new SearchTuning(
        actionRepeat,
        executeSteps,
        noiseExponent,
        keptEliteFraction,
        populationDecay,
        finalStepEnergy,
        steps,
        horizon);
  }

  /** Whether any iCEM option differs from plain CEM. */
  public boolean icem() {
    return noiseExponent != 0 || keptEliteFraction != 0 || populationDecay != 1;
  }

  /** This tuning with {@code actionRepeat} and {@code executeSteps} replaced. */
  public SearchTuning withMacroActions(int actionRepeat, int executeSteps) {
    return new SearchTuning(
        actionRepeat,
        executeSteps,
        noiseExponent,
        keptEliteFraction,
        populationDecay,
        finalStepEnergy,
        subgoalSteps,
        subgoalHorizon);
  }

  /** This tuning with the iCEM options replaced. */
  public SearchTuning withIcem(
      double noiseExponent, double keptEliteFraction, double populationDecay) {
    return new SearchTuning(
        actionRepeat,
        executeSteps,
        noiseExponent,
        keptEliteFraction,
        populationDecay,
        finalStepEnergy,
        subgoalSteps,
        subgoalHorizon);
  }

  /** This tuning with the goal distance on the final step only ({@code true}) or summed. */
  public SearchTuning withFinalStepEnergy(boolean finalStep) {
    return new SearchTuning(
        actionRepeat,
        executeSteps,
        noiseExponent,
        keptEliteFraction,
        populationDecay,
        finalStep,
        subgoalSteps,
        subgoalHorizon);
  }

  /** The goal distance's steps this tuning asks for. */
  public GoalDistance.Steps energySteps() {
    return finalStepEnergy ? GoalDistance.Steps.FINAL : GoalDistance.Steps.SUM;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "repeat=%d execute=%d beta=%s keptElites=%s populationDecay=%s energy=%s%s",
        actionRepeat,
        executeSteps,
        noiseExponent,
        keptEliteFraction,
        populationDecay,
        finalStepEnergy ? "final" : "summed",
        subgoalSteps == 0 ? "" : " subgoal=" + subgoalSteps + " subgoal-horizon=" + subgoalHorizon);
  }
}
