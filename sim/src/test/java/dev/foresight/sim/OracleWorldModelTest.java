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

  /** A batch from a contact-rich push-t state with varied actions; fills latents and actions. */
  private static int pushBatch(
      Episode live, OracleWorldModel oracle, float[] latents, float[] actions) {
    Policy expert = live.expert();
    for (int t = 0; t < 25; t++) {
      live.step(expert.act(live));
    }
    int size = oracle.latentSize();
    int count = latents.length / size;
    RandomExplorer explorer = new RandomExplorer(9);
    for (int i = 0; i < count; i++) {
      oracle.encodeLive(latents, i * size);
      explorer.act(live).toArray(actions, i * Action.SIZE);
    }
    return count;
  }

  @Test
  void worldsSteppedInParallelPredictExactlyWhatOneWorldPredicts() {
    SimTask task = Tasks.byName("push-t");
    try (Episode live = new Episode(task, 8, RenderSettings.defaults().withSize(16, 16));
        OracleWorldModel one = new OracleWorldModel(live);
        OracleWorldModel three =
            new OracleWorldModel(live, new OracleWorldModel.Settings(3, 0, 0))) {
      float[] latents = new float[12 * one.latentSize()];
      float[] actions = new float[12 * Action.SIZE];
      int count = pushBatch(live, one, latents, actions);
      float[] sequential = new float[latents.length];
      float[] parallel = new float[latents.length];
      one.predict(count, latents, actions, sequential);
      three.predict(count, latents, actions, parallel);
      assertThat(parallel).containsExactly(sequential);
      assertThat(new OracleWorldModel.Settings(3, 0, 0).exact()).isTrue();
    }
  }

  @Test
  void coarsePredictionPhysicsIsApproximateButClose() {
    SimTask task = Tasks.byName("push-t");
    try (Episode live = new Episode(task, 8, RenderSettings.defaults().withSize(16, 16));
        OracleWorldModel exact = new OracleWorldModel(live);
        OracleWorldModel coarse =
            new OracleWorldModel(live, new OracleWorldModel.Settings(1, 12, 10))) {
      float[] latents = new float[8 * exact.latentSize()];
      float[] actions = new float[8 * Action.SIZE];
      int count = pushBatch(live, exact, latents, actions);
      float[] a = new float[latents.length];
      float[] b = new float[latents.length];
      exact.predict(count, latents, actions, a);
      coarse.predict(count, latents, actions, b);
      assertThat(b).isNotEqualTo(a);
      // Gripper (first 3) and block position (after the 10 gripper values) within 2 mm.
      for (int i = 0; i < count; i++) {
        int base = i * exact.latentSize();
        for (int j : new int[] {0, 1, 2, 10, 11, 12}) {
          assertThat((double) b[base + j])
              .isCloseTo(a[base + j], org.assertj.core.data.Offset.offset(0.002));
        }
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
