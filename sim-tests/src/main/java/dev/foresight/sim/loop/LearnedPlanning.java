package dev.foresight.sim.loop;

import dev.foresight.config.PlannerSettings;
import dev.foresight.core.WorldModel;
import dev.foresight.planner.Energy;
import dev.foresight.planner.GoalDistance;
import dev.foresight.planner.PlannerOptions;
import dev.foresight.planner.Planners;
import dev.foresight.sim.Episode;
import java.time.Duration;

/**
 * Planning with a learned world model from camera frames: the latent of the current frame and
 * proprioception, the latent of the goal image, CEM over the model's predictor, energy = L1 to the
 * goal latent summed over the horizon with the proprioceptive slice weighted.
 */
public final class LearnedPlanning {
  /**
   * The configured default planner (CEM, 256 samples, 25 elites, 8 iterations, horizon 5) with a
   * time budget long enough that a busy machine never cuts a search short, so seeded runs repeat;
   * planning time is measured and reported separately.
   */
  public static final PlannerSettings SETTINGS =
      new PlannerSettings(
          PlannerSettings.DEFAULTS.sampler(),
          PlannerSettings.DEFAULTS.samples(),
          PlannerSettings.DEFAULTS.elites(),
          PlannerSettings.DEFAULTS.iterations(),
          PlannerSettings.DEFAULTS.horizon(),
          Duration.ofSeconds(5),
          PlannerSettings.DEFAULTS.seed(),
          PlannerSettings.DEFAULTS.temperature());

  private LearnedPlanning() {}

  /**
   * The learned planner's energy: {@code E = Σ_k ‖z_k − z_goal‖₁} over the horizon, with the
   * proprioceptive slice at the end of the latent weighted by {@code proprioWeight} (0 ignores it).
   *
   * @param proprioSize length of the proprioceptive slice, 0 for none
   */
  public static Energy energy(int proprioSize, double proprioWeight) {
    GoalDistance distance = GoalDistance.l1Summed();
    if (proprioSize > 0) {
      distance = distance.proprio(proprioSize, proprioWeight);
    }
    return Energy.builder().add(distance).build();
  }

  /**
   * A camera-driven planning policy for one episode over a shared model.
   *
   * @param model the learned model (its latent ends with {@code proprioSize} proprio values); used,
   *     not owned
   * @param proprioSize length of the proprioceptive slice at the end of the latent
   * @param proprioWeight weight of that slice in the energy relative to the image latent
   */
  public static PlanningPolicy policy(
      Episode episode,
      WorldModel model,
      PlannerSettings settings,
      int proprioSize,
      double proprioWeight) {
    return policy(episode, model, settings, proprioSize, proprioWeight, false);
  }

  /**
   * As {@link #policy(Episode, WorldModel, PlannerSettings, int, double)}, optionally through the
   * episode's subgoal images (see {@link PlanningPolicy#reached}).
   */
  public static PlanningPolicy policy(
      Episode episode,
      WorldModel model,
      PlannerSettings settings,
      int proprioSize,
      double proprioWeight,
      boolean subgoals) {
    PlannerOptions options =
        PlannerOptions.builder(settings, SimRobot.bounds(episode.spec()))
            .energy(energy(proprioSize, proprioWeight))
            .build();
    return new PlanningPolicy(
        "learned", model, Planners.create(model, options), LatentSource.camera(model), subgoals);
  }
}
