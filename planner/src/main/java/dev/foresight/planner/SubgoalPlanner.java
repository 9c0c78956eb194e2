package dev.foresight.planner;

import dev.foresight.config.PlannerSettings;
import dev.foresight.core.WorldModel;
import java.util.Arrays;

/**
 * Planning in two levels from one goal: a coarse high level proposes the next subgoal as a latent
 * state, and the configured search (the low level) plans toward it.
 *
 * <p>Every {@link SearchTuning#subgoalSteps} s control steps (and at the first call after a new
 * goal or a cold start), the high level searches macro-actions held s control steps each, {@link
 * SearchTuning#subgoalHorizon} control steps toward the goal, with the same sampler, sample count,
 * iterations and energy as the low level; the world model is then stepped from the current latent
 * along the best sequence's first macro-action, and the state it predicts there is the subgoal. The
 * high level's coarse model is the same world model queried with one action held for many control
 * steps: a held action is a straight end-effector move, so each high-level action is a waypoint
 * (and a gripper command) s control steps away, and the high level plans over waypoints (as
 * hierarchical world-model planners plan over macro-actions, e.g. HWM, arXiv 2604.03208). The
 * subgoal carries the whole predicted state — where the arm should be as well as the scene — and is
 * a stretch the low level can reach within its own horizon.
 *
 * <p>Between refreshes every call goes to the low level with the current subgoal; the high level's
 * plan, shifted by s control steps, warm-starts its next search. Both levels work to the call's
 * deadline: the high level's search comes first, the low level's gets what is left. What it buys is
 * measured per task ({@code docs/long-horizon-experiments.md} section 8: learned push-t 70 of 300
 * episodes against 44 flat; no gain on pick-place or for the oracle). Single-threaded, like every
 * planner.
 */
public final class SubgoalPlanner implements Planner {
  private final Planner low;
  private final Planner high;
  private final WorldModel model;
  private final PlannerOptions options;
  private final int subgoalSteps;
  private final int frameSkip;
  private final float[] lastGoal;
  private final float[] subgoal;
  private final float[] state;
  private final float[] next;
  private final float[] action;
  private ActionSequence highWarmStart;
  private boolean hasSubgoal;
  private int stepsSinceSubgoal;
  private int refreshes;

  /**
   * @param model the world model both levels search; used, not owned
   * @param options the low level's options; {@link SearchTuning#hierarchical()} must hold
   */
  SubgoalPlanner(WorldModel model, PlannerOptions options) {
    SearchTuning tuning = options.tuning();
    if (!tuning.hierarchical()) {
      throw new IllegalArgumentException("planner: subgoals need planner.subgoalSteps > 0");
    }
    this.model = model;
    this.options = options;
    this.subgoalSteps = tuning.subgoalSteps();
    this.frameSkip = Math.max(1, model.frameSkip());
    if (subgoalSteps % frameSkip != 0) {
      throw new IllegalArgumentException(
          "planner.subgoalSteps: "
              + subgoalSteps
              + " control steps splits the world model's steps of "
              + frameSkip
              + ", expected a multiple of "
              + frameSkip);
    }
    SearchTuning flat = tuning.withSubgoals(0, 0);
    this.low = Planners.create(model, options.toBuilder().tuning(flat).build());
    PlannerSettings base = options.settings();
    PlannerSettings coarse =
        new PlannerSettings(
            base.sampler(),
            base.samples(),
            base.elites(),
            base.iterations(),
            tuning.subgoalHorizon(),
            base.timeBudget(),
            base.seed() + 1,
            base.temperature());
    this.high =
        Planners.create(
            model,
            options.toBuilder(coarse)
                .tuning(flat.withMacroActions(subgoalSteps, 1))
                .warmStartShift(subgoalSteps)
                .build());
    int size = model.latentSize();
    this.lastGoal = new float[size];
    this.subgoal = new float[size];
    this.state = new float[size];
    this.next = new float[size];
    this.action = new float[model.actionSize()];
  }

  @Override
  public Plan plan(float[] currentLatent, float[] goalLatent, ActionSequence warmStart) {
    return plan(
        currentLatent,
        goalLatent,
        warmStart,
        options.clock().getAsLong() + options.settings().timeBudget().toNanos());
  }

  @Override
  public Plan plan(
      float[] currentLatent, float[] goalLatent, ActionSequence warmStart, long deadlineNanos) {
    boolean newGoal = !Arrays.equals(goalLatent, lastGoal);
    if (!hasSubgoal || newGoal || warmStart == null || stepsSinceSubgoal >= subgoalSteps) {
      if (newGoal || warmStart == null) {
        highWarmStart = null;
      }
      Plan coarse = high.plan(currentLatent, goalLatent, highWarmStart, deadlineNanos);
      highWarmStart = coarse.actions().copy();
      System.arraycopy(currentLatent, 0, state, 0, state.length);
      float[] from = state;
      float[] to = next;
      for (int step = 0; step < subgoalSteps; step += frameSkip) {
        highWarmStart.copyAction(step, action);
        model.predict(1, from, action, to);
        float[] swap = from;
        from = to;
        to = swap;
      }
      System.arraycopy(from, 0, subgoal, 0, subgoal.length);
      System.arraycopy(goalLatent, 0, lastGoal, 0, lastGoal.length);
      hasSubgoal = true;
      stepsSinceSubgoal = 0;
      refreshes++;
    }
    stepsSinceSubgoal++;
    return low.plan(currentLatent, subgoal, warmStart, deadlineNanos);
  }

  /** The subgoal the low level plans toward now (a view; do not modify). */
  public float[] subgoal() {
    return subgoal;
  }

  /** How many subgoals the high level has proposed. */
  public int refreshes() {
    return refreshes;
  }

  @Override
  public PlannerOptions options() {
    return options;
  }
}
