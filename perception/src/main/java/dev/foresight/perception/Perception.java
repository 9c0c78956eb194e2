package dev.foresight.perception;

import dev.foresight.core.ArmState;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.List;

/**
 * The perception stage of a control tick: observations and goals to latent states. One instance per
 * thread (the model behind it is not thread-safe).
 */
public interface Perception {

  /** Length of the latents written. */
  int latentSize();

  /**
   * Encodes the current observation.
   *
   * @param latentOut {@link #latentSize()} floats. Modified.
   */
  void encode(Observation observation, float[] latentOut);

  /**
   * Encodes a goal by the {@linkplain Goal goal-proprio rule}.
   *
   * @param now the arm's state when the goal is encoded
   * @param latentOut {@link #latentSize()} floats. Modified.
   */
  void encodeGoal(Goal goal, ArmState now, float[] latentOut);

  /**
   * Perception by a world model's encoder: the frame (resized and normalised as the model's bundle
   * prescribes) and the arm state packed as its proprio. The model is used, not owned.
   */
  static Perception of(WorldModel model) {
    return new Perception() {
      @Override
      public int latentSize() {
        return model.latentSize();
      }

      @Override
      public void encode(Observation observation, float[] latentOut) {
        model.encode(List.of(observation), latentOut);
      }

      @Override
      public void encodeGoal(Goal goal, ArmState now, float[] latentOut) {
        model.encode(List.of(new Observation(goal.image(), goal.armState(now))), latentOut);
      }
    };
  }
}
