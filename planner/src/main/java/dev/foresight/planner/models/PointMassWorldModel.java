package dev.foresight.planner.models;

import dev.foresight.config.Box;
import dev.foresight.core.Action;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.List;

/**
 * The exact dynamics of a point end effector that moves by its commanded translation and stops at
 * the workspace walls: latent {@code z = (x, y, z)} in metres, base frame; action the 7-D {@link
 * Action} of which only {@code dx, dy, dz} act; {@code z' = clamp(z + (dx, dy, dz), workspace)}. A
 * ground-truth model for reach-like planner tests.
 */
public final class PointMassWorldModel implements WorldModel {
  /** Latent size: the end-effector position. */
  public static final int LATENT_SIZE = 3;

  private final float[] min;
  private final float[] max;

  /** A point mass confined to {@code workspaceInBase}. */
  public PointMassWorldModel(Box workspaceInBase) {
    this.min =
        new float[] {
          (float) workspaceInBase.minX(),
          (float) workspaceInBase.minY(),
          (float) workspaceInBase.minZ()
        };
    this.max =
        new float[] {
          (float) workspaceInBase.maxX(),
          (float) workspaceInBase.maxY(),
          (float) workspaceInBase.maxZ()
        };
  }

  @Override
  public int latentSize() {
    return LATENT_SIZE;
  }

  @Override
  public int actionSize() {
    return Action.SIZE;
  }

  /** The end-effector position of each observation's arm state. */
  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    for (int i = 0; i < observations.size(); i++) {
      Proprio.write(observations.get(i).armState(), latentsOut, i * LATENT_SIZE, LATENT_SIZE);
    }
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    for (int s = 0; s < count; s++) {
      for (int axis = 0; axis < LATENT_SIZE; axis++) {
        float moved = latents[s * LATENT_SIZE + axis] + actions[s * Action.SIZE + axis];
        nextLatentsOut[s * LATENT_SIZE + axis] = Math.min(Math.max(moved, min[axis]), max[axis]);
      }
    }
  }
}
