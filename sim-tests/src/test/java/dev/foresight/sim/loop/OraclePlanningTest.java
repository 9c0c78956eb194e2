package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Seeds;
import dev.foresight.sim.Tasks;
import dev.foresight.sim.report.EvalSummary;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planner against ground truth: CEM over the oracle with the true state distance reaches the
 * reach target. Validates the planner independently of learning (issue 7); the full 100-episode
 * number comes from {@code foresight sim eval --task reach --planner oracle --episodes 100}.
 */
class OraclePlanningTest {

  @Test
  void cemWithTheOracleReachesTheTargetInSeededEpisodes() {
    int episodes = 8;
    List<dev.foresight.sim.report.EpisodeResult> results = new ArrayList<>();
    for (int i = 0; i < episodes; i++) {
      try (Episode episode =
              new Episode(
                  Tasks.byName("reach"),
                  Seeds.episodeSeed(11, i),
                  RenderSettings.defaults().withSize(16, 16));
          TaskStateOracle oracle = new TaskStateOracle(episode)) {
        PlanningPolicy policy =
            OraclePlanning.policy(episode, oracle, OraclePlanning.ORACLE_SETTINGS);
        EpisodeRunner.Outcome outcome =
            EpisodeRunner.run(i, episode, policy, episode::step, false, null);
        results.add(outcome.result());
        assertThat(outcome.distances()[0]).isGreaterThan(0);
        if (outcome.result().success()) {
          assertThat(outcome.result().finalDistance()).isLessThan(0.02);
          assertThat(java.util.Arrays.stream(outcome.energies()).allMatch(Double::isFinite))
              .isTrue();
        }
      }
    }
    EvalSummary summary = EvalSummary.of(results);
    assertThat(summary.successes()).as(results.toString()).isGreaterThanOrEqualTo(episodes - 1);
  }

  @Test
  void oracleLatentStartsWithTheTaskState() {
    try (Episode episode =
            new Episode(Tasks.byName("reach"), 5, RenderSettings.defaults().withSize(16, 16));
        TaskStateOracle oracle = new TaskStateOracle(episode)) {
      float[] latent = new float[oracle.latentSize()];
      oracle.encodeGoal(latent);
      float[] goal = episode.goalTaskState();
      for (int i = 0; i < goal.length; i++) {
        assertThat(latent[i]).isEqualTo(goal[i]);
      }
      float[] next = new float[oracle.latentSize()];
      oracle.encodeLive(latent);
      float[] action = {0.02f, 0, 0, 0, 0, 0, 0};
      oracle.predict(1, latent, action, next);
      // Predicting leaves the live episode alone and moves the predicted ee along x.
      assertThat(next[0]).isGreaterThan(latent[0] + 0.005f);
      float[] again = new float[oracle.latentSize()];
      oracle.encodeLive(again);
      assertThat(again).containsExactly(latent);
    }
  }
}
