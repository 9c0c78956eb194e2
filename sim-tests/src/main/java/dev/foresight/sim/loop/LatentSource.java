package dev.foresight.sim.loop;

import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.core.WorldModel;
import dev.foresight.sim.Episode;
import java.util.List;

/** Where a planning policy gets its current and goal latents from. */
public interface LatentSource {

  /**
   * Writes the latent of the episode's current observation.
   *
   * @param out the model's {@code latentSize} floats. Modified.
   */
  void current(Episode episode, float[] out);

  /**
   * Writes the latent of one of the episode's goals ({@link Episode#goals()}).
   *
   * @param out the model's {@code latentSize} floats. Modified.
   */
  void goal(Episode episode, Episode.Goal goal, float[] out);

  /**
   * What a real robot has: the camera frame and the arm's proprioception, encoded by a (learned)
   * world model. The goal is the episode's goal image with the goal's proprioception.
   */
  static LatentSource camera(WorldModel model) {
    return new LatentSource() {
      private final float[] proprio = new float[Episode.PROPRIO_SIZE];
      private byte[] pixels = new byte[0];

      @Override
      public void current(Episode episode, float[] out) {
        if (pixels.length != episode.width() * episode.height() * 3) {
          pixels = new byte[episode.width() * episode.height() * 3];
        }
        episode.render(pixels);
        episode.proprio(proprio);
        model.encode(List.of(observation(episode, pixels, proprio)), out);
      }

      @Override
      public void goal(Episode episode, Episode.Goal goal, float[] out) {
        model.encode(List.of(observation(episode, goal.frame(), goal.proprio())), out);
      }
    };
  }

  private static Observation observation(Episode episode, byte[] pixels, float[] proprio) {
    return new Observation(
        new Image(episode.width(), episode.height(), PixelEncoding.RGB8, pixels),
        new ArmState(
            0,
            new Pose(proprio[0], proprio[1], proprio[2], proprio[3], proprio[4], proprio[5]),
            proprio[6]));
  }

  /** The oracle's true states: no perception involved. */
  static LatentSource oracle(TaskStateOracle oracle) {
    return new LatentSource() {
      @Override
      public void current(Episode episode, float[] out) {
        oracle.encodeLive(out);
      }

      @Override
      public void goal(Episode episode, Episode.Goal goal, float[] out) {
        oracle.encodeGoal(goal, out);
      }
    };
  }
}
