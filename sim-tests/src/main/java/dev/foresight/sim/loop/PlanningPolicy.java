package dev.foresight.sim.loop;

import dev.foresight.core.Action;
import dev.foresight.core.WorldModel;
import dev.foresight.planner.ActionSequence;
import dev.foresight.planner.Plan;
import dev.foresight.planner.Planner;
import dev.foresight.sim.Episode;
import dev.foresight.sim.Policy;
import java.util.List;

/**
 * Acts by planning: encodes the current observation, searches the world model for the action
 * sequence closest to the goal latent (warm-started from the previous plan), and returns the first
 * action. Keeps the diagnostics of the last plan for reports.
 */
public final class PlanningPolicy implements Policy {
  private final String label;
  private final Planner planner;
  private final LatentSource source;
  private final float[] current;
  private final float[] goal;
  private boolean goalEncoded;
  private final boolean subgoals;
  private final float[] proprio = new float[Episode.PROPRIO_SIZE];
  private int goalIndex = -1;
  private int retries;
  private ActionSequence warmStart;
  private double lastEnergy = Double.NaN;
  private long lastPlanningNanos;
  private long lastEncodingNanos;
  private int lastIterations;

  /**
   * @param label name in reports, e.g. {@code learned} or {@code oracle}
   * @param model the model the planner searches; only its sizes are read here
   * @param planner the planner (single-threaded; owned by this policy)
   * @param source where current and goal latents come from
   */
  public PlanningPolicy(String label, WorldModel model, Planner planner, LatentSource source) {
    this(label, model, planner, source, false);
  }

  /**
   * @param subgoals plan towards the episode's subgoals in turn ({@link Episode#goals()}), moving
   *     on when the arm's measured proprio matches the subgoal's ({@link #reached}); false plans
   *     straight for the final goal
   */
  public PlanningPolicy(
      String label, WorldModel model, Planner planner, LatentSource source, boolean subgoals) {
    this.subgoals = subgoals;
    this.label = label;
    this.planner = planner;
    this.source = source;
    this.current = new float[model.latentSize()];
    this.goal = new float[model.latentSize()];
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public Action act(Episode episode) {
    long start = System.nanoTime();
    List<Episode.Goal> goals = episode.goals();
    if (goalIndex < 0) {
      goalIndex = subgoals ? 0 : goals.size() - 1;
    }
    if (goalIndex < goals.size() - 1) {
      episode.proprio(proprio);
      if (reached(proprio, goals.get(goalIndex).proprio(), episode.spec().actionMask())) {
        goalIndex++;
        goalEncoded = false;
        warmStart = null;
      } else if (graspMissed(
          proprio, goals.get(goalIndex).proprio(), episode.spec().actionMask())) {
        goalIndex = 0;
        goalEncoded = false;
        warmStart = null;
        retries++;
      }
    }
    if (!goalEncoded) {
      source.goal(episode, goals.get(goalIndex), goal);
      goalEncoded = true;
    }
    source.current(episode, current);
    long encoded = System.nanoTime();
    Plan plan = planner.plan(current, goal, warmStart);
    long planned = System.nanoTime();
    warmStart = plan.actions();
    lastEnergy = plan.bestEnergy();
    lastIterations = plan.iterationsDone();
    lastEncodingNanos = encoded - start;
    lastPlanningNanos = planned - encoded;
    return plan.actions().action(0);
  }

  /** Index in {@link Episode#goals()} of the goal the last plan aimed at. */
  public int goalIndex() {
    return Math.max(goalIndex, 0);
  }

  /** Measured closure at or above which a closing gripper holds nothing (a missed grasp). */
  static final double EMPTY_GRIPPER_CLOSURE = 0.85;

  /**
   * Whether a grasp has missed: the subgoal shows the gripper closed on something, but the measured
   * closure says the fingers met with nothing between them. The policy then starts over from the
   * first subgoal, as a person would re-approach after a missed grasp.
   */
  static boolean graspMissed(float[] measured, float[] subgoal, boolean[] mask) {
    return mask[6] && subgoal[6] >= 0.5 && measured[6] >= EMPTY_GRIPPER_CLOSURE;
  }

  /** How many times this policy started over after a missed grasp. */
  public int retries() {
    return retries;
  }

  /** Position tolerance for a subgoal to count as reached, metres. */
  static final double SUBGOAL_POSITION_TOLERANCE_METRES = 0.015;

  /**
   * Whether the arm's measured proprio matches a subgoal's: end effector within {@value
   * #SUBGOAL_POSITION_TOLERANCE_METRES} m (over the axes the task moves) and the gripper closed on
   * something (closure ≥ 0.4) when the subgoal shows it closed, open (≤ 0.35, wider than a cube)
   * when it shows it open. Only what a real arm measures is used.
   *
   * @param mask the task's action mask (dx, dy, dz, droll, dpitch, dyaw, gripper)
   */
  static boolean reached(float[] measured, float[] subgoal, boolean[] mask) {
    double squared = 0;
    for (int i = 0; i < 3; i++) {
      if (mask[i]) {
        double d = measured[i] - subgoal[i];
        squared += d * d;
      }
    }
    if (squared > SUBGOAL_POSITION_TOLERANCE_METRES * SUBGOAL_POSITION_TOLERANCE_METRES) {
      return false;
    }
    if (mask[6]) {
      return subgoal[6] >= 0.5 ? measured[6] >= 0.4 : measured[6] <= 0.35;
    }
    return true;
  }

  /** Best energy of the last plan. */
  public double lastEnergy() {
    return lastEnergy;
  }

  /** Wall-clock time of the last plan (search only), nanoseconds. */
  public long lastPlanningNanos() {
    return lastPlanningNanos;
  }

  /** Wall-clock time spent encoding observations for the last plan, nanoseconds. */
  public long lastEncodingNanos() {
    return lastEncodingNanos;
  }

  /** Iterations the last plan completed. */
  public int lastIterations() {
    return lastIterations;
  }
}
