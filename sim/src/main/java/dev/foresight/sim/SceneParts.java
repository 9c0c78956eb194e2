package dev.foresight.sim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The world's visible parts flattened into arrays for rendering: per part its world rotation
 * (row-major, part frame to world), centre, half extents, shape and colour. Reused between frames.
 */
final class SceneParts {
  int count;
  float[] rotation = new float[0];
  float[] centre = new float[0];
  float[] half = new float[0];
  int[] shape = new int[0];
  int[] rgb = new int[0];
  float[] radius = new float[0];
  boolean[] axisAligned = new boolean[0];
  private float[] bodyPoses = new float[0];
  private final long jitterSeed;
  private final boolean jittered;

  SceneParts(RenderSettings settings) {
    this.jittered = settings.jittered();
    this.jitterSeed = settings.jitterSeed();
  }

  /** Reads the current poses of every part of {@code world}. */
  void update(SimWorld world) {
    List<SimBody> bodies = world.bodies();
    int total = 0;
    for (SimBody body : bodies) {
      total += body.parts().size();
    }
    if (bodyPoses.length < bodies.size() * 12) {
      bodyPoses = new float[bodies.size() * 12];
    }
    if (rotation.length < total * 9) {
      rotation = new float[total * 9];
      centre = new float[total * 3];
      half = new float[total * 3];
      shape = new int[total];
      rgb = new int[total];
      radius = new float[total];
      axisAligned = new boolean[total];
    }
    world.poses(bodyPoses);
    int p = 0;
    for (int b = 0; b < bodies.size(); b++) {
      List<Part> parts = bodies.get(b).parts();
      int o = b * 12;
      for (int i = 0; i < parts.size(); i++, p++) {
        Part part = parts.get(i);
        System.arraycopy(bodyPoses, o, rotation, p * 9, 9);
        float ox = part.offsetX();
        float oy = part.offsetY();
        float oz = part.offsetZ();
        for (int r = 0; r < 3; r++) {
          centre[p * 3 + r] =
              bodyPoses[o + 9 + r]
                  + bodyPoses[o + r * 3] * ox
                  + bodyPoses[o + r * 3 + 1] * oy
                  + bodyPoses[o + r * 3 + 2] * oz;
        }
        half[p * 3] = part.halfX();
        half[p * 3 + 1] = part.halfY();
        half[p * 3 + 2] = part.halfZ();
        shape[p] = part.shape().ordinal();
        axisAligned[p] = isIdentity(bodyPoses, o);
        float hx = part.halfX();
        radius[p] =
            switch (part.shape()) {
              case BOX ->
                  (float)
                      Math.sqrt(
                          hx * hx + part.halfY() * part.halfY() + part.halfZ() * part.halfZ());
              case CYLINDER -> (float) Math.sqrt(hx * hx + part.halfZ() * part.halfZ());
              case SPHERE -> hx;
            };
        rgb[p] =
            jittered
                ? RenderSettings.jitterColour(
                    part.rgb(), new SplittableRandom(jitterSeed ^ (0x9E3779B97F4A7C15L * (p + 1))))
                : part.rgb();
      }
    }
    count = p;
  }

  private static boolean isIdentity(float[] r, int o) {
    return r[o] == 1
        && r[o + 4] == 1
        && r[o + 8] == 1
        && r[o + 1] == 0
        && r[o + 2] == 0
        && r[o + 3] == 0
        && r[o + 5] == 0
        && r[o + 6] == 0
        && r[o + 7] == 0;
  }

  /** World z of the highest point of part {@code p}. */
  float topZ(int p) {
    float[] r = rotation;
    int k = p * 9;
    float hx = half[p * 3];
    float hy = shape[p] == Part.Shape.BOX.ordinal() ? half[p * 3 + 1] : hx;
    float hz = shape[p] == Part.Shape.SPHERE.ordinal() ? hx : half[p * 3 + 2];
    return centre[p * 3 + 2]
        + Math.abs(r[k + 6]) * hx
        + Math.abs(r[k + 7]) * hy
        + Math.abs(r[k + 8]) * hz;
  }
}
