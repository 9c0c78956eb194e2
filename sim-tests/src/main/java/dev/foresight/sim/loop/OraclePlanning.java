package dev.foresight.sim.loop;

import dev.foresight.config.PlannerSettings;
import dev.foresight.planner.Energy;
import dev.foresight.planner.GoalDistance;
import dev.foresight.planner.PlannerOptions;
import dev.foresight.planner.SearchTuning;
import dev.foresight.runtime.ControlTick;
import dev.foresight.runtime.PlanningStack;
import dev.foresight.sim.Episode;
import dev.foresight.sim.SimWorld;
import java.time.Duration;

/**
 * The oracle planner for the simulator: ground-truth dynamics, true state distance as the energy.
 */
public final class OraclePlanning {
  /**
   * Planner settings for the oracle. Each oracle prediction steps a cloned physics world for a
   * whole control period, so the oracle affords fewer samples than a learned model: CEM, 64
   * samples, 8 elites, 3 iterations, horizon 3, generous time budget.
   */
  public static final PlannerSettings ORACLE_SETTINGS =
      new PlannerSettings(PlannerSettings.Sampler.CEM, 64, 8, 3, 3, Duration.ofSeconds(10), 0, 1.0);

  private OraclePlanning() {}

  /**
   * A CEM policy over the oracle with the true state distance as the energy: L1 over the task state
   * plus the finger gap (metres; so that a goal showing the gripper closed pulls it closed), summed
   * over the horizon.
   *
   * @param oracle the oracle bound to the episode; the caller closes it
   */
  public static PlanningPolicy policy(
      Episode episode, TaskStateOracle oracle, PlannerSettings settings) {
    return policy(episode, oracle, settings, false);
  }

  /**
   * As {@link #policy(Episode, TaskStateOracle, PlannerSettings)}, optionally through the episode's
   * subgoals (see {@link PlanningPolicy#reached}).
   */
  public static PlanningPolicy policy(
      Episode episode, TaskStateOracle oracle, PlannerSettings settings, boolean subgoals) {
    return policy(episode, oracle, settings, SearchTuning.DEFAULTS, subgoals);
  }

  /**
   * As {@link #policy(Episode, TaskStateOracle, PlannerSettings, boolean)} with long-horizon search
   * options: the same planner and options a learned model gets ({@link
   * LearnedPlanning#policy(Episode, dev.foresight.core.WorldModel, PlannerSettings, int,
   * SearchTuning, boolean)}), the true state distance summed or on the final step as {@code tuning}
   * says.
   */
  public static PlanningPolicy policy(
      Episode episode,
      TaskStateOracle oracle,
      PlannerSettings settings,
      SearchTuning tuning,
      boolean subgoals) {
    int gap = oracle.taskStateSize() + SimWorld.GRIPPER_GAP_INDEX;
    Energy energy =
        Energy.builder()
            .add(
                GoalDistance.of(GoalDistance.Norm.L1, tuning.energySteps())
                    .slice(-oracle.simulatorStateSize(), 0, 0.0)
                    .slice(gap, gap + 1, 1.0))
            .build();
    PlannerOptions options =
        PlannerOptions.builder(settings, SimRobot.bounds(episode.spec()))
            .energy(energy)
            .tuning(tuning)
            .build();
    EpisodeGoals goals = new EpisodeGoals(episode);
    ControlTick tick =
        new ControlTick(
            new EpisodeCamera(episode, false),
            new OraclePerception(oracle, goals),
            PlanningStack.withEnergy(oracle, options));
    return new PlanningPolicy("oracle", tick, goals, subgoals);
  }
}
