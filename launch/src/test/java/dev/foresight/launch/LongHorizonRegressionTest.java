package dev.foresight.launch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.ForesightConfig;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.loop.Evaluation;
import dev.foresight.sim.loop.SearchOverrides;
import dev.foresight.sim.report.EvalRun;
import dev.foresight.sim.report.Shard;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression guard for planning from one goal image at each task's default search ({@code
 * TaskSearch}): the first seeded episodes of base seed 0 through the bridge agent, as {@code sim
 * eval --task T --planner P} runs them. Thresholds are the measured counts of these episodes with
 * one episode of margin (see {@code docs/long-horizon-experiments.md}); a change that breaks
 * macro-actions, receding execution, iCEM, the final-step energy, frameskip models or the per-task
 * defaults fails here.
 */
class LongHorizonRegressionTest {

  private static EvalRun evaluate(String task, String planner, Path bundle, int episodes, Path out)
      throws Exception {
    return evaluate(task, planner, bundle, episodes, Shard.ALL, out);
  }

  private static EvalRun evaluate(
      String task, String planner, Path bundle, int episodes, Shard shard, Path out)
      throws Exception {
    try (SimPolicies policies =
        SimPolicies.byName(
            planner,
            ForesightConfig.DEFAULTS,
            bundle,
            false,
            SimPolicies.search(task, planner, false, SearchOverrides.NONE))) {
      return Evaluation.run(
          new Evaluation.Options(
              Tasks.byName(task), planner, episodes, 0, shard, out, RenderSettings.defaults()),
          policies.factory(),
          Evaluation.ActuatorFactory.bridge(),
          null);
    }
  }

  @Test
  void theOraclePushesTheTIntoItsGoalPoseFromOneGoalImage(@TempDir Path dir) throws Exception {
    EvalRun oracle = evaluate("push-t", "oracle", null, 4, dir);
    // Measured: 4 of these 4 (19 of 20 over base seed 0; the flat search got 3 of 20).
    assertThat(oracle.summary().successes())
        .as("oracle: %s", oracle.episodes())
        .isGreaterThanOrEqualTo(3);
    assertThat(oracle.summary().replanMillisP50())
        .isGreaterThan(4 * oracle.summary().planningMillisP50());
  }

  @Test
  void theShippedFrameskipModelPushesTheT(@TempDir Path dir) throws Exception {
    EvalRun learned =
        evaluate("push-t", "learned", Path.of("..", "models", "foresight-push-t"), 10, dir);
    // Measured through subgoals (the learned model's push-t default): 3 of these 10 (episodes 1, 6
    // and 8; 22 of 100 over base seed 0); straight for the goal 3 of them (1, 4 and 5; 18 of 100),
    // the bundle before (no held-action data) 2 of them, random actions 0 of 100.
    assertThat(learned.summary().successes())
        .as("learned: %s", learned.episodes())
        .isGreaterThanOrEqualTo(2);
  }

  @Test
  void theLearnedModelReachesAtReachsGoalProprioWeight(@TempDir Path dir) throws Exception {
    // Episodes 10 and 54 of base seed 0 (shard 11/44 of 55): with the goal proprio counted ×4 the
    // first stopped 2.4 cm from the target (the criterion is 2 cm) and the second left the
    // camera's view; at reach's default ×20 both succeed (99 of 100 over base seed 0, 96 at ×4).
    EvalRun learned =
        evaluate(
            "reach",
            "learned",
            Path.of("..", "models", "foresight-sim"),
            55,
            Shard.parse("11/44"),
            dir);
    assertThat(learned.episodes()).hasSize(2);
    assertThat(learned.summary().successes())
        .as("learned: %s", learned.episodes())
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void theOraclePicksAndPlacesFromTheFinalGoalImageOnly(@TempDir Path dir) throws Exception {
    // Episodes 1 and 3 of base seed 0 (shard 2/2 of 4): both succeed (in 53 and 45 of 80 steps);
    // 2 of the first 4, 13 of 20 over base seed 0; the flat search got 0 of 20.
    EvalRun oracle = evaluate("pick-place", "oracle", null, 4, Shard.parse("2/2"), dir);
    assertThat(oracle.episodes()).hasSize(2);
    assertThat(oracle.summary().successes())
        .as("oracle: %s", oracle.episodes())
        .isGreaterThanOrEqualTo(1);
  }
}
