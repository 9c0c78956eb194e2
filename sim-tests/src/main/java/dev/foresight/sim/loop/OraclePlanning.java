package dev.foresight.sim.loop;

import dev.foresight.config.Box;
import dev.foresight.config.PlannerSettings;
import dev.foresight.config.RobotProfile;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.Energy;
import dev.foresight.planner.GoalDistance;
import dev.foresight.planner.PlannerOptions;
import dev.foresight.planner.Planners;
import dev.foresight.sim.Episode;
import dev.foresight.sim.SimWorld;
import dev.foresight.sim.TaskSpec;
import java.time.Duration;

/**
 * Builds planning policies for the simulator: the robot profile a task implies, and the oracle
 * planner (ground-truth dynamics, true state distance as the energy).
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
   * The robot profile the bridge agent enforces for the simulated arm: the simulator's workspace,
   * per-command limits of three times the task's per-step bounds and a setpoint speed limit of 5
   * m/s (the simulated arm's physical speed is limited by the simulator itself, {@link
   * SimWorld#MAX_EE_SPEED}). The planner never asks for more than the task's bounds ({@link
   * #bounds}), so the agent's step and lead limits never clip a planned action, however far its
   * real-time interpolation lags: the filtered target is exactly the previous target plus the
   * action, which keeps episodes reproducible. The workspace box still clamps.
   */
  public static RobotProfile robotProfile(TaskSpec spec) {
    return profile(spec, 3, 5.0);
  }

  private static RobotProfile profile(TaskSpec spec, double stepScale, double speedMps) {
    float[] w = SimWorld.WORKSPACE;
    return new RobotProfile(
        "sim-arm",
        new Box(w[0], w[1], w[2], w[3], w[4], w[5]),
        speedMps,
        stepScale * spec.maxTranslationPerStep(),
        Math.min(Math.PI, stepScale * spec.maxRotationPerStep()),
        0,
        1,
        120,
        Duration.ofMillis(100),
        false);
  }

  /** Action dimensions a task does not use, fixed at zero by the planner. */
  public static int[] fixedDimensions(TaskSpec spec) {
    boolean[] mask = spec.actionMask();
    int count = 0;
    for (boolean used : mask) {
      count += used ? 0 : 1;
    }
    int[] fixed = new int[count];
    int next = 0;
    for (int i = 0; i < mask.length; i++) {
      if (!mask[i]) {
        fixed[next++] = i;
      }
    }
    return fixed;
  }

  /**
   * A CEM policy over the oracle with the true state distance (L1 over the task state, summed over
   * the horizon) as the energy.
   *
   * @param oracle the oracle bound to the episode; the caller closes it
   */
  public static PlanningPolicy policy(
      Episode episode, TaskStateOracle oracle, PlannerSettings settings) {
    Energy energy =
        Energy.builder()
            .add(GoalDistance.l1Summed().slice(-oracle.simulatorStateSize(), 0, 0.0))
            .build();
    PlannerOptions options =
        PlannerOptions.builder(settings, bounds(episode.spec())).energy(energy).build();
    return new PlanningPolicy(
        "oracle", oracle, Planners.create(oracle, options), LatentSource.oracle(oracle));
  }

  /** Action bounds of a task: the robot's limits with the task's unused dimensions fixed at 0. */
  public static ActionBounds bounds(TaskSpec spec) {
    ActionBounds.Builder bounds = ActionBounds.forRobot(profile(spec, 1, SimWorld.MAX_EE_SPEED));
    for (int dimension : fixedDimensions(spec)) {
      bounds.fix(dimension, 0f);
    }
    return bounds.build();
  }
}
