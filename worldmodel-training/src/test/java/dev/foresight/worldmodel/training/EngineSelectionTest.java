package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.foresight.config.ModelSettings;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.DjlOnnxWorldModel;
import dev.foresight.worldmodel.LearnedWorldModel;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import dev.foresight.worldmodel.WorldModels;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineSelectionTest {
  @TempDir static Path temp;
  private static ModelBundle bundle;

  @BeforeAll
  static void writeBundle() throws Exception {
    bundle = ModelTraining.writeUntrained(temp.resolve("bundle"), Architecture.standard(7, 7), 3);
  }

  @Test
  void tensorRtThatCannotLoadFallsBackToOnnxRuntime() throws Exception {
    assertThat(WorldModels.probe("TensorRT")).isPresent();
    try (LearnedWorldModel model =
        WorldModels.open(bundle.directory(), ModelSettings.Engine.TENSORRT, 1)) {
      assertThat(model).isInstanceOf(OrtWorldModel.class);
      assertThat(model.engineName()).isEqualTo("OnnxRuntime");
    }
  }

  @Test
  void pytorchAndOnnxRuntimeAreSelectable() throws Exception {
    try (LearnedWorldModel model =
        WorldModels.open(bundle.directory(), ModelSettings.Engine.PYTORCH, 1)) {
      assertThat(model.engineName()).isEqualTo("PyTorch");
    }
    try (LearnedWorldModel model =
        WorldModels.open(bundle.directory(), ModelSettings.Engine.ONNXRUNTIME, 1)) {
      assertThat(model.engineName()).isEqualTo("OnnxRuntime");
      assertThat(model.latentSize()).isEqualTo(71);
      assertThat(model.actionSize()).isEqualTo(7);
    }
  }

  @Test
  void djlOnnxPathAgreesWithRawOnnxRuntimeAndPyTorch() throws Exception {
    try (OrtWorldModel ort = new OrtWorldModel(bundle, 1);
        DjlOnnxWorldModel djl = new DjlOnnxWorldModel(bundle, "OnnxRuntime", Device.cpu());
        TorchWorldModel torch = new TorchWorldModel(bundle)) {
      ParityCheck.Result viaDjl = ParityCheck.compare(ort, djl, 8);
      assertThat(viaDjl.encoderMaxDifference()).isLessThan(1e-5);
      assertThat(viaDjl.predictorMaxDifference()).isLessThan(1e-5);
      ParityCheck.Result viaTorch = ParityCheck.compare(ort, torch, 9);
      assertThat(viaTorch.passed()).isTrue();
    }
  }

  @Test
  void batchedPredictionEqualsOneByOne() {
    try (OrtWorldModel model = new OrtWorldModel(bundle, 1)) {
      int count = 5;
      float[] states = new float[count * 71];
      float[] actions = new float[count * 7];
      for (int i = 0; i < states.length; i++) {
        states[i] = (float) Math.sin(i);
      }
      for (int i = 0; i < actions.length; i++) {
        actions[i] = 0.01f * (float) Math.cos(i);
      }
      float[] batched = new float[states.length];
      model.predict(count, states, actions, batched);
      for (int s = 0; s < count; s++) {
        float[] one = new float[71];
        model.predict(
            1,
            java.util.Arrays.copyOfRange(states, s * 71, (s + 1) * 71),
            java.util.Arrays.copyOfRange(actions, s * 7, (s + 1) * 7),
            one);
        for (int d = 0; d < 71; d++) {
          assertThat(batched[s * 71 + d])
              .isCloseTo(one[d], org.assertj.core.data.Offset.offset(1e-5f));
        }
      }
      // The predictor is not the identity: an action changes the outcome.
      float[] moved = new float[states.length];
      float[] otherActions = actions.clone();
      otherActions[0] += 0.05f;
      model.predict(count, states, otherActions, moved);
      assertThat(moved).isNotEqualTo(batched);
    }
  }
}
