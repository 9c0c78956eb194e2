package dev.foresight.perception;

import dev.foresight.core.ArmState;
import dev.foresight.core.Image;
import dev.foresight.core.Pose;
import java.util.Arrays;

/**
 * What the planner aims for: the goal image and what is known of the arm's proprioception in it.
 *
 * <p>This class is the goal-proprio rule, the one place every entry point takes it from. A learned
 * latent ends with the arm's proprio, so the goal latent needs a proprio too:
 *
 * <ul>
 *   <li>{@linkplain #withProprio full proprio known} (the simulator's goal pose, or a pose the lab
 *       recorded when it took the goal picture): the goal image is encoded with it and the energy
 *       weights the proprio slice by {@link #PROPRIO_WEIGHT};
 *   <li>{@linkplain #withPosition end-effector position known} ({@code --goal-position}): encoded
 *       with that position and the arm's orientation and gripper at the moment the goal is encoded;
 *       weighted by {@link #PROPRIO_WEIGHT};
 *   <li>{@linkplain #imageOnly nothing known} (one goal picture, as a lab usually has): encoded
 *       with the arm's state at that moment, which says nothing about the goal, so the energy
 *       ignores the proprio slice (weight 0).
 * </ul>
 */
public final class Goal {
  /** Weight of the proprio slice of a learned latent in the energy, when the goal's is known. */
  public static final double PROPRIO_WEIGHT = 4.0;

  /** Values in a full proprio vector: x, y, z (m), roll, pitch, yaw (rad), gripper (0..1). */
  public static final int PROPRIO_SIZE = 7;

  /** What is known of the arm's state in the goal image. */
  public enum Known {
    /** Nothing: only the picture. */
    NOTHING,
    /** The end-effector position. */
    POSITION,
    /** The whole proprio: pose and gripper. */
    PROPRIO
  }

  private final Image image;
  private final Known known;
  private final float[] proprio;
  private final double proprioWeight;

  private Goal(Image image, Known known, float[] proprio) {
    this(image, known, proprio, proprioWeight(known));
  }

  private Goal(Image image, Known known, float[] proprio, double proprioWeight) {
    if (image == null) {
      throw new IllegalArgumentException("a goal needs an image");
    }
    for (float value : proprio) {
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException(
            "goal proprio " + Arrays.toString(proprio) + " is not finite, expected metres/rad");
      }
    }
    this.image = image;
    this.known = known;
    this.proprio = proprio;
    this.proprioWeight = proprioWeight;
  }

  /** A goal picture and nothing else: the energy ignores the proprio slice. */
  public static Goal imageOnly(Image image) {
    return new Goal(image, Known.NOTHING, new float[0]);
  }

  /**
   * A goal picture with the end-effector position in it, metres in the robot base frame.
   *
   * @throws IllegalArgumentException for a non-finite coordinate
   */
  public static Goal withPosition(Image image, double xM, double yM, double zM) {
    return new Goal(image, Known.POSITION, new float[] {(float) xM, (float) yM, (float) zM});
  }

  /**
   * A goal picture with the arm's whole proprio in it.
   *
   * @param proprio x, y, z (m), roll, pitch, yaw (rad), gripper (0 open … 1 closed). Copied.
   * @throws IllegalArgumentException for a wrong length or a non-finite value
   */
  public static Goal withProprio(Image image, float[] proprio) {
    if (proprio.length != PROPRIO_SIZE) {
      throw new IllegalArgumentException(
          "goal proprio has " + proprio.length + " values, expected " + PROPRIO_SIZE);
    }
    return new Goal(image, Known.PROPRIO, proprio.clone());
  }

  /** The goal image. */
  public Image image() {
    return image;
  }

  /** What is known of the arm in the goal image. */
  public Known known() {
    return known;
  }

  /**
   * Weight of the latent's proprio slice in the energy for this goal: {@link #PROPRIO_WEIGHT} when
   * its proprio or position is known, 0 for a picture alone, unless {@linkplain #withProprioWeight
   * set otherwise}.
   */
  public double proprioWeight() {
    return proprioWeight;
  }

  /**
   * This goal with its proprio slice weighted by {@code weight} instead (a task whose goal is the
   * arm's own pose, such as reaching, weighs it more than one whose goal is an object's).
   *
   * @throws IllegalArgumentException for a negative or non-finite weight, or a weight above 0 on a
   *     goal that knows nothing of the arm
   */
  public Goal withProprioWeight(double weight) {
    if (!(weight >= 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException(
          "goal proprio weight " + weight + " is out of range, expected a finite weight >= 0");
    }
    if (known == Known.NOTHING && weight > 0) {
      throw new IllegalArgumentException(
          "goal proprio weight "
              + weight
              + " on a picture-only goal, expected 0 (no proprio known)");
    }
    return new Goal(image, known, proprio, weight);
  }

  /** Weight of the latent's proprio slice in the energy for a goal of which this is known. */
  public static double proprioWeight(Known known) {
    return known == Known.NOTHING ? 0.0 : PROPRIO_WEIGHT;
  }

  /**
   * The arm state to encode the goal image with.
   *
   * @param now the arm's state when the goal is encoded; fills what the goal does not know
   */
  public ArmState armState(ArmState now) {
    return switch (known) {
      case NOTHING -> now;
      case POSITION -> {
        Pose p = now.eePoseInBase();
        yield new ArmState(
            now.timeNanos(),
            new Pose(proprio[0], proprio[1], proprio[2], p.roll(), p.pitch(), p.yaw()),
            now.gripper());
      }
      case PROPRIO ->
          new ArmState(
              now.timeNanos(),
              new Pose(proprio[0], proprio[1], proprio[2], proprio[3], proprio[4], proprio[5]),
              proprio[6]);
    };
  }

  @Override
  public String toString() {
    return "goal image "
        + image.width()
        + "x"
        + image.height()
        + (known == Known.NOTHING ? "" : " with " + known.name().toLowerCase(java.util.Locale.ROOT))
        + " "
        + (known == Known.NOTHING ? "" : Arrays.toString(proprio));
  }
}
