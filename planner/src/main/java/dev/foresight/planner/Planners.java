package dev.foresight.planner;

import dev.foresight.core.WorldModel;

/** Builds planners. */
public final class Planners {
  private Planners() {}

  /**
   * The planner named by {@code options.settings().sampler()} over {@code model}, in two levels
   * through subgoals when {@link SearchTuning#hierarchical()} ({@link SubgoalPlanner}). The model
   * is used, not owned: the caller closes it.
   *
   * @throws IllegalArgumentException if the model's sizes do not fit the options
   */
  public static Planner create(WorldModel model, PlannerOptions options) {
    if (options.tuning().hierarchical()) {
      return new SubgoalPlanner(model, options);
    }
    return switch (options.settings().sampler()) {
      case CEM -> new CemPlanner(model, options);
      case MPPI -> new MppiPlanner(model, options);
    };
  }
}
