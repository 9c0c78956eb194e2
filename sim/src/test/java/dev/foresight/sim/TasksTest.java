package dev.foresight.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.Action;
import org.junit.jupiter.api.Test;

/** Task registry, specs, goals and action constraints. */
class TasksTest {
  @Test
  void registryKnowsTheThreeTasksAndNamesTheValidOnesOnError() {
    assertThat(Tasks.names()).containsExactly("reach", "push-t", "pick-place");
    assertThatThrownBy(() -> Tasks.byName("stack"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 'stack' is unknown, expected one of reach, push-t, pick-place");
  }

  @Test
  void specsDescribeTheirSuccessCriteriaAndLimits() {
    assertThat(Tasks.byName("push-t").spec().describe())
        .contains("0.020 m", "0.20 rad", "at most 150", "dx dy");
    assertThat(Tasks.byName("pick-place").spec().describe())
        .contains("0.025 m", "at most 80", "dYaw gripper");
    assertThat(Tasks.byName("reach").spec().describe()).contains("0.020 m", "at most 50");
    for (SimTask task : Tasks.all()) {
      assertThat(task.spec().taskStateSize()).isEqualTo(task.spec().taskStateNames().size());
    }
  }

  @Test
  void goalStateSatisfiesTheCriterionAndTheStartDoesNot() {
    for (SimTask task : Tasks.all()) {
      for (long seed = 0; seed < 5; seed++) {
        try (Episode episode = new Episode(task, seed, RenderSettings.defaults())) {
          assertThat(episode.success()).as("%s %d start", task.spec().name(), seed).isFalse();
          episode.world().restoreState(episode.goalState(), 0);
          assertThat(episode.success()).as("%s %d goal", task.spec().name(), seed).isTrue();
          byte[] frame = new byte[64 * 64 * 3];
          episode.render(frame);
          assertThat(frame).isEqualTo(episode.goalFrame());
        }
      }
    }
  }

  @Test
  void actionsAreMaskedAndClippedPerTask() {
    try (Episode episode = new Episode(Tasks.byName("push-t"), 1, RenderSettings.defaults())) {
      Action applied = episode.constrain(new Action(0.5, -0.01, 0.2, 0.1, 0.1, 0.1, 0));
      assertThat(applied).isEqualTo(new Action(0.03, -0.01, 0, 0, 0, 0, 1));
      double z = episode.world().arm().state().eePoseInBase().z();
      episode.step(new Action(0, 0, 0.03, 0, 0, 0, 0));
      assertThat(episode.world().arm().state().eePoseInBase().z()).isEqualTo(z);
    }
    try (Episode episode = new Episode(Tasks.byName("pick-place"), 1, RenderSettings.defaults())) {
      Action applied = episode.constrain(new Action(-0.5, 0, 0.01, 0.1, 0.1, -1, 0.7));
      assertThat(applied).isEqualTo(new Action(-0.03, 0, 0.01, 0, 0, -0.3, 0.7));
    }
  }
}
