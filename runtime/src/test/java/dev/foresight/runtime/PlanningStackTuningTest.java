package dev.foresight.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.PlannerSettings;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.GoalDistance;
import dev.foresight.planner.Plan;
import dev.foresight.planner.SearchTuning;
import dev.foresight.planner.models.LinearWorldModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The learned stack carries the long-horizon search options to its planner and its energy. */
class PlanningStackTuningTest {
  private static final PlannerSettings SETTINGS =
      new PlannerSettings(PlannerSettings.Sampler.CEM, 32, 4, 2, 6, Duration.ofSeconds(5), 7, 1);

  private static LinearWorldModel integrator() {
    return new LinearWorldModel(2, 2, new float[] {1f, 0f, 0f, 1f});
  }

  private static ActionBounds box() {
    return ActionBounds.builder(2).range(0, -0.1f, 0.1f).range(1, -0.1f, 0.1f).build();
  }

  @Test
  void recedingExecutionSearchesEveryExecuteStepsTicksAndANewGoalSearchesAtOnce() {
    SearchTuning tuning = SearchTuning.DEFAULTS.withMacroActions(2, 3);
    PlanningStack stack = PlanningStack.learned(integrator(), 0, SETTINGS, box(), tuning);
    stack.setGoal(new float[] {0.4f, 0.1f}, 0);
    boolean[] searched = new boolean[5];
    for (int t = 0; t < 5; t++) {
      searched[t] = stack.plan(new float[2]).searched();
    }
    assertThat(searched).containsExactly(true, false, false, true, false);
    stack.setGoal(new float[] {-0.4f, 0.1f}, 0);
    Plan plan = stack.plan(new float[2]);
    assertThat(plan.searched()).isTrue();
    assertThat(plan.actions().horizon()).isEqualTo(6);
    assertThat(plan.actions().get(0, 0)).isEqualTo(plan.actions().get(1, 0));
  }

  @Test
  void theEnergyIsScoredOnTheFinalStepWhenTheTuningAsks() {
    assertThat(
            PlanningStack.learned(
                    integrator(),
                    0,
                    SETTINGS,
                    box(),
                    SearchTuning.DEFAULTS.withFinalStepEnergy(true))
                .options()
                .tuning()
                .energySteps())
        .isEqualTo(GoalDistance.Steps.FINAL);
    // Summed energy over 6 steps of a fixed distance is 6 times the final-step energy.
    double summed = energyOfHolding(false);
    double last = energyOfHolding(true);
    assertThat(summed).isGreaterThan(3 * last);
  }

  /** Best energy of a plan whose goal is out of reach (actions cannot close a 5 m gap). */
  private static double energyOfHolding(boolean finalStep) {
    PlanningStack stack =
        PlanningStack.learned(
            integrator(), 0, SETTINGS, box(), SearchTuning.DEFAULTS.withFinalStepEnergy(finalStep));
    stack.setGoal(new float[] {5f, 5f}, 0);
    return stack.plan(new float[2]).bestEnergy();
  }
}
