package dev.foresight.sim.loop;

import dev.foresight.config.PlannerSettings;
import dev.foresight.core.WorldModel;
import dev.foresight.perception.Goal;
import dev.foresight.perception.Perception;
import dev.foresight.planner.SearchTuning;
import dev.foresight.runtime.ControlTick;
import dev.foresight.runtime.PlanningStack;
import dev.foresight.sim.Episode;
import java.time.Duration;

/**
 * Planning with a learned world model from camera frames: the runtime's tick over the episode's
 * camera, the model's perception and the learned planning stack ({@link PlanningStack#learned}).
 */
public final class LearnedPlanning {

  private LearnedPlanning() {}

  /**
   * The planner settings of seeded simulation runs: the configured ones with a time budget long
   * enough (at least 5 s) that a busy machine never cuts a search short, so seeded runs repeat;
   * planning time is measured and reported separately.
   */
  public static PlannerSettings seeded(PlannerSettings configured) {
    Duration budget =
        configured.timeBudget().compareTo(Duration.ofSeconds(5)) < 0
            ? Duration.ofSeconds(5)
            : configured.timeBudget();
    return new PlannerSettings(
        configured.sampler(),
        configured.samples(),
        configured.elites(),
        configured.iterations(),
        configured.horizon(),
        budget,
        configured.seed(),
        configured.temperature());
  }

  /** {@link #seeded} of the default planner settings. */
  public static final PlannerSettings SETTINGS = seeded(PlannerSettings.DEFAULTS);

  /**
   * A camera-driven planning policy for one episode over a shared model, straight for the final
   * goal or through the episode's subgoal pictures (see {@link PlanningPolicy#reached}).
   *
   * @param model the learned model (its latent ends with {@code proprioSize} proprio values); used,
   *     not owned
   * @param proprioSize length of the proprioceptive slice at the end of the latent
   */
  public static PlanningPolicy policy(
      Episode episode,
      WorldModel model,
      PlannerSettings settings,
      int proprioSize,
      boolean subgoals) {
    return policy(episode, model, settings, proprioSize, SearchTuning.DEFAULTS, subgoals);
  }

  /**
   * As {@link #policy(Episode, WorldModel, PlannerSettings, int, boolean)} with long-horizon search
   * options (macro-actions, receding execution, iCEM, final-step energy).
   */
  public static PlanningPolicy policy(
      Episode episode,
      WorldModel model,
      PlannerSettings settings,
      int proprioSize,
      SearchTuning tuning,
      boolean subgoals) {
    return policy(
        episode, model, settings, proprioSize, tuning, subgoals, true, Goal.PROPRIO_WEIGHT);
  }

  /**
   * As {@link #policy(Episode, WorldModel, PlannerSettings, int, SearchTuning, boolean)}, with or
   * without the arm's proprio in each goal picture ({@code false}: the picture alone, the energy
   * ignores the latent's proprio slice; {@link Goal}), a known proprio weighted by {@code
   * goalProprioWeight} ({@link Goal#withProprioWeight}).
   */
  public static PlanningPolicy policy(
      Episode episode,
      WorldModel model,
      PlannerSettings settings,
      int proprioSize,
      SearchTuning tuning,
      boolean subgoals,
      boolean goalProprioKnown,
      double goalProprioWeight) {
    PlanningStack stack =
        PlanningStack.learned(
            model, proprioSize, settings, SimRobot.bounds(episode.spec()), tuning);
    ControlTick tick =
        new ControlTick(new EpisodeCamera(episode, true), Perception.of(model), stack);
    return new PlanningPolicy(
        "learned", tick, new EpisodeGoals(episode, goalProprioKnown, goalProprioWeight), subgoals);
  }

  /**
   * Diagnostic: the learned energy over the true dynamics ({@link LearnedEnergyOracle}), at the
   * same settings as {@link #policy(Episode, WorldModel, PlannerSettings, int, SearchTuning,
   * boolean)}; one render and encoding per macro-step. Close the returned policy's resources after
   * the episode.
   */
  public static Evaluation.EpisodePolicy overTrueDynamics(
      Episode episode,
      WorldModel model,
      PlannerSettings settings,
      int proprioSize,
      SearchTuning tuning,
      boolean subgoals,
      boolean goalProprioKnown,
      double goalProprioWeight) {
    LearnedEnergyOracle dynamics = new LearnedEnergyOracle(episode, model, tuning.actionRepeat());
    PlanningStack stack =
        PlanningStack.learned(
            dynamics, proprioSize, settings, SimRobot.bounds(episode.spec()), tuning);
    ControlTick tick =
        new ControlTick(new EpisodeCamera(episode, true), Perception.of(dynamics), stack);
    return new Evaluation.EpisodePolicy(
        new PlanningPolicy(
            "learned-energy",
            tick,
            new EpisodeGoals(episode, goalProprioKnown, goalProprioWeight),
            subgoals),
        dynamics);
  }

  /** Length of the proprio slice of {@link #armFreePictures}' latents. */
  public static final int ARM_FREE_PROPRIO = ArmFreePictures.PROPRIO_SIZE;

  /**
   * Diagnostic encoder for {@link #overTrueDynamics}: top-down frames with the arm painted out,
   * pooled to {@code side × side} and weighted by {@code weight} ({@link ArmFreePictures}) — a
   * picture-space energy — followed by {@code learned}'s latent when one is given (the sum of both
   * distances).
   */
  public static WorldModel armFreePictures(int side, double weight, WorldModel learned) {
    return new ArmFreePictures(side, dev.foresight.core.Action.SIZE, weight, learned);
  }

  /**
   * {@code model} with its encoder fed arm-free frames ({@link ArmFreeFrames}), for a model trained
   * on frames painted the same way. Experimental.
   */
  public static WorldModel armFreeFrames(WorldModel model) {
    return new ArmFreeFrames(model);
  }

  /**
   * Diagnostic encoder for {@link #overTrueDynamics}: the object's pose from the image moments of
   * the arm-free frame ({@link ArmFreeMoments}) — a picture-space pose energy without learning.
   */
  public static WorldModel armFreeMoments() {
    return new ArmFreeMoments(dev.foresight.core.Action.SIZE);
  }

  /**
   * {@link #policy(Episode, WorldModel, PlannerSettings, int, SearchTuning, boolean, boolean,
   * double)} with everything {@code search} sets over the {@code base} planner settings (seeded):
   * samples and horizon, the long-horizon tuning and what each goal picture comes with.
   */
  public static PlanningPolicy policy(
      Episode episode,
      WorldModel model,
      int proprioSize,
      PlannerSettings base,
      boolean subgoals,
      SearchOverrides search) {
    return policy(
        episode,
        model,
        search.apply(seeded(base)),
        proprioSize,
        search.tuning(),
        subgoals,
        search.goalProprioKnown(),
        search.goalProprioWeight());
  }

  /** {@link #overTrueDynamics} with everything {@code search} sets, as {@link #policy} takes it. */
  public static Evaluation.EpisodePolicy overTrueDynamics(
      Episode episode,
      WorldModel model,
      int proprioSize,
      PlannerSettings base,
      boolean subgoals,
      SearchOverrides search) {
    return overTrueDynamics(
        episode,
        model,
        search.apply(seeded(base)),
        proprioSize,
        search.tuning(),
        subgoals,
        search.goalProprioKnown(),
        search.goalProprioWeight());
  }
}
