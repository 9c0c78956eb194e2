package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Episodes without task state (a real robot's recordings) are evaluated against the end-effector
 * position from the proprio, and the report says so.
 */
class ProprioStateEvaluationTest {
  @TempDir Path dir;

  private static EpisodeDataset.Episode withoutTaskState(EpisodeDataset.Episode e) {
    return new EpisodeDataset.Episode(
        e.task(),
        e.index(),
        e.heldOut(),
        e.steps(),
        e.imageSize(),
        e.frames(),
        e.actions(),
        e.proprio(),
        new float[0],
        0,
        e.goalFrame(),
        e.goalProprio(),
        new float[0]);
  }

  @Test
  void withoutTaskStateTheEndEffectorPositionIsTheTrueState() throws Exception {
    SyntheticDataset.write(dir.resolve("data"), 4, 12, 3);
    List<EpisodeDataset.Episode> recorded =
        EpisodeDataset.load(List.of(dir.resolve("data"))).episodes();
    ModelBundle bundle =
        ModelTraining.writeUntrained(
            dir.resolve("model"), Architecture.of(Architecture.Encoder.KEYPOINTS, 7, 7), 1);

    ModelEvaluation.Report withState;
    ModelEvaluation.Report withoutState;
    try (OrtWorldModel model = new OrtWorldModel(bundle, 1)) {
      withState = ModelEvaluation.evaluate(model, recorded, 3);
      withoutState =
          ModelEvaluation.evaluate(
              model,
              recorded.stream().map(ProprioStateEvaluationTest::withoutTaskState).toList(),
              3);
    }

    ModelEvaluation.TaskMetrics proprio = withoutState.tasks().get(0);
    assertThat(proprio.proprioAsState()).isTrue();
    assertThat(proprio.spearman()).isBetween(-1.0, 1.0);
    assertThat(withState.tasks().get(0).proprioAsState()).isFalse();
    assertThat(withoutState.format()).contains("no task state recorded");
    assertThat(withState.format()).doesNotContain("no task state recorded");
    // The state probe scores the end-effector position's three coordinates where there is no task
    // state, and every task-state component where there is.
    assertThat(proprio.stateProbe()).hasSize(3);
    assertThat(withoutState.format()).containsPattern("end-effector position from z .*R²");
    assertThat(withState.tasks().get(0).stateProbe())
        .hasSize(withState.tasks().get(0).stateProbe().length)
        .isNotEmpty();
    assertThat(withState.format()).containsPattern("task state from z .*R²");
  }
}
