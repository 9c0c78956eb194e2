package dev.foresight.runtime;

import dev.foresight.core.Action;
import dev.foresight.core.Observation;
import dev.foresight.perception.Goal;
import dev.foresight.perception.Perception;
import dev.foresight.planner.ActionSequence;
import dev.foresight.planner.Plan;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One control tick, the one implementation every entry point uses: the next observation from the
 * {@link FrameSource}, its latent from {@link Perception}, a plan from the {@link PlanningStack}
 * toward the goal's latent, and the plan's first action for a {@link CommandSink}. The goal is
 * encoded at the first tick after {@link #setGoal}, with that tick's arm state filling what the
 * goal does not know ({@link Goal#armState}). Single-threaded; a {@link Listener} may observe each
 * decision (a live view), on the control thread, without the tick waiting for it.
 */
public final class ControlTick {

  /**
   * What one tick decided.
   *
   * @param observation what it saw
   * @param action the first action of the plan
   * @param energy best planned energy
   * @param iterations planner iterations completed
   * @param encodingNanos time spent encoding (goal included when it was encoded this tick)
   * @param planningNanos time spent planning
   * @param searched whether the planner searched this tick (false: it returned the rest of its last
   *     search's plan, receding execution)
   */
  public record Decision(
      Observation observation,
      Action action,
      double energy,
      int iterations,
      long encodingNanos,
      long planningNanos,
      boolean searched) {}

  /**
   * Observes each tick on the control thread, after the plan and before the action leaves (e.g. a
   * live view). It must return within microseconds and never block or throw: the tick does not wait
   * for observers, it only lets them copy what they need.
   */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param decision what the tick decided
     * @param goal the goal the tick aimed at
     * @param plannedActions the whole planned action sequence (horizon × action size: end-effector
     *     deltas in the base frame per control step, m and rad, and the gripper command); valid
     *     only during the call (the planner reuses it), so copy what you keep. Not modified.
     * @param predictedPositions computes, when asked during the call (a few batch-1 predictions, on
     *     the control thread), the end-effector positions the world model predicts along the plan
     *     (x, y, z in m per model step; {@link PlanningStack#predictedPositions}), or null for a
     *     model without them (an oracle); the array is the listener's
     */
    void ticked(
        Decision decision,
        Goal goal,
        ActionSequence plannedActions,
        Supplier<float[]> predictedPositions);
  }

  private final FrameSource source;
  private final Perception perception;
  private final PlanningStack stack;
  private final float[] current;
  private final float[] goalLatent;
  private Goal goal;
  private boolean goalEncoded;
  private Listener listener;

  /**
   * @param source where observations come from
   * @param perception encodes them; its latent size must match the stack's model
   * @param stack plans (used, not owned)
   */
  public ControlTick(FrameSource source, Perception perception, PlanningStack stack) {
    if (perception.latentSize() != stack.model().latentSize()) {
      throw new IllegalArgumentException(
          "perception writes "
              + perception.latentSize()
              + " floats per latent, but the planner's model expects "
              + stack.model().latentSize());
    }
    this.source = source;
    this.perception = perception;
    this.stack = stack;
    this.current = new float[perception.latentSize()];
    this.goalLatent = new float[perception.latentSize()];
  }

  /** The source of observations. */
  public FrameSource source() {
    return source;
  }

  /** The planning stack. */
  public PlanningStack stack() {
    return stack;
  }

  /** Aims the following ticks at {@code goal}; it is encoded at the next tick. */
  public void setGoal(Goal goal) {
    this.goal = goal;
    this.goalEncoded = false;
  }

  /** Sets the one observer of the following ticks; null for none. */
  public void setListener(Listener listener) {
    this.listener = listener;
  }

  /** The goal the ticks aim at, or null. */
  public Goal goal() {
    return goal;
  }

  /**
   * Runs one tick on the next observation (see {@link FrameSource#next}).
   *
   * @return the decision, or null when no observation came within {@code timeout}
   * @throws IllegalStateException when no goal is set
   */
  public Decision decide(long afterNanos, Duration timeout) throws InterruptedException {
    Observation observation = source.next(afterNanos, timeout);
    return observation == null ? null : decide(observation);
  }

  /**
   * Runs one tick on an observation the caller already has.
   *
   * @throws IllegalStateException when no goal is set
   */
  public Decision decide(Observation observation) {
    if (goal == null) {
      throw new IllegalStateException("no goal: call setGoal before the first tick");
    }
    long start = System.nanoTime();
    if (!goalEncoded) {
      perception.encodeGoal(goal, observation.armState(), goalLatent);
      stack.setGoal(goalLatent, goal.proprioWeight());
      goalEncoded = true;
    }
    perception.encode(observation, current);
    long encoded = System.nanoTime();
    Plan plan = stack.plan(current);
    long planned = System.nanoTime();
    Decision decision =
        new Decision(
            observation,
            plan.actions().action(0),
            plan.bestEnergy(),
            plan.iterationsDone(),
            encoded - start,
            planned - encoded,
            plan.searched());
    Listener observer = listener;
    if (observer != null) {
      observer.ticked(
          decision, goal, plan.actions(), () -> stack.predictedPositions(current, plan.actions()));
    }
    return decision;
  }
}
