package dev.foresight.planner;

/**
 * A latent model-predictive planner: finds the action sequence whose predicted rollout has the
 * lowest energy with respect to a goal latent. Built by {@link Planners#create}.
 *
 * <p>A planner is single-threaded and keeps its buffers and its random stream between calls: the
 * same seed and the same inputs give the same plans, call for call (as long as no deadline cuts a
 * search short).
 */
public interface Planner {

  /**
   * Plans one tick.
   *
   * @param currentLatent the latent state now, {@code latentSize} floats. Not modified.
   * @param goalLatent the goal latent, {@code latentSize} floats. Not modified.
   * @param warmStart the previous tick's plan, which the planner shifts by the configured number of
   *     executed steps and uses as the initial mean; {@code null} for a cold start. It may be the
   *     {@link Plan#actions()} this planner returned last time (it is read before the plan is
   *     overwritten). Not modified.
   * @param deadlineNanos the time, on the planner's clock ({@link System#nanoTime()} unless
   *     configured otherwise), by which the call returns with the best plan found so far; it never
   *     throws because of the deadline
   * @return this planner's reused result object, valid until the next call
   * @throws IllegalArgumentException for latents or a warm start of the wrong size or with
   *     non-finite values
   * @throws IllegalStateException if the world model predicts a non-finite value (naming the step
   *     and sample)
   */
  Plan plan(
      float[] currentLatent, float[] goalLatent, ActionSequence warmStart, long deadlineNanos);

  /**
   * Plans one tick with the configured time budget ({@code PlannerSettings.timeBudget}) from now.
   */
  Plan plan(float[] currentLatent, float[] goalLatent, ActionSequence warmStart);

  /** The options this planner was built with. */
  PlannerOptions options();
}
