package dev.foresight.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.foresight.config.ModelSettings;
import dev.foresight.config.PlannerSettings;
import dev.foresight.planner.ActionBounds;
import dev.foresight.planner.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A configured stack over a frameskip bundle plans macro-steps, one prediction each. */
class FrameSkipBundleStackTest {
  private static final Path SHIPPED = Path.of("..", "models", "foresight-sim");

  /** The shipped bundle with its manifest saying one prediction spans {@code k} control steps. */
  private static Path frameSkipBundle(Path dir, int k) throws Exception {
    Path bundle = dir.resolve("fs" + k);
    Files.createDirectories(bundle);
    for (String file : new String[] {"encoder.onnx", "predictor.onnx"}) {
      Files.copy(SHIPPED.resolve(file), bundle.resolve(file));
    }
    ObjectMapper json = new ObjectMapper();
    ObjectNode manifest = (ObjectNode) json.readTree(SHIPPED.resolve("manifest.json").toFile());
    manifest.put("frameSkip", k);
    json.writeValue(bundle.resolve("manifest.json").toFile(), manifest);
    return bundle;
  }

  private static PlannerSettings settings(int horizon) {
    return new PlannerSettings(
        PlannerSettings.Sampler.CEM, 32, 4, 3, horizon, Duration.ofSeconds(10), 1, 1.0);
  }

  private static ActionBounds bounds() {
    ActionBounds.Builder b = ActionBounds.builder(7);
    for (int d = 0; d < 7; d++) {
      b.range(d, -0.03f, 0.03f);
    }
    return b.build();
  }

  @Test
  void aFrameskipBundleIsCalledOncePerMacroStepAndItsHorizonMustBeWholeMacroSteps(@TempDir Path dir)
      throws Exception {
    ModelSettings model =
        new ModelSettings(frameSkipBundle(dir, 5), ModelSettings.Engine.ONNXRUNTIME);

    try (PlanningStack stack = PlanningStack.open(model, 1, settings(10), bounds())) {
      assertThat(stack.options().tuning().actionRepeat()).isEqualTo(5);
      float[] latent = new float[stack.model().latentSize()];
      float[] goal = latent.clone();
      goal[0] = 1;
      stack.setGoal(goal, 0);
      Plan plan = stack.plan(latent);
      // 10 control steps = 2 macro-steps of 5: two predictions per sample and iteration.
      assertThat(plan.predictorCalls()).isEqualTo(3L * 2);
      assertThat(plan.actions().horizon()).isEqualTo(10);
      for (int k = 0; k < 10; k++) {
        assertThat(plan.actions().get(k, 0)).isEqualTo(plan.actions().get(k - k % 5, 0));
      }
    }
    assertThatThrownBy(() -> PlanningStack.open(model, 1, settings(7), bounds()))
        .hasMessageContaining("planner.horizon: 7");
  }
}
