package dev.foresight.sim.loop;

import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.PixelEncoding;
import dev.foresight.core.Pose;
import dev.foresight.core.WorldModel;
import dev.foresight.sim.GripperGeometry;
import dev.foresight.sim.TopDownRenderer;
import java.util.List;

/**
 * Diagnostic encoder: a top-down camera frame with the arm painted out, average-pooled to {@code
 * side × side} RGB in {@code [0, 1]}. The arm's footprint is where its measured pose projects
 * through the top-down camera (a robot self-filter, as ROS perception pipelines mask a robot out of
 * its own sensor data), painted with the table's colour from the frame's corner. Its L1 distance to
 * the goal picture's is a picture-space energy that sees the objects' pose, turn as well as shift,
 * and not the arm. It only encodes: {@link LearnedEnergyOracle} supplies the dynamics.
 */
final class ArmFreePictures implements WorldModel {
  /** What the painted boxes add to the gripper's own on every side, metres. */
  static final double MARGIN = 0.002;

  /** Length of the proprio slice at the latent's end. */
  static final int PROPRIO_SIZE = dev.foresight.sim.Episode.PROPRIO_SIZE;

  /** Scale of the proprio slice. */
  static final float PROPRIO_SCALE = 1e-6f;

  private final int side;
  private final int actionSize;
  private final float weight;
  private final WorldModel learned;

  /**
   * @param side pooled picture side (divides the frame's side)
   * @param actionSize the task's action length
   * @param weight factor on the picture's values (its weight in an L1 energy)
   * @param learned a learned model whose latent follows the picture (its proprio slice last), or
   *     null for the picture and a negligible proprio slice
   */
  ArmFreePictures(int side, int actionSize, double weight, WorldModel learned) {
    if (side < 1) {
      throw new IllegalArgumentException("picture side " + side + " is not positive");
    }
    this.side = side;
    this.actionSize = actionSize;
    this.weight = (float) weight;
    this.learned = learned;
  }

  /**
   * The pooled picture, then the arm's proprio scaled by {@link #PROPRIO_SCALE}: negligible in the
   * energy, but states that look alike with the arm painted out keep distinct latents.
   */
  @Override
  public int latentSize() {
    return side * side * 3 + (learned == null ? PROPRIO_SIZE : learned.latentSize());
  }

  @Override
  public int actionSize() {
    return actionSize;
  }

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    int pictureSize = side * side * 3;
    if (learned != null) {
      float[] latents = new float[observations.size() * learned.latentSize()];
      learned.encode(observations, latents);
      for (int i = 0; i < observations.size(); i++) {
        System.arraycopy(
            latents,
            i * learned.latentSize(),
            latentsOut,
            i * latentSize() + pictureSize,
            learned.latentSize());
      }
    }
    for (int i = 0; i < observations.size(); i++) {
      Observation o = observations.get(i);
      int offset = i * latentSize();
      Pose ee = o.armState().eePoseInBase();
      pooled(armPaintedOut(o.frame(), ee, o.armState().gripper()), latentsOut, offset);
      if (learned != null) {
        continue;
      }
      writeProprio(o, latentsOut, offset + side * side * 3);
    }
  }

  /**
   * Writes the observation's arm state (x, y, z, roll, pitch, yaw, gripper) times {@link
   * #PROPRIO_SCALE} at {@code offset}: states that look alike with the arm painted out keep
   * distinct latents, at a scale the energy does not feel.
   */
  static void writeProprio(Observation o, float[] out, int offset) {
    Pose ee = o.armState().eePoseInBase();
    double[] proprio = {
      ee.x(), ee.y(), ee.z(), ee.roll(), ee.pitch(), ee.yaw(), o.armState().gripper()
    };
    for (int k = 0; k < PROPRIO_SIZE; k++) {
      out[offset + k] = (float) proprio[k] * PROPRIO_SCALE;
    }
  }

  /** The frame's pixels with the arm's projected footprint painted in the table's colour. */
  static byte[] armPaintedOut(Image frame, Pose ee, double gripper) {
    if (frame.encoding() != PixelEncoding.RGB8 || frame.width() != frame.height()) {
      throw new IllegalArgumentException(
          "arm-free pictures need a square rgb8 top-down frame, got "
              + frame.width()
              + "x"
              + frame.height()
              + " "
              + frame.encoding().rosName());
    }
    int n = frame.width();
    byte[] pixels = frame.pixels().clone();
    double focal =
        (n / 2.0) * TopDownRenderer.CAMERA_HEIGHT_METRES / TopDownRenderer.VIEW_HALF_WIDTH_METRES;
    // The palm bar above the fingers, and the two finger pads at half the gap either side.
    paintBox(
        frame,
        pixels,
        focal,
        ee,
        GripperGeometry.PALM_HALF_X + MARGIN,
        GripperGeometry.PALM_HALF_Y + MARGIN,
        GripperGeometry.PALM_CENTRE_Z - GripperGeometry.PALM_HALF_Z,
        GripperGeometry.PALM_CENTRE_Z + GripperGeometry.PALM_HALF_Z);
    double fingersHalfY =
        GripperGeometry.MAX_GAP * (1 - closed(gripper)) / 2
            + 2 * GripperGeometry.FINGER_HALF_Y
            + MARGIN;
    paintBox(
        frame,
        pixels,
        focal,
        ee,
        GripperGeometry.FINGER_HALF_X + MARGIN,
        fingersHalfY,
        -GripperGeometry.FINGER_HALF_Z,
        GripperGeometry.FINGER_HALF_Z);
    return pixels;
  }

  private static double closed(double gripper) {
    return Math.max(0, Math.min(1, gripper));
  }

  /**
   * Paints an upright box centred on the end effector (yaw 0) as the top-down camera sees it, from
   * its bottom to its top, with the table's colour (the frame's corner).
   */
  private static void paintBox(
      Image frame,
      byte[] pixels,
      double focal,
      Pose ee,
      double halfX,
      double halfY,
      double bottom,
      double top) {
    int n = frame.width();
    double minU = Double.MAX_VALUE;
    double maxU = -Double.MAX_VALUE;
    double minV = Double.MAX_VALUE;
    double maxV = -Double.MAX_VALUE;
    for (double height : new double[] {ee.z() + bottom, ee.z() + top}) {
      double scale = focal / (TopDownRenderer.CAMERA_HEIGHT_METRES - height);
      minU = Math.min(minU, n / 2.0 + scale * (ee.x() - halfX));
      maxU = Math.max(maxU, n / 2.0 + scale * (ee.x() + halfX));
      minV = Math.min(minV, n / 2.0 - scale * (ee.y() + halfY));
      maxV = Math.max(maxV, n / 2.0 - scale * (ee.y() - halfY));
    }
    int u0 = Math.max(0, (int) Math.floor(minU));
    int u1 = Math.min(n - 1, (int) Math.floor(maxU));
    int v0 = Math.max(0, (int) Math.floor(minV));
    int v1 = Math.min(n - 1, (int) Math.floor(maxV));
    for (int row = v0; row <= v1; row++) {
      for (int column = u0; column <= u1; column++) {
        int p = (row * n + column) * 3;
        pixels[p] = frame.pixels()[0];
        pixels[p + 1] = frame.pixels()[1];
        pixels[p + 2] = frame.pixels()[2];
      }
    }
  }

  private void pooled(byte[] rgb, float[] out, int offset) {
    int n = (int) Math.round(Math.sqrt(rgb.length / 3.0));
    if (n % side != 0) {
      throw new IllegalArgumentException(
          "frame side " + n + " is not a multiple of the picture side " + side);
    }
    int k = n / side;
    float scale = weight / (255f * k * k);
    java.util.Arrays.fill(out, offset, offset + side * side * 3, 0f);
    for (int row = 0; row < n; row++) {
      for (int column = 0; column < n; column++) {
        int cell = offset + ((row / k) * side + column / k) * 3;
        int p = (row * n + column) * 3;
        for (int c = 0; c < 3; c++) {
          out[cell + c] += (rgb[p + c] & 0xFF) * scale;
        }
      }
    }
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    throw new UnsupportedOperationException(
        "arm-free pictures only encode; the simulator supplies the dynamics");
  }
}
