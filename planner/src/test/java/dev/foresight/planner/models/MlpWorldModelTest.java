package dev.foresight.planner.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.foresight.config.RobotProfile;
import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpWorldModelTest {

  @Test
  void batchedPredictionMatchesOneSampleAtATime() {
    MlpWorldModel model = MlpWorldModel.factsShape(42);
    int count = 7; // one block of four plus a tail of three
    int latent = model.latentSize();
    int action = model.actionSize();
    SplittableRandom random = new SplittableRandom(1);
    float[] latents = new float[count * latent];
    float[] actions = new float[count * action];
    for (int i = 0; i < latents.length; i++) {
      latents[i] = (float) random.nextGaussian();
    }
    for (int i = 0; i < actions.length; i++) {
      actions[i] = (float) random.nextGaussian() * 0.05f;
    }
    float[] batched = new float[count * latent];
    model.predict(count, latents, actions, batched);
    float[] single = new float[latent];
    for (int s = 0; s < count; s++) {
      float[] z = java.util.Arrays.copyOfRange(latents, s * latent, (s + 1) * latent);
      float[] a = java.util.Arrays.copyOfRange(actions, s * action, (s + 1) * action);
      model.predict(1, z, a, single);
      for (int i = 0; i < latent; i++) {
        assertThat(batched[s * latent + i]).isCloseTo(single[i], within(1e-5f));
      }
    }
    // The prediction depends on the action.
    float[] other = new float[latent];
    float[] a0 = java.util.Arrays.copyOfRange(actions, 0, action);
    a0[0] += 0.5f;
    model.predict(1, java.util.Arrays.copyOfRange(latents, 0, latent), a0, other);
    assertThat(other).isNotEqualTo(java.util.Arrays.copyOfRange(batched, 0, latent));
  }

  @Test
  void shapeAndCostOfTheFactsRecipe() {
    MlpWorldModel model = MlpWorldModel.factsShape(0);
    assertThat(model.latentSize()).isEqualTo(71);
    assertThat(model.actionSize()).isEqualTo(7);
    assertThat(model.flopsPerSample()).isEqualTo(2L * (78 * 256 + 256 * 256 + 256 * 71));
  }

  @Test
  void geluMatchesTheReferenceClosely() {
    for (float x = -5; x <= 5; x += 0.25f) {
      double exact = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
      assertThat((double) MlpWorldModel.gelu(x)).isCloseTo(exact, within(0.03));
    }
  }

  @Test
  void encodePoolsTheFrameAndCopiesTheArmState() {
    MlpWorldModel model = new MlpWorldModel(4, 3, 7, 8, 0);
    byte[] pixels = new byte[4 * 4];
    java.util.Arrays.fill(pixels, 0, 8, (byte) 255); // top half white
    Observation observation =
        new Observation(
            new Image(4, 4, PixelEncoding.MONO8, pixels),
            new ArmState(0, new Pose(0.4, -0.1, 0.2, 0, 0, 0), 1));
    float[] latent = new float[7];
    model.encode(List.of(observation), latent);
    assertThat(latent).containsExactly(new float[] {1, 1, 0, 0, 0.4f, -0.1f, 0.2f}, within(1e-6f));
  }

  @Test
  void pointMassStopsAtTheWorkspaceWall() {
    PointMassWorldModel model = new PointMassWorldModel(RobotProfile.DEFAULTS.workspaceInBase());
    float[] next = new float[3];
    model.predict(
        1, new float[] {0.79f, 0, 0.25f}, new float[] {0.05f, 0.01f, 0, 1, 1, 1, 1}, next);
    assertThat(next).containsExactly(new float[] {0.8f, 0.01f, 0.25f}, within(1e-6f));
  }
}
