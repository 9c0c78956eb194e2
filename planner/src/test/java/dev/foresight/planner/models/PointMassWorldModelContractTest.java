package dev.foresight.planner.models;

import dev.foresight.config.Box;
import dev.foresight.core.WorldModel;
import dev.foresight.testsupport.WorldModelContract;
import java.util.SplittableRandom;

/** The world-model contract on the point mass, its latents inside the workspace. */
class PointMassWorldModelContractTest extends WorldModelContract {
  private static final Box WORKSPACE = new Box(0.2, -0.4, 0.0, 0.8, 0.4, 0.5);

  @Override
  protected WorldModel open() {
    return new PointMassWorldModel(WORKSPACE);
  }

  @Override
  protected float[] latents(int count, SplittableRandom random) {
    float[] latents = new float[count * PointMassWorldModel.LATENT_SIZE];
    for (int s = 0; s < count; s++) {
      latents[3 * s] = (float) random.nextDouble(WORKSPACE.minX() + 0.05, WORKSPACE.maxX() - 0.05);
      latents[3 * s + 1] =
          (float) random.nextDouble(WORKSPACE.minY() + 0.05, WORKSPACE.maxY() - 0.05);
      latents[3 * s + 2] =
          (float) random.nextDouble(WORKSPACE.minZ() + 0.05, WORKSPACE.maxZ() - 0.05);
    }
    return latents;
  }
}
