package dev.foresight.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.PlannerSettings;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.perception.Goal;
import dev.foresight.perception.Perception;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.models.LinearWorldModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The control tick over a linear model whose latent is the proprio itself (x, y, z, roll, pitch,
 * yaw, gripper), so the goal-proprio rule and the tick's order can be checked exactly.
 */
class ControlTickTest {
  private static final Image FRAME = new Image(2, 2, PixelEncoding.RGB8, new byte[12]);
  private static final PlannerSettings SETTINGS =
      new PlannerSettings(PlannerSettings.Sampler.CEM, 64, 8, 4, 3, Duration.ofSeconds(5), 7, 1);

  private static LinearWorldModel identityModel() {
    float[] b = new float[7 * 7];
    for (int i = 0; i < 7; i++) {
      b[i * 7 + i] = 1f;
    }
    return new LinearWorldModel(7, 7, b);
  }

  private static ActionBounds bounds() {
    ActionBounds.Builder builder = ActionBounds.builder(7);
    for (int d = 0; d < 7; d++) {
      builder.range(d, -0.05f, 0.05f);
    }
    return builder.build();
  }

  /** A source that returns the same arm state every tick. */
  private static FrameSource fixed(ArmState state) {
    return new FrameSource() {
      @Override
      public Observation next(long afterNanos, Duration timeout) {
        return new Observation(FRAME, state);
      }

      @Override
      public Observation latest() {
        return next(ANY_TIME, Duration.ZERO);
      }

      @Override
      public String description() {
        return "fixed";
      }
    };
  }

  @Test
  void theGoalIsEncodedAtTheFirstTickWithThatTicksArmStateFillingWhatItDoesNotKnow()
      throws Exception {
    ArmState now = new ArmState(0, new Pose(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), 0.7);
    LinearWorldModel model = identityModel();
    PlanningStack stack = PlanningStack.learned(model, 3, SETTINGS, bounds());
    ControlTick tick = new ControlTick(fixed(now), Perception.of(model), stack);
    tick.setGoal(Goal.withPosition(FRAME, 0.15, 0.2, 0.3));

    ControlTick.Decision decision = tick.decide(FrameSource.ANY_TIME, Duration.ZERO);

    assertThat(stack.goalLatent()).containsExactly(0.15f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f);
    assertThat(decision.iterations()).isEqualTo(4);
    assertThat(decision.observation().armState()).isEqualTo(now);
  }

  @Test
  void theFirstActionMovesTowardTheGoal() throws Exception {
    // Only x is free: over all seven dimensions 64 samples rarely beat standing still, since any
    // move of the other six costs (CEM then keeps its best sample, the zero mean).
    ActionBounds.Builder onlyX = ActionBounds.builder(7).range(0, -0.05f, 0.05f);
    for (int d = 1; d < 7; d++) {
      onlyX.fix(d, 0f);
    }
    ArmState now = new ArmState(0, new Pose(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), 0.7);
    LinearWorldModel model = identityModel();
    PlanningStack stack = PlanningStack.learned(model, 3, SETTINGS, onlyX.build());
    ControlTick tick = new ControlTick(fixed(now), Perception.of(model), stack);
    tick.setGoal(Goal.withPosition(FRAME, 0.15, 0.2, 0.3));

    ControlTick.Decision decision = tick.decide(FrameSource.ANY_TIME, Duration.ZERO);

    assertThat(decision.action().dx()).isGreaterThan(0.02);
    assertThat(decision.energy()).isLessThan(0.15 - 0.02);
  }

  @Test
  void aPictureOnlyGoalLeavesTheProprioSliceOutOfTheEnergy() {
    // The last three latent values are the proprio slice. A goal that differs from the state only
    // there costs nothing when the goal's proprio is unknown, and a lot when it is known.
    float[] current = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f};
    float[] goal = {0.1f, 0.2f, 0.3f, 0.4f, 0.9f, 0.9f, 0.1f};
    double[] energies = new double[2];
    Goal[] goals = {Goal.imageOnly(FRAME), Goal.withProprio(FRAME, goal)};
    for (int i = 0; i < 2; i++) {
      PlanningStack stack = PlanningStack.learned(identityModel(), 3, SETTINGS, bounds());
      stack.setGoal(goal, goals[i].proprioWeight());
      energies[i] = stack.plan(current).bestEnergy();
    }
    assertThat(energies[0]).as("proprio ignored").isLessThan(0.1);
    assertThat(energies[1]).as("proprio weighed").isGreaterThan(1.0);
  }

  @Test
  void aTickWithoutAGoalOrWithAMismatchedPerceptionIsRefused() {
    LinearWorldModel model = identityModel();
    PlanningStack stack = PlanningStack.learned(model, 3, SETTINGS, bounds());
    ControlTick tick =
        new ControlTick(
            fixed(new ArmState(0, new Pose(0, 0, 0, 0, 0, 0), 0)), Perception.of(model), stack);
    assertThatThrownBy(() -> tick.decide(FrameSource.ANY_TIME, Duration.ZERO))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no goal");
    LinearWorldModel small = new LinearWorldModel(3, 7, new float[21]);
    assertThatThrownBy(() -> new ControlTick(fixed(null), Perception.of(small), stack))
        .hasMessageContaining("perception writes 3 floats per latent");
  }

  @Test
  void aListenerSeesEachDecisionWithItsGoalAndTheWholePlannedSequence() throws Exception {
    ArmState now = new ArmState(0, new Pose(0.1, 0.2, 0.3, 0.4, 0.5, 0.6), 0.7);
    LinearWorldModel model = identityModel();
    PlanningStack stack = PlanningStack.learned(model, 3, SETTINGS, bounds());
    ControlTick tick = new ControlTick(fixed(now), Perception.of(model), stack);
    Goal goal = Goal.withPosition(FRAME, 0.15, 0.2, 0.3);
    tick.setGoal(goal);
    java.util.List<ControlTick.Decision> seen = new java.util.ArrayList<>();
    java.util.List<Goal> goals = new java.util.ArrayList<>();
    java.util.List<float[]> firstActions = new java.util.ArrayList<>();
    int[] horizons = new int[1];
    java.util.List<float[]> predictions = new java.util.ArrayList<>();
    tick.setListener(
        (decision, aimedAt, planned, predicted) -> {
          predictions.add(predicted.get());
          seen.add(decision);
          goals.add(aimedAt);
          float[] first = new float[planned.actionSize()];
          planned.copyAction(0, first);
          firstActions.add(first);
          horizons[0] = planned.horizon();
        });

    ControlTick.Decision first = tick.decide(FrameSource.ANY_TIME, Duration.ZERO);
    ControlTick.Decision second = tick.decide(FrameSource.ANY_TIME, Duration.ZERO);
    tick.setListener(null);
    tick.decide(FrameSource.ANY_TIME, Duration.ZERO);

    assertThat(seen).containsExactly(first, second);
    assertThat(goals).containsExactly(goal, goal);
    assertThat(horizons[0]).isEqualTo(3);
    assertThat(firstActions.get(1)[0]).isEqualTo((float) second.action().dx());
    // A model that is not a bundle predicts no end-effector positions.
    assertThat(predictions).containsExactly(null, null);
  }
}
