package dev.foresight.sim.loop;

import dev.foresight.core.Action;
import dev.foresight.runtime.ControlTick;
import dev.foresight.runtime.FrameSource;
import dev.foresight.sim.Episode;
import dev.foresight.sim.Policy;
import java.time.Duration;
import java.util.List;

/**
 * Acts by planning, through the runtime's {@link ControlTick}: the episode's camera and proprio are
 * encoded, the planning stack searches its world model for the action sequence closest to the goal
 * latent (warm-started from the previous plan), and the first action is returned. Keeps the
 * diagnostics of the last plan for reports. With subgoals (a labelled diagnostic) it aims at the
 * episode's subgoal pictures in turn.
 */
public final class PlanningPolicy implements Policy {
  private final String label;
  private final ControlTick tick;
  private final EpisodeGoals episodeGoals;
  private final boolean subgoals;
  private final float[] proprio = new float[Episode.PROPRIO_SIZE];
  private int goalIndex = -1;
  private int retries;
  private double lastEnergy = Double.NaN;
  private long lastPlanningNanos;
  private boolean lastSearched;
  private long lastEncodingNanos;
  private int lastIterations;

  /**
   * @param label name in reports, e.g. {@code learned} or {@code oracle}
   * @param tick the control tick over the episode's camera (single-threaded; owned by this policy)
   * @param episodeGoals the episode's goals as runtime goals
   * @param subgoals plan towards the episode's subgoals in turn ({@link Episode#goals()}), moving
   *     on when the arm's measured proprio matches the subgoal's ({@link #reached}); false plans
   *     straight for the final goal
   */
  PlanningPolicy(String label, ControlTick tick, EpisodeGoals episodeGoals, boolean subgoals) {
    this.label = label;
    this.tick = tick;
    this.episodeGoals = episodeGoals;
    this.subgoals = subgoals;
  }

  @Override
  public String label() {
    return label;
  }

  @Override
  public Action act(Episode episode) {
    List<Episode.Goal> goals = episode.goals();
    if (goalIndex < 0) {
      goalIndex = subgoals ? 0 : goals.size() - 1;
      tick.setGoal(episodeGoals.of(goals.get(goalIndex)));
    }
    if (goalIndex < goals.size() - 1) {
      episode.proprio(proprio);
      if (reached(proprio, goals.get(goalIndex).proprio(), episode.spec().actionMask())) {
        goalIndex++;
        tick.setGoal(episodeGoals.of(goals.get(goalIndex)));
      } else if (graspMissed(
          proprio, goals.get(goalIndex).proprio(), episode.spec().actionMask())) {
        goalIndex = 0;
        tick.setGoal(episodeGoals.of(goals.get(goalIndex)));
        retries++;
      }
    }
    ControlTick.Decision decision;
    try {
      decision = tick.decide(FrameSource.ANY_TIME, Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while planning", e);
    }
    lastEnergy = decision.energy();
    lastIterations = decision.iterations();
    lastEncodingNanos = decision.encodingNanos();
    lastPlanningNanos = decision.planningNanos();
    lastSearched = decision.searched();
    return decision.action();
  }

  /** The control tick this policy plans through (e.g. for a live view's listener). */
  public ControlTick tick() {
    return tick;
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

  /** Whether the last step's plan came from a search (false: the rest of an earlier plan). */
  public boolean lastSearched() {
    return lastSearched;
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
