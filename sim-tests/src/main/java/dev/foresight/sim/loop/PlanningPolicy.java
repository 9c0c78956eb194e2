package dev.foresight.sim.loop;

import dev.foresight.core.Action;
import dev.foresight.core.WorldModel;
import dev.foresight.planner.ActionSequence;
import dev.foresight.planner.Plan;
import dev.foresight.planner.Planner;
import dev.foresight.sim.Episode;
import dev.foresight.sim.Policy;

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
    if (!goalEncoded) {
      source.goal(episode, goal);
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
