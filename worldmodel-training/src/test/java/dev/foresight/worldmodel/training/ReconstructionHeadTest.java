package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.foresight.worldmodel.Architecture;
import dev.foresight.worldmodel.Weights;
import dev.foresight.worldmodel.training.internal.TorchNetwork;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconstructionHeadTest {
  private static final Architecture ARCHITECTURE =
      Architecture.of(Architecture.Encoder.KEYPOINTS, 7, 7);

  @Test
  void addsADecoderFromTheStateToA32PixelFrameOnceAndOnlyWhenAbsent() {
    Weights weights = Weights.initialise(ARCHITECTURE, 1);
    int before = weights.all().size();
    ReconstructionHead.withParameters(weights, ARCHITECTURE, 1);
    int state = ARCHITECTURE.latentSize() + ARCHITECTURE.proprioSize();
    assertThat(weights.all().get("rdec.fc1.weight").shape())
        .containsExactly(ReconstructionHead.HIDDEN, state);
    assertThat(weights.all().get("rdec.fc2.weight").shape())
        .containsExactly(3L * 32 * 32, ReconstructionHead.HIDDEN);
    assertThat(weights.all()).hasSize(before + 4);
    float[] first = weights.all().get("rdec.fc1.weight").values().clone();
    ReconstructionHead.withParameters(weights, ARCHITECTURE, 2);
    assertThat(weights.all().get("rdec.fc1.weight").values()).containsExactly(first);
  }

  @Test
  void scoresTheFramePooledTo32PixelsAndTeachesTheLatent() {
    try (NDManager manager = Engine.getEngine("PyTorch").newBaseManager()) {
      Weights weights = ReconstructionHead.withParameters(new Weights(), ARCHITECTURE, 3);
      Map<String, NDArray> parameters = TorchNetwork.toArrays(weights, manager);
      // A decoder that always draws the constant frame 0.25.
      parameters.get("rdec.fc2.weight").muli(0f);
      parameters.get("rdec.fc2.bias").addi(0.25f);
      int side = ARCHITECTURE.imageSize();
      NDArray latents = manager.zeros(new Shape(2, ARCHITECTURE.latentSize()));
      NDArray proprio = manager.zeros(new Shape(2, ARCHITECTURE.proprioSize()));
      float[] pixels = new float[2 * 3 * side * side];
      Arrays.fill(pixels, 0, pixels.length / 2, 0.25f);
      // The second frame: 0.25 but for one 2×2 block per channel at 1.25 — one pooled pixel off
      // by 1 in each channel.
      Arrays.fill(pixels, pixels.length / 2, pixels.length, 0.25f);
      for (int channel = 0; channel < 3; channel++) {
        int base = pixels.length / 2 + channel * side * side;
        for (int row = 0; row < 2; row++) {
          for (int column = 0; column < 2; column++) {
            pixels[base + row * side + column] = 1.25f;
          }
        }
      }
      NDArray frames = manager.create(pixels, new Shape(2, 3, side, side));
      double loss = ReconstructionHead.loss(parameters, frames, latents, proprio).getFloat();
      assertThat(loss).isCloseTo(3.0 / (2 * 3 * 32 * 32), within(1e-7));

      // With a live decoder the error reaches the latents.
      Map<String, NDArray> fresh =
          TorchNetwork.toArrays(
              ReconstructionHead.withParameters(new Weights(), ARCHITECTURE, 3), manager);
      NDArray live = manager.randomNormal(new Shape(2, ARCHITECTURE.latentSize()));
      live.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
        collector.backward(ReconstructionHead.loss(fresh, frames, live, proprio));
      }
      assertThat((double) live.getGradient().abs().sum().getFloat()).isGreaterThan(1e-6);
    }
  }

  @Test
  void aNegativeWeightIsRefused() {
    assertThatThrownBy(
            () -> new JepaTrainer.Options(10, 1, 4, 1e-3f, 1e-4f, 0.99f, 0, 1f, 0f, 2f, 0, 0f, -1f))
        .hasMessage("reconstruction weight must be zero or positive and finite, got -1.0");
  }
}
