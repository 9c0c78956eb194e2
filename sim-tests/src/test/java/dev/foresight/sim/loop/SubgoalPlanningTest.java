package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Seeds;
import dev.foresight.sim.Tasks;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Subgoals: pick-place shows five pictures on the way to its goal, the policy moves through them on
 * measured proprio only, and with them the oracle planner grasps and places the cube, which it
 * cannot do when it plans straight for the final goal.
 */
class SubgoalPlanningTest {
  private static final RenderSettings SMALL = RenderSettings.defaults().withSize(16, 16);

  @Test
  void pickPlaceHasFiveSubgoalsBeforeItsFinalGoal() {
    try (Episode episode = new Episode(Tasks.byName("pick-place"), 3, SMALL)) {
      List<Episode.Goal> goals = episode.goals();
      assertThat(goals).hasSize(6);
      Episode.Goal last = goals.get(5);
      assertThat(last.frame()).isSameAs(episode.goalFrame());
      assertThat(last.state()).isSameAs(episode.goalState());
      // Subgoal 0: open gripper above the cube where it starts (task state: cube xyz, ee xyz).
      float[] above = goals.get(0).taskState();
      float[] start = new float[6];
      episode.taskState(start);
      assertThat(above[3]).isCloseTo(start[0], org.assertj.core.data.Offset.offset(1e-4f));
      assertThat(above[4]).isCloseTo(start[1], org.assertj.core.data.Offset.offset(1e-4f));
      assertThat(above[5]).isGreaterThan(start[2] + 0.04f);
      assertThat(goals.get(0).proprio()[6]).isLessThan(0.1f);
      // Subgoal 2: closed on the cube; subgoal 3: cube carried above the pad.
      assertThat(goals.get(2).proprio()[6]).isGreaterThan(0.5f);
      float[] carried = goals.get(3).taskState();
      assertThat(carried[2]).isGreaterThan(0.05f);
      assertThat(carried[0])
          .isCloseTo(last.taskState()[0], org.assertj.core.data.Offset.offset(1e-4f));
      // Every picture differs from the next.
      for (int i = 0; i + 1 < goals.size(); i++) {
        assertThat(Arrays.equals(goals.get(i).frame(), goals.get(i + 1).frame()))
            .as("subgoal %d vs %d", i, i + 1)
            .isFalse();
      }
    }
    try (Episode reach = new Episode(Tasks.byName("reach"), 3, SMALL)) {
      assertThat(reach.goals()).hasSize(1);
    }
  }

  @Test
  void aSubgoalIsReachedOnMeasuredPositionAndGripperOnly() {
    boolean[] all = {true, true, true, false, false, true, true};
    float[] subgoal = {0.1f, 0.2f, 0.05f, 0, 0, 0.3f, 1};
    float[] near = {0.105f, 0.2f, 0.054f, 0, 0, -0.4f, 0.45f};
    assertThat(PlanningPolicy.reached(near, subgoal, all)).isTrue();
    float[] open = near.clone();
    open[6] = 0.1f;
    assertThat(PlanningPolicy.reached(open, subgoal, all)).isFalse();
    float[] far = near.clone();
    far[2] = 0.065f;
    assertThat(PlanningPolicy.reached(far, subgoal, all)).isFalse();
    // Axes the task does not move do not count.
    boolean[] planar = {true, true, false, false, false, false, false};
    assertThat(PlanningPolicy.reached(far, subgoal, planar)).isTrue();
  }

  @Test
  void aGripperThatClosesOnNothingIsAMissedGrasp() {
    boolean[] all = {true, true, true, false, false, true, true};
    float[] closedOnCube = {0, 0, 0.02f, 0, 0, 0, 1};
    float[] measured = {0, 0, 0.02f, 0, 0, 0, 0.5f};
    assertThat(PlanningPolicy.graspMissed(measured, closedOnCube, all)).isFalse();
    measured[6] = 0.95f;
    assertThat(PlanningPolicy.graspMissed(measured, closedOnCube, all)).isTrue();
    float[] open = {0, 0, 0.08f, 0, 0, 0, 0};
    assertThat(PlanningPolicy.graspMissed(measured, open, all)).isFalse();
    boolean[] fixedGripper = {true, true, false, false, false, false, false};
    assertThat(PlanningPolicy.graspMissed(measured, closedOnCube, fixedGripper)).isFalse();
  }

  @Test
  void theOracleGraspsAndPlacesThroughTheSubgoals() {
    long seed = Seeds.episodeSeed(0, 0);
    EpisodeRunner.Outcome straight = runOracle(seed, false);
    EpisodeRunner.Outcome viaSubgoals = runOracle(seed, true);
    assertThat(straight.result().success()).as(straight.result().toString()).isFalse();
    assertThat(viaSubgoals.result().success()).as(viaSubgoals.result().toString()).isTrue();
  }

  private static EpisodeRunner.Outcome runOracle(long seed, boolean subgoals) {
    try (Episode episode = new Episode(Tasks.byName("pick-place"), seed, SMALL);
        TaskStateOracle oracle = new TaskStateOracle(episode)) {
      PlanningPolicy policy =
          OraclePlanning.policy(episode, oracle, OraclePlanning.ORACLE_SETTINGS, subgoals);
      return EpisodeRunner.run(0, episode, policy, episode::step, false, null);
    }
  }
}
