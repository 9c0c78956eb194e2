package dev.foresight.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Scripted experts solve their tasks and random motion does not: a small seeded sample here, the
 * full 100 episodes per task via {@code foresight sim experts}.
 */
class ExpertSuccessTest {
  private static final int EPISODES = 12;

  @ParameterizedTest
  @ValueSource(strings = {"reach", "push-t", "pick-place"})
  void expertSucceedsOnNearlyEveryEpisode(String task) {
    ExpertEvaluation.Result result = ExpertEvaluation.run(Tasks.byName(task), EPISODES, 2024, null);
    assertThat(result.successes())
        .as("%s failed seeds %s", task, result.failedSeeds())
        .isGreaterThanOrEqualTo(EPISODES - 1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"push-t", "pick-place"})
  void randomExplorerRarelySucceeds(String task) {
    SimTask simTask = Tasks.byName(task);
    int successes = 0;
    for (int i = 0; i < 6; i++) {
      try (Episode episode =
          new Episode(
              simTask, Seeds.episodeSeed(99, i), RenderSettings.defaults().withSize(16, 16))) {
        Policy random = new RandomExplorer(i);
        while (!episode.done()) {
          episode.step(random.act(episode));
        }
        successes += episode.success() ? 1 : 0;
      }
    }
    assertThat(successes).isLessThanOrEqualTo(1);
  }
}
