package dev.foresight.sim.loop;

import dev.foresight.sim.Episode;

/** Where a planning policy gets its current and goal latents from. */
public interface LatentSource {

  /**
   * Writes the latent of the episode's current observation.
   *
   * @param out the model's {@code latentSize} floats. Modified.
   */
  void current(Episode episode, float[] out);

  /**
   * Writes the latent of the episode's goal image.
   *
   * @param out the model's {@code latentSize} floats. Modified.
   */
  void goal(Episode episode, float[] out);

  /** The oracle's true states: no perception involved. */
  static LatentSource oracle(TaskStateOracle oracle) {
    return new LatentSource() {
      @Override
      public void current(Episode episode, float[] out) {
        oracle.encodeLive(out);
      }

      @Override
      public void goal(Episode episode, float[] out) {
        oracle.encodeGoal(out);
      }
    };
  }
}
