package dev.foresight.planner.models;

import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.List;

/**
 * A linear latent model {@code z' = z + B a} with a constant {@code latentSize × actionSize} matrix
 * {@code B}: with a squared-distance energy the planning problem is a quadratic program with a
 * known optimum, which makes it the reference problem of the planner contract tests. {@link
 * #encode} takes the first {@code latentSize} components of the proprioceptive vector {@code (x, y,
 * z, roll, pitch, yaw, gripper)}, zero-padded.
 */
public final class LinearWorldModel implements WorldModel {
  private final int latentSize;
  private final int actionSize;
  private final float[] b;

  /**
   * @param b {@code latentSize × actionSize} floats, row-major. Copied.
   */
  public LinearWorldModel(int latentSize, int actionSize, float[] b) {
    if (latentSize < 1 || actionSize < 1 || b.length != latentSize * actionSize) {
      throw new IllegalArgumentException(
          "linear model: B has "
              + b.length
              + " values, expected latentSize "
              + latentSize
              + " x actionSize "
              + actionSize
              + " (both >= 1)");
    }
    this.latentSize = latentSize;
    this.actionSize = actionSize;
    this.b = b.clone();
  }

  @Override
  public int latentSize() {
    return latentSize;
  }

  @Override
  public int actionSize() {
    return actionSize;
  }

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    for (int i = 0; i < observations.size(); i++) {
      Proprio.write(observations.get(i).armState(), latentsOut, i * latentSize, latentSize);
    }
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    for (int s = 0; s < count; s++) {
      for (int i = 0; i < latentSize; i++) {
        float sum = latents[s * latentSize + i];
        for (int j = 0; j < actionSize; j++) {
          sum += b[i * actionSize + j] * actions[s * actionSize + j];
        }
        nextLatentsOut[s * latentSize + i] = sum;
      }
    }
  }
}
