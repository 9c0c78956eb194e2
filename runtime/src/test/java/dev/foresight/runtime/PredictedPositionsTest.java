package dev.foresight.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.foresight.config.ModelSettings;
import dev.foresight.config.PlannerSettings;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.ActionSequence;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The world model's predicted end-effector path along a plan, as the live view draws it. */
class PredictedPositionsTest {
  private static final Path SHIPPED = Path.of("..", "models", "foresight-sim");

  @Test
  void followsThePlannedMotionFromTheMeasuredPosition() throws Exception {
    ActionBounds.Builder bounds = ActionBounds.builder(7);
    for (int d = 0; d < 7; d++) {
      bounds.range(d, -0.03f, 0.03f);
    }
    PlannerSettings settings =
        new PlannerSettings(
            PlannerSettings.Sampler.CEM, 16, 4, 1, 5, Duration.ofSeconds(10), 1, 1.0);
    try (PlanningStack stack =
        PlanningStack.open(
            new ModelSettings(SHIPPED, ModelSettings.Engine.ONNXRUNTIME),
            1,
            settings,
            bounds.build())) {
      // A state whose proprio slice says the end effector is at the proprio mean: the normalised
      // slice is zero. Five steps of +2 cm in x.
      float[] state = new float[stack.model().latentSize()];
      ActionSequence plan = new ActionSequence(5, 7);
      for (int k = 0; k < 5; k++) {
        plan.set(k, 0, 0.02f);
      }
      float[] path = stack.predictedPositions(state, plan);
      float[] mean = stack.manifest().proprioMean();
      assertThat(path).hasSize(5 * 3);
      // It moves along +x by about the planned 10 cm, and barely in y and z.
      double dx = path[12] - mean[0];
      assertThat(dx).isBetween(0.05, 0.15);
      assertThat(Math.abs(path[13] - mean[1])).isLessThan(0.03f);
      assertThat(Math.abs(path[14] - mean[2])).isLessThan(0.03f);
      for (int k = 1; k < 5; k++) {
        assertThat(path[3 * k]).isGreaterThan(path[3 * (k - 1)]);
      }
    }
  }
}
