package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.PlannerSettings;
import dev.foresight.planner.SearchTuning;
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
  void macroActionsAndIcemThroughTheLoopReachTheTarget() {
    SearchTuning tuning = SearchTuning.DEFAULTS.withMacroActions(2, 2).withIcem(2, 0.3, 1.25);
    PlannerSettings settings =
        new PlannerSettings(
            PlannerSettings.Sampler.CEM, 48, 8, 3, 6, java.time.Duration.ofSeconds(10), 0, 1.0);
    int successes = 0;
    for (int i = 0; i < 4; i++) {
      try (Episode episode =
              new Episode(
                  Tasks.byName("reach"),
                  Seeds.episodeSeed(11, i),
                  RenderSettings.defaults().withSize(16, 16));
          TaskStateOracle oracle = new TaskStateOracle(episode)) {
        PlanningPolicy policy = OraclePlanning.policy(episode, oracle, settings, tuning, false);
        EpisodeRunner.Outcome outcome =
            EpisodeRunner.run(i, episode, policy, episode::step, false, null);
        successes += outcome.result().success() ? 1 : 0;
      }
    }
    assertThat(successes).isGreaterThanOrEqualTo(3);
  }

  @Test
  void searchOverridesApplyToSettingsAndRejectUnknownKeys() {
    SearchOverrides overrides =
        SearchOverrides.parse(
            java.util.Map.of("samples", "300", "horizon", "25", "repeat", "5", "energy", "final"));
    PlannerSettings applied = overrides.apply(OraclePlanning.ORACLE_SETTINGS);
    assertThat(applied.samples()).isEqualTo(300);
    assertThat(applied.horizon()).isEqualTo(25);
    assertThat(applied.iterations()).isEqualTo(OraclePlanning.ORACLE_SETTINGS.iterations());
    assertThat(overrides.tuning().actionRepeat()).isEqualTo(5);
    assertThat(overrides.tuning().finalStepEnergy()).isTrue();
    assertThat(SearchOverrides.parse(java.util.Map.of()).apply(OraclePlanning.ORACLE_SETTINGS))
        .isEqualTo(OraclePlanning.ORACLE_SETTINGS);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SearchOverrides.parse(java.util.Map.of("sample", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--search sample: unknown key");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> SearchOverrides.parse(java.util.Map.of("beta", "x")))
        .hasMessageContaining("--search beta=x: expected a number");
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
