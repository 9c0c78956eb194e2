package dev.foresight.sim.loop;

import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.Pose;
import dev.foresight.core.WorldModel;
import java.util.List;

/**
 * Diagnostic encoder: where the scene's one object is and how it is turned, from the image moments
 * of the arm-free frame ({@link ArmFreePictures#armPaintedOut}). Every pixel that differs from the
 * table's colour (the frame's corner) by more than {@link #THRESHOLD} counts as object mass; its
 * centroid says where the object is, the axis of its second moments how it is turned (modulo a half
 * turn), the sign of its third moment along that axis which way. No learning and no task state: a
 * picture-space pose, scaled as the oracle's state distance scales a pose (centroid in metres at
 * table height, orientation as {@link #ORIENTATION_METRES} × (cos θ, sin θ)).
 */
final class ArmFreeMoments implements WorldModel {
  /** Colour difference (summed over R, G, B) from the table that counts as object. */
  static final int THRESHOLD = 60;

  /** Metres an orientation difference of one radian costs, as the push-t task state weighs it. */
  static final float ORIENTATION_METRES = 0.05f;

  /** Object pixels below which the object counts as gone from view. */
  static final int MIN_PIXELS = 5;

  /** Features of a view without the object: a pose far outside the view. */
  static final float GONE = 1f;

  private static final int FEATURES = 4;
  private final int actionSize;

  ArmFreeMoments(int actionSize) {
    this.actionSize = actionSize;
  }

  @Override
  public int latentSize() {
    return FEATURES + ArmFreePictures.PROPRIO_SIZE;
  }

  @Override
  public int actionSize() {
    return actionSize;
  }

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    for (int i = 0; i < observations.size(); i++) {
      Observation o = observations.get(i);
      Pose ee = o.armState().eePoseInBase();
      int offset = i * latentSize();
      features(
          o.frame(),
          ArmFreePictures.armPaintedOut(o.frame(), ee, o.armState().gripper()),
          latentsOut,
          offset);
      ArmFreePictures.writeProprio(o, latentsOut, offset + FEATURES);
    }
  }

  /** The object's pose features from the arm-free pixels of {@code frame}. */
  static void features(Image frame, byte[] rgb, float[] out, int offset) {
    int n = frame.width();
    int r0 = rgb[0] & 0xFF;
    int g0 = rgb[1] & 0xFF;
    int b0 = rgb[2] & 0xFF;
    double mass = 0;
    double sx = 0;
    double sy = 0;
    boolean[] object = new boolean[n * n];
    for (int row = 0; row < n; row++) {
      for (int column = 0; column < n; column++) {
        int p = (row * n + column) * 3;
        int difference =
            Math.abs((rgb[p] & 0xFF) - r0)
                + Math.abs((rgb[p + 1] & 0xFF) - g0)
                + Math.abs((rgb[p + 2] & 0xFF) - b0);
        if (difference > THRESHOLD) {
          object[row * n + column] = true;
          mass++;
          sx += x(column, n);
          sy += y(row, n);
        }
      }
    }
    if (mass < MIN_PIXELS) {
      out[offset] = GONE;
      out[offset + 1] = GONE;
      out[offset + 2] = 0;
      out[offset + 3] = 0;
      return;
    }
    double cx = sx / mass;
    double cy = sy / mass;
    double xx = 0;
    double yy = 0;
    double xy = 0;
    for (int row = 0; row < n; row++) {
      for (int column = 0; column < n; column++) {
        if (object[row * n + column]) {
          double dx = x(column, n) - cx;
          double dy = y(row, n) - cy;
          xx += dx * dx;
          yy += dy * dy;
          xy += dx * dy;
        }
      }
    }
    double theta = 0.5 * Math.atan2(2 * xy, xx - yy);
    double skew = 0;
    double c = Math.cos(theta);
    double s = Math.sin(theta);
    for (int row = 0; row < n; row++) {
      for (int column = 0; column < n; column++) {
        if (object[row * n + column]) {
          double u = (x(column, n) - cx) * c + (y(row, n) - cy) * s;
          skew += u * u * u;
        }
      }
    }
    if (skew < 0) {
      theta += Math.PI;
    }
    // Image units to metres at table height: the view spans twice the half width.
    double metres = dev.foresight.sim.TopDownRenderer.VIEW_HALF_WIDTH_METRES;
    out[offset] = (float) (cx * metres);
    out[offset + 1] = (float) (cy * metres);
    out[offset + 2] = (float) (ORIENTATION_METRES * Math.cos(theta));
    out[offset + 3] = (float) (ORIENTATION_METRES * Math.sin(theta));
  }

  private static double x(int column, int n) {
    return (column + 0.5) / n * 2 - 1;
  }

  /** Up in the image is +y in the world. */
  private static double y(int row, int n) {
    return -((row + 0.5) / n * 2 - 1);
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    throw new UnsupportedOperationException(
        "arm-free moments only encode; the simulator supplies the dynamics");
  }
}
