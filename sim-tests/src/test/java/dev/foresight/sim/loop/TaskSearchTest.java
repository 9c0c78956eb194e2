package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.config.PlannerSettings;
import dev.foresight.perception.Goal;
import dev.foresight.planner.SearchTuning;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-task default searches and command-line overrides on top of them. */
class TaskSearchTest {
  @Test
  void pushingAndPickingPlanLongHorizonsReachingStaysFlat() {
    SearchTuning push = TaskSearch.of("push-t").tuning();
    assertThat(push.actionRepeat()).isEqualTo(5);
    assertThat(push.executeSteps()).isEqualTo(5);
    assertThat(push.noiseExponent()).isEqualTo(2.0);
    assertThat(push.finalStepEnergy()).isFalse();
    assertThat(TaskSearch.of("push-t").apply(PlannerSettings.DEFAULTS).horizon()).isEqualTo(25);
    assertThat(push.hierarchical()).isFalse();
    SearchTuning learnedPush = TaskSearch.of("push-t", "learned").tuning();
    assertThat(learnedPush.subgoalSteps()).isEqualTo(15);
    assertThat(learnedPush.subgoalHorizon()).isEqualTo(60);
    assertThat(learnedPush.withSubgoals(0, 0)).isEqualTo(push);
    assertThat(TaskSearch.of("push-t", "oracle").tuning()).isEqualTo(push);
    assertThat(TaskSearch.of("push-t", "learned").toString())
        .endsWith("beta=2 keep=0.3 subgoal=15 subgoal-horizon=60");
    assertThat(TaskSearch.of("pick-place", "learned").tuning().hierarchical()).isFalse();

    SearchOverrides pick = TaskSearch.of("pick-place");
    assertThat(pick.tuning().finalStepEnergy()).isTrue();
    assertThat(pick.apply(PlannerSettings.DEFAULTS).horizon()).isEqualTo(50);
    assertThat(pick.apply(PlannerSettings.DEFAULTS).samples()).isEqualTo(64);

    assertThat(TaskSearch.of("reach").tuning()).isEqualTo(SearchTuning.DEFAULTS);
    assertThat(TaskSearch.of("reach").apply(PlannerSettings.DEFAULTS))
        .isEqualTo(PlannerSettings.DEFAULTS);
    assertThat(TaskSearch.of("reach").goalProprioWeight()).isEqualTo(20.0);
    assertThat(TaskSearch.of("reach").label("learned")).isEqualTo("proprio-weight=20");
    assertThat(TaskSearch.of("reach").label("oracle")).isEmpty();
    assertThat(TaskSearch.of("push-t").goalProprioWeight()).isEqualTo(Goal.PROPRIO_WEIGHT);
  }

  @Test
  void givenKeysWinOverTheTaskDefaultKeyByKey() {
    SearchOverrides given = SearchOverrides.parse(Map.of("samples", "300", "energy", "summed"));

    SearchOverrides merged = given.over(TaskSearch.of("pick-place"));

    assertThat(merged.apply(PlannerSettings.DEFAULTS).samples()).isEqualTo(300);
    assertThat(merged.apply(PlannerSettings.DEFAULTS).horizon()).isEqualTo(50);
    assertThat(merged.tuning().finalStepEnergy()).isFalse();
    assertThat(merged.tuning().actionRepeat()).isEqualTo(5);
    assertThat(given.over(SearchOverrides.NONE)).isSameAs(given);
  }

  @Test
  void subgoalZeroPlansFlatAndBadSubgoalsAreNamed() {
    SearchTuning flat =
        SearchOverrides.parse(Map.of("subgoal", "0"))
            .over(TaskSearch.of("push-t", "learned"))
            .tuning();
    assertThat(flat.hierarchical()).isFalse();
    assertThat(flat.subgoalHorizon()).isZero();
    assertThat(flat.withSubgoals(15, 60)).isEqualTo(TaskSearch.of("push-t", "learned").tuning());
    assertThat(SearchOverrides.parse(Map.of("subgoal", "10")).tuning().subgoalHorizon())
        .isEqualTo(40);
    assertThatThrownBy(() -> SearchOverrides.parse(Map.of("subgoal", "ten")))
        .hasMessage("--search subgoal=ten: expected an integer");
    assertThatThrownBy(
            () -> SearchOverrides.parse(Map.of("subgoal", "10", "subgoal-horizon", "25")))
        .hasMessage(
            "planner.subgoalHorizon: 25 control steps does not fit planner.subgoalSteps 10,"
                + " expected a multiple of it");
  }

  @Test
  void theGoalKeyChoosesWhatAGoalPictureComesWith() {
    assertThat(SearchOverrides.NONE.goalProprioKnown()).isTrue();
    assertThat(SearchOverrides.parse(Map.of("goal", "image")).goalProprioKnown()).isFalse();
    assertThatThrownBy(() -> SearchOverrides.parse(Map.of("goal", "telepathy")))
        .hasMessage("--search goal=telepathy: expected proprio or image");
    assertThat(SearchOverrides.parse(Map.of("proprio-weight", "7.5")).goalProprioWeight())
        .isEqualTo(7.5);
    assertThatThrownBy(() -> SearchOverrides.parse(Map.of("proprio-weight", "-1")))
        .hasMessage("--search proprio-weight=-1: expected a weight >= 0");
    assertThatThrownBy(() -> SearchOverrides.parse(Map.of("picture", "NaN")))
        .hasMessage("--search picture=NaN: expected a weight >= 0");
    assertThat(SearchOverrides.parse(Map.of("picture-side", "16")).pictureSide()).isEqualTo(16);
    assertThatThrownBy(() -> SearchOverrides.parse(Map.of("picture-side", "24")))
        .hasMessage("--search picture-side=24: expected a divisor of the 64-pixel frame side");
    assertThatThrownBy(() -> SearchOverrides.parse(Map.of("arm-free", "yes")))
        .hasMessage("--search arm-free=yes: expected true or false");
  }
}
