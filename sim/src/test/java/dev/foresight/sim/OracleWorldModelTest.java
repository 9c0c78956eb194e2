package dev.foresight.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.core.Action;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The oracle's predictions equal what the live simulator does, bit for bit. */
class OracleWorldModelTest {

  @ParameterizedTest
  @ValueSource(strings = {"reach", "push-t", "pick-place"})
  void batchedPredictionEqualsSteppingTheLiveSimulator(String taskName) {
    SimTask task = Tasks.byName(taskName);
    try (Episode live = new Episode(task, 42, RenderSettings.defaults().withSize(16, 16));
        OracleWorldModel oracle = new OracleWorldModel(live)) {
      int size = oracle.latentSize();
      Policy expert = live.expert();
      RandomExplorer explorer = new RandomExplorer(3);
      // Drive the episode into contact-rich states, checking a batch of predictions on the way.
      for (int t = 0; t < 30; t++) {
        Action next = expert.act(live);
        Action other = explorer.act(live);
        float[] latents = new float[2 * size];
        oracle.encodeLive(latents, 0);
        oracle.encodeLive(latents, size);
        float[] actions = new float[2 * Action.SIZE];
        other.toArray(actions, 0);
        next.toArray(actions, Action.SIZE);
        float[] predicted = new float[2 * size];
        oracle.predict(2, latents, actions, predicted);

        // The interface carries float actions: step the live episode with the same floats.
        live.step(Action.fromArray(actions, Action.SIZE));
        float[] actual = new float[size];
        live.world().saveState(actual, 0);
        float[] predictedForNext = java.util.Arrays.copyOfRange(predicted, size, 2 * size);
        assertThat(predictedForNext)
            .as("step %d, first difference at %d", t, firstDifference(predictedForNext, actual))
            .containsExactly(actual);
      }
    }
  }

  private static int firstDifference(float[] a, float[] b) {
    for (int i = 0; i < a.length; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void encodeReturnsGoalStateForTheGoalImageAndLiveStateOtherwise() {
    try (Episode live = new Episode(Tasks.byName("reach"), 5, RenderSettings.defaults());
        OracleWorldModel oracle = new OracleWorldModel(live)) {
      ArmState arm = new ArmState(0, Pose.IDENTITY, 0);
      Image goal = new Image(64, 64, PixelEncoding.RGB8, live.goalFrame());
      byte[] current = new byte[64 * 64 * 3];
      live.render(current);
      Image now = new Image(64, 64, PixelEncoding.RGB8, current);
      float[] latents = new float[2 * oracle.latentSize()];
      oracle.encode(List.of(new Observation(goal, arm), new Observation(now, arm)), latents);
      float[] goalTask = new float[3];
      oracle.taskState(latents, 0, goalTask);
      assertThat(goalTask).containsExactly(live.goalTaskState());
      assertThat(oracle.success(latents, 0)).isTrue();
      float[] liveTask = new float[3];
      live.taskState(liveTask);
      float[] encodedTask = new float[3];
      oracle.taskState(latents, oracle.latentSize(), encodedTask);
      assertThat(encodedTask).containsExactly(liveTask);
      assertThat(oracle.success(latents, oracle.latentSize())).isFalse();
    }
  }
}
