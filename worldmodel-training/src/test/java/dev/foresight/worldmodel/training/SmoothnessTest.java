package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JepaTrainer.Options#smoothness()}: a model trained with a larger smoothness weight has an
 * image latent that moves less from one frame to the next, relative to its spread, on the same
 * data. The synthetic scene has one object, so the latent cannot trade a fast feature for a slow
 * one here; VICReg keeps its spread, and the relative step shrinks by about a quarter at σ = 100
 * (0.045 → 0.033 when written).
 */
class SmoothnessTest {
  @TempDir Path temp;

  @Test
  void largerWeightMakesTheLatentSlower() throws Exception {
    Path data = temp.resolve("data");
    SyntheticDataset.write(data, 20, 15, 3);
    double recipe = relativeStepChange(data, JepaTrainer.DEFAULT_SMOOTHNESS);
    double smooth = relativeStepChange(data, 100f);
    System.out.printf(
        "mean ‖z(t+1) − z(t)‖² / total variance of z: σ = 2 %.4f, σ = 100 %.4f%n", recipe, smooth);
    assertThat(smooth).isLessThan(recipe * 0.85);
  }

  @Test
  void negativeWeightIsRejected() {
    assertThatThrownBy(
            () -> new JepaTrainer.Options(10, 1, 4, 1e-3f, 1e-4f, 0.99f, 0, 1f, 0f, -1f, 0, 0f, 0f))
        .hasMessage("smoothness must be zero or positive and finite, got -1.0");
  }

  /** Mean squared one-step change of z divided by z's total variance over all frames. */
  private double relativeStepChange(Path data, float smoothness) throws Exception {
    TrainedStates trained =
        TrainedStates.of(
            data,
            temp.resolve("model-" + smoothness),
            new JepaTrainer.Options(
                150, 1, 16, 1e-3f, 1e-4f, 0.99f, 0, 1f, 0f, smoothness, 0, 0f, 0f));
    int latent = trained.latent();
    int stateSize = trained.stateSize();
    double[] sum = new double[latent];
    double[] sumSquares = new double[latent];
    double change = 0;
    long changes = 0;
    long frames = 0;
    for (int i = 0; i < trained.episodes().size(); i++) {
      float[] states = trained.episodes().get(i);
      for (int t = 0; t < trained.frames(i); t++, frames++) {
        for (int d = 0; d < latent; d++) {
          double value = states[t * stateSize + d];
          sum[d] += value;
          sumSquares[d] += value * value;
          if (t > 0) {
            double step = value - states[(t - 1) * stateSize + d];
            change += step * step;
          }
        }
        if (t > 0) {
          changes++;
        }
      }
    }
    double variance = 0;
    for (int d = 0; d < latent; d++) {
      double mean = sum[d] / frames;
      variance += sumSquares[d] / frames - mean * mean;
    }
    return change / changes / variance;
  }
}
