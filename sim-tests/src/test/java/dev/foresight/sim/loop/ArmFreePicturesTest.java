package dev.foresight.sim.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.foresight.core.Action;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import dev.foresight.sim.Episode;
import dev.foresight.sim.RenderSettings;
import dev.foresight.sim.Tasks;
import dev.foresight.worldmodel.ModelBundle;
import dev.foresight.worldmodel.OrtWorldModel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The picture-space energy's encoder sees the scene and not the arm. */
class ArmFreePicturesTest {
  private static final int PICTURE = 32 * 32 * 3;

  private static Observation observe(Episode episode) {
    float[] proprio = new float[Episode.PROPRIO_SIZE];
    episode.proprio(proprio);
    return new Observation(episode.frame(), EpisodeCamera.armState(proprio));
  }

  @Test
  void anArmThatMovesOverTheTableLeavesThePictureAsItWas() {
    try (Episode episode = new Episode(Tasks.byName("reach"), 3, RenderSettings.defaults())) {
      ArmFreePictures pictures = new ArmFreePictures(32, Action.SIZE, 1.0, null);
      Observation before = observe(episode);
      float[] action = new float[Action.SIZE];
      action[0] = 0.03f;
      for (int k = 0; k < 3; k++) {
        episode.step(Action.fromArray(action, 0));
      }
      Observation after = observe(episode);
      assertThat(after.frame().pixels()).isNotEqualTo(before.frame().pixels());

      float[] latents = new float[2 * pictures.latentSize()];
      pictures.encode(List.of(before, after), latents);

      int size = pictures.latentSize();
      assertThat(size).isEqualTo(PICTURE + Episode.PROPRIO_SIZE);
      assertThat(Arrays.copyOfRange(latents, 0, PICTURE))
          .containsExactly(Arrays.copyOfRange(latents, size, size + PICTURE));
      // Without the arm painted out the two frames' pictures differ where the arm moved.
      assertThat(pooled(before.frame().pixels())).isNotEqualTo(pooled(after.frame().pixels()));
      // The proprio slice keeps the two states apart, at a scale the energy does not feel.
      assertThat(latents[PICTURE]).isNotEqualTo(latents[size + PICTURE]);
      assertThat(Math.abs(latents[size + PICTURE] - latents[PICTURE])).isLessThan(1e-6f);
    }
  }

  @Test
  void withALearnedModelItsLatentFollowsThePicture() throws Exception {
    try (OrtWorldModel learned =
            new OrtWorldModel(ModelBundle.read(Path.of("..", "models", "foresight-sim")), 1);
        Episode episode = new Episode(Tasks.byName("push-t"), 1, RenderSettings.defaults())) {
      ArmFreePictures alone = new ArmFreePictures(32, Action.SIZE, 1.0, null);
      ArmFreePictures both = new ArmFreePictures(32, Action.SIZE, 2.0, learned);
      Observation now = observe(episode);
      float[] picture = new float[alone.latentSize()];
      float[] latent = new float[learned.latentSize()];
      float[] joined = new float[both.latentSize()];
      alone.encode(List.of(now), picture);
      learned.encode(List.of(now), latent);
      both.encode(List.of(now), joined);

      assertThat(both.latentSize()).isEqualTo(PICTURE + learned.latentSize());
      for (int i = 0; i < PICTURE; i++) {
        assertThat(joined[i]).isCloseTo(2 * picture[i], org.assertj.core.data.Offset.offset(1e-6f));
      }
      assertThat(Arrays.copyOfRange(joined, PICTURE, joined.length)).containsExactly(latent);
      assertThatThrownBy(() -> alone.predict(1, picture, new float[Action.SIZE], picture))
          .isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void aModelTrainedOnArmFreeFramesEncodesFramesPaintedTheSameWay() throws Exception {
    try (OrtWorldModel learned =
            new OrtWorldModel(ModelBundle.read(Path.of("..", "models", "foresight-sim")), 1);
        Episode episode = new Episode(Tasks.byName("push-t"), 1, RenderSettings.defaults())) {
      WorldModel armFree = LearnedPlanning.armFreeFrames(learned);
      Observation now = observe(episode);
      Observation painted =
          new Observation(
              new Image(
                  now.frame().width(),
                  now.frame().height(),
                  now.frame().encoding(),
                  ArmFreePictures.armPaintedOut(
                      now.frame(), now.armState().eePoseInBase(), now.armState().gripper())),
              now.armState());
      float[] seen = new float[learned.latentSize()];
      float[] expected = new float[learned.latentSize()];
      float[] withArm = new float[learned.latentSize()];
      armFree.encode(List.of(now), seen);
      learned.encode(List.of(painted), expected);
      learned.encode(List.of(now), withArm);

      assertThat(seen).containsExactly(expected);
      assertThat(seen).isNotEqualTo(withArm);
      assertThat(armFree.latentSize()).isEqualTo(learned.latentSize());
      assertThat(armFree.frameSkip()).isEqualTo(learned.frameSkip());
    }
  }

  private static float[] pooled(byte[] rgb) {
    float[] out = new float[PICTURE];
    for (int row = 0; row < 64; row++) {
      for (int column = 0; column < 64; column++) {
        for (int c = 0; c < 3; c++) {
          out[((row / 2) * 32 + column / 2) * 3 + c] += rgb[(row * 64 + column) * 3 + c] & 0xFF;
        }
      }
    }
    return out;
  }
}
