package dev.foresight.planner;

/**
 * What an {@link EnergyTerm} sees of one horizon step of a batched rollout: the latents predicted
 * after applying step {@code step}'s action to every sample, the actions of this and the previous
 * step, and the goal. The arrays are the planner's own buffers: read them, never keep or modify
 * them.
 */
public final class RolloutStep {
  private int count;
  private int step;
  private int horizon;
  private int latentSize;
  private int actionSize;
  private float[] goalLatent;
  private float[] predictedLatents;
  private float[] actions;
  private float[] previousActions;

  RolloutStep() {}

  void set(
      int count,
      int step,
      int horizon,
      int latentSize,
      int actionSize,
      float[] goalLatent,
      float[] predictedLatents,
      float[] actions,
      float[] previousActions) {
    this.count = count;
    this.step = step;
    this.horizon = horizon;
    this.latentSize = latentSize;
    this.actionSize = actionSize;
    this.goalLatent = goalLatent;
    this.predictedLatents = predictedLatents;
    this.actions = actions;
    this.previousActions = previousActions;
  }

  /**
   * A view for callers outside a planner, e.g. tests of custom terms.
   *
   * @param previousActions actions of step {@code step - 1}, or {@code null} at step 0
   */
  public static RolloutStep of(
      int count,
      int step,
      int horizon,
      int latentSize,
      int actionSize,
      float[] goalLatent,
      float[] predictedLatents,
      float[] actions,
      float[] previousActions) {
    RolloutStep view = new RolloutStep();
    view.set(
        count,
        step,
        horizon,
        latentSize,
        actionSize,
        goalLatent,
        predictedLatents,
        actions,
        previousActions);
    return view;
  }

  /** Number of samples in the batch. */
  public int count() {
    return count;
  }

  /** Index of this step, 0 … horizon − 1; the latents are those after this step's action. */
  public int step() {
    return step;
  }

  /** Number of steps in the rollout. */
  public int horizon() {
    return horizon;
  }

  /** Whether this is the final step of the rollout. */
  public boolean isFinalStep() {
    return step == horizon - 1;
  }

  /** Floats per latent. */
  public int latentSize() {
    return latentSize;
  }

  /** Floats per action. */
  public int actionSize() {
    return actionSize;
  }

  /** The goal latent, {@code latentSize} floats. */
  public float[] goalLatent() {
    return goalLatent;
  }

  /** Predicted latents after this step, {@code count * latentSize} floats, sample-major. */
  public float[] predictedLatents() {
    return predictedLatents;
  }

  /** This step's actions, {@code count * actionSize} floats, sample-major. */
  public float[] actions() {
    return actions;
  }

  /** The previous step's actions, or {@code null} at step 0. */
  public float[] previousActions() {
    return previousActions;
  }
}
