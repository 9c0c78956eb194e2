package dev.foresight.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.PlannerSettings;
import dev.foresight.config.PlannerSettings.Sampler;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two-level planning through subgoals ({@link SubgoalPlanner}, {@link SearchTuning#subgoalSteps}).
 */
class SubgoalPlannerTest {

  /**
   * A key and a door on a line: latent (x, key); x' = clamp(x + a, ±10), the key is picked up for
   * good once x ≥ 6. The goal is back at x = 0 holding the key: a detour of 12 steps that no
   * horizon of 5 control steps sees.
   */
  private static final class KeyAndDoor implements WorldModel {
    private final int frameSkip;

    KeyAndDoor(int frameSkip) {
      this.frameSkip = frameSkip;
    }

    @Override
    public int latentSize() {
      return 2;
    }

    @Override
    public int actionSize() {
      return 1;
    }

    @Override
    public void encode(List<Observation> observations, float[] latentsOut) {
      throw new UnsupportedOperationException("planner test model: no observations");
    }

    @Override
    public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
      for (int i = 0; i < count; i++) {
        float x = latents[2 * i];
        float key = latents[2 * i + 1];
        for (int k = 0; k < frameSkip; k++) {
          x = Math.max(-10f, Math.min(10f, x + actions[i]));
          key = x >= 6f ? 1f : key;
        }
        nextLatentsOut[2 * i] = x;
        nextLatentsOut[2 * i + 1] = key;
      }
    }

    @Override
    public int frameSkip() {
      return frameSkip;
    }
  }

  private static PlannerOptions options(int horizon, SearchTuning tuning) {
    PlannerSettings settings =
        new PlannerSettings(Sampler.CEM, 64, 8, 5, horizon, Duration.ofSeconds(10), 11, 0.01);
    Energy energy =
        Energy.builder()
            .add(GoalDistance.of(GoalDistance.Norm.L1, GoalDistance.Steps.SUM).slice(1, 2, 10.0))
            .build();
    return PlannerOptions.builder(settings, ActionBounds.builder(1).range(0, -1f, 1f).build())
        .energy(energy)
        .tuning(tuning)
        .build();
  }

  /** Runs {@code steps} control steps from (0, no key) towards (0, key); returns the last state. */
  private static float[] run(Planner planner, WorldModel model, int steps) {
    float[] state = {0f, 0f};
    float[] goal = {0f, 1f};
    float[] next = new float[2];
    ActionSequence warmStart = null;
    for (int t = 0; t < steps; t++) {
      Plan plan = planner.plan(state, goal, warmStart);
      float[] action = {plan.actions().get(0, 0)};
      new KeyAndDoor(1).predict(1, state, action, next);
      System.arraycopy(next, 0, state, 0, 2);
      warmStart = plan.actions();
    }
    return state;
  }

  @Test
  void subgoalsTakeTheDetourThatTheFlatSearchCannotSee() {
    KeyAndDoor model = new KeyAndDoor(1);
    float[] flat = run(Planners.create(model, options(5, SearchTuning.DEFAULTS)), model, 40);
    Planner twoLevels =
        Planners.create(model, options(5, SearchTuning.DEFAULTS.withSubgoals(5, 20)));
    assertThat(twoLevels).isInstanceOf(SubgoalPlanner.class);
    float[] hierarchical = run(twoLevels, model, 40);

    // Flat: every step towards the key costs distance and shows no key within 5 steps.
    assertThat(flat[1]).isEqualTo(0f);
    // Two levels: the high level looks 20 steps ahead, its waypoints lead out and back.
    assertThat(hierarchical[1]).isEqualTo(1f);
    assertThat(Math.abs(hierarchical[0])).isLessThan(1f);
    assertThat(((SubgoalPlanner) twoLevels).refreshes()).isEqualTo(8);
  }

  @Test
  void theSubgoalIsTheStateTheModelPredictsAtTheEndOfTheFirstMacroAction() {
    KeyAndDoor model = new KeyAndDoor(1);
    SubgoalPlanner planner =
        (SubgoalPlanner)
            Planners.create(model, options(5, SearchTuning.DEFAULTS.withSubgoals(5, 20)));
    Plan first = planner.plan(new float[] {0f, 0f}, new float[] {0f, 1f}, null);
    float[] subgoal = planner.subgoal().clone();
    // The first waypoint heads for the key: 5 steps of a held action in [-1, 1] from x = 0.
    assertThat(subgoal[0]).isGreaterThan(3f).isLessThanOrEqualTo(5f);
    assertThat(subgoal[1]).isEqualTo(0f);
    // A new goal replaces the subgoal at once, warm start or not.
    planner.plan(new float[] {0f, 0f}, new float[] {-8f, 0f}, first.actions());
    assertThat(planner.subgoal()[0]).isLessThan(0f);
    assertThat(planner.refreshes()).isEqualTo(2);
  }

  @Test
  void aFrameskipModelPlansSubgoalsInWholeModelSteps() {
    KeyAndDoor model = new KeyAndDoor(5);
    SearchTuning macro = SearchTuning.DEFAULTS.withMacroActions(5, 5);
    Planner planner = Planners.create(model, options(5, macro.withSubgoals(5, 20)));
    float[] state = run(planner, model, 40);
    assertThat(state[1]).isEqualTo(1f);

    assertThatThrownBy(() -> Planners.create(model, options(5, macro.withSubgoals(3, 12))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "planner.subgoalSteps: 3 control steps splits the world model's steps of 5,"
                + " expected a multiple of 5");
  }

  @Test
  void subgoalSettingsOutOfRangeAreNamed() {
    assertThatThrownBy(() -> SearchTuning.DEFAULTS.withSubgoals(5, 12))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "planner.subgoalHorizon: 12 control steps does not fit planner.subgoalSteps 5,"
                + " expected a multiple of it");
    assertThatThrownBy(() -> SearchTuning.DEFAULTS.withSubgoals(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected 0 (flat)");
    assertThatThrownBy(() -> SearchTuning.DEFAULTS.withSubgoals(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("planner.subgoalSteps: -1 is out of range, expected 0..100 steps");
    // A high-level macro-action is an action held subgoalSteps steps: the same bound as repeat's.
    assertThatThrownBy(() -> SearchTuning.DEFAULTS.withSubgoals(101, 202))
        .hasMessage("planner.subgoalSteps: 101 is out of range, expected 0..100 steps");
  }
}
