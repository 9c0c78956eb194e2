package dev.foresight.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.planner.GoalDistance.Norm;
import dev.foresight.planner.GoalDistance.Steps;
import org.junit.jupiter.api.Test;

/** Golden numbers of every energy term on a hand-computed two-sample, two-step rollout. */
class EnergyTest {
  private static final float[] GOAL = {1, 0, 0};
  // Sample 0 at (0, 0, 0), sample 1 at (1, 2, -2) after each step.
  private static final float[] LATENTS = {0, 0, 0, 1, 2, -2};
  private static final float[] ACTIONS = {1, 0, 0, 2};
  private static final float[] PREVIOUS = {0, 0, 1, 1};

  private static double[] evaluate(EnergyTerm term, int step, int horizon, float[] previous) {
    EnergyTerm bound = term.bind(3, 2, horizon);
    double[] energies = new double[2];
    bound.addStep(
        RolloutStep.of(2, step, horizon, 3, 2, GOAL, LATENTS, ACTIONS, previous), energies);
    return energies;
  }

  @Test
  void goalDistanceNorms() {
    assertThat(evaluate(GoalDistance.of(Norm.L1, Steps.SUM), 0, 2, null)).containsExactly(1, 4);
    assertThat(evaluate(GoalDistance.of(Norm.L2_SQUARED, Steps.SUM), 0, 2, null))
        .containsExactly(1, 8);
    double[] l2 = evaluate(GoalDistance.of(Norm.L2, Steps.SUM), 0, 2, null);
    assertThat(l2[0]).isCloseTo(1, within(1e-9));
    assertThat(l2[1]).isCloseTo(Math.sqrt(8), within(1e-6));
  }

  @Test
  void finalStepOnlyScoresTheLastStepAndDiscountWeightsLaterSteps() {
    GoalDistance last = GoalDistance.of(Norm.L1, Steps.FINAL);
    assertThat(evaluate(last, 0, 2, null)).containsExactly(0, 0);
    assertThat(evaluate(last, 1, 2, null)).containsExactly(1, 4);
    GoalDistance discounted = GoalDistance.l1Summed().discounted(0.5);
    assertThat(evaluate(discounted, 1, 2, null)).containsExactly(0.5, 2);
    assertThat(evaluate(GoalDistance.l1Summed().weighted(3), 1, 2, null)).containsExactly(3, 12);
  }

  @Test
  void sliceWeightsCountFromTheEnd() {
    // Last two dimensions ("proprio") weighted 10: sample 1 → 0 + 10·(2 + 2).
    assertThat(evaluate(GoalDistance.l1Summed().proprio(2, 10), 0, 1, null)).containsExactly(1, 40);
    assertThat(evaluate(GoalDistance.l1Summed().slice(0, 1, 0), 0, 1, null)).containsExactly(0, 4);
    assertThatThrownBy(() -> GoalDistance.l1Summed().slice(2, 5, 1).bind(3, 2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "goal distance slice [2, 5) does not fit a latent of 3 dimensions, expected 0 <= from"
                + " < to <= 3");
  }

  @Test
  void actionPenalties() {
    assertThat(evaluate(Penalties.actionMagnitude(2), 0, 1, null)).containsExactly(2, 8);
    // (1−0)² + (0−0)² = 1 ; (0−1)² + (2−1)² = 2
    assertThat(evaluate(Penalties.actionSmoothness(1), 1, 2, PREVIOUS)).containsExactly(1, 2);
    assertThat(evaluate(Penalties.actionSmoothness(1), 0, 2, null)).containsExactly(0, 0);
  }

  @Test
  void latentBoxPenalisesOnlyViolations() {
    EnergyTerm box = Penalties.latentBox(1, new float[] {-1, -1}, new float[] {1, 1}, 2);
    // Sample 1: y = 2 exceeds 1 by 1, z = −2 is 1 below −1 → 2·(1 + 1).
    assertThat(evaluate(box, 0, 1, null)).containsExactly(0, 4);
    assertThatThrownBy(() -> Penalties.latentBox(2, new float[2], new float[2], 1).bind(3, 2, 1))
        .hasMessage("latent box: 2 dimensions from index 2 do not fit a latent of 3 dimensions");
  }

  @Test
  void defaultEnergyIsL1SummedOverTheHorizon() {
    assertThat(Energy.defaults().toString()).isEqualTo("L1 to goal, summed over the horizon");
    assertThat(Energy.withProprio(7, 2).toString())
        .isEqualTo("L1 to goal, summed over the horizon, dims [-7, 0) x2.0");
    assertThatThrownBy(() -> Energy.builder().build())
        .hasMessage("energy: no terms, expected at least one");
  }
}
