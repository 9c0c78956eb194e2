package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class StateProbeTest {
  @Test
  void findsWhatTheLatentHoldsAndMissesWhatItDoesNot() {
    // 40 episodes of 50 frames: the state is (x, y, angle); the latent holds x and y (scaled and
    // mixed) but nothing of the angle, as a keypoint encoder's latent of a block turned in place.
    Random random = new Random(3);
    int frames = 40 * 50;
    float[] latents = new float[frames * 3];
    float[] states = new float[frames * 3];
    int[] episodes = new int[frames];
    for (int i = 0; i < frames; i++) {
      double x = random.nextDouble();
      double y = random.nextDouble();
      double angle = random.nextDouble() * 6;
      states[3 * i] = (float) x;
      states[3 * i + 1] = (float) y;
      states[3 * i + 2] = (float) angle;
      latents[3 * i] = (float) (3 * x + y);
      latents[3 * i + 1] = (float) (x - 2 * y);
      latents[3 * i + 2] = (float) (0.01 * random.nextGaussian());
      episodes[i] = i / 50;
    }
    double[] r2 = StateProbe.rSquared(latents, 3, states, 3, episodes);
    assertThat(r2[0]).isGreaterThan(0.95);
    assertThat(r2[1]).isGreaterThan(0.95);
    assertThat(r2[2]).isLessThan(0.1);

    // Once the latent holds the angle too, the probe finds it.
    for (int i = 0; i < frames; i++) {
      latents[3 * i + 2] = states[3 * i + 2];
    }
    assertThat(StateProbe.rSquared(latents, 3, states, 3, episodes)[2]).isGreaterThan(0.9);
  }

  @Test
  void aStateThatDoesNotVaryHasNoScore() {
    float[] latents = new float[20];
    float[] states = new float[20];
    int[] episodes = new int[20];
    for (int i = 0; i < 20; i++) {
      latents[i] = i;
      episodes[i] = i;
    }
    assertThat(StateProbe.rSquared(latents, 1, states, 1, episodes)[0]).isNaN();
  }
}
