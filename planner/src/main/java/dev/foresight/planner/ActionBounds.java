package dev.foresight.planner;

import dev.foresight.config.RobotProfile;
import dev.foresight.core.Action;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where the planner may put each action: a per-dimension box, fixed (masked) dimensions, and norm
 * limits over groups of dimensions (e.g. the translation {@code dx, dy, dz} may not exceed the
 * robot's per-step limit as a vector). Immutable.
 *
 * <p>{@link #project} maps any candidate action into the set, in this order: fixed dimensions take
 * their value, every other dimension is clipped to {@code [lower, upper]}, then each norm group is
 * scaled towards zero until its Euclidean norm is within its limit. Because zero lies in the box of
 * every norm-limited dimension, scaling cannot leave the box again.
 */
public final class ActionBounds {
  private final float[] lower;
  private final float[] upper;
  private final boolean[] fixed;
  private final float[] fixedValue;
  private final int[] normFrom;
  private final int[] normTo;
  private final float[] normMax;

  private ActionBounds(Builder builder) {
    this.lower = builder.lower.clone();
    this.upper = builder.upper.clone();
    this.fixed = builder.fixed.clone();
    this.fixedValue = builder.fixedValue.clone();
    int groups = builder.normGroups.size();
    this.normFrom = new int[groups];
    this.normTo = new int[groups];
    this.normMax = new float[groups];
    for (int g = 0; g < groups; g++) {
      double[] group = builder.normGroups.get(g);
      normFrom[g] = (int) group[0];
      normTo[g] = (int) group[1];
      normMax[g] = (float) group[2];
    }
  }

  /**
   * The 7-D end-effector action bounds of a robot: translation components in {@code ±maxStepM} and
   * the translation vector's norm at most {@code maxStepM}; rotation components in {@code
   * ±maxRotationStepRad} and their norm at most {@code maxRotationStepRad}; gripper in {@code
   * [gripperMin, gripperMax]}. Returns a builder so a task can fix the dimensions it does not use.
   */
  public static Builder forRobot(RobotProfile robot) {
    float step = (float) robot.maxStepM();
    float rotation = (float) robot.maxRotationStepRad();
    Builder builder = builder(Action.SIZE);
    for (int d = 0; d < 3; d++) {
      builder.range(d, -step, step);
      builder.range(3 + d, -rotation, rotation);
    }
    builder.range(6, (float) robot.gripperMin(), (float) robot.gripperMax());
    return builder.normLimit(0, 3, step).normLimit(3, 6, rotation);
  }

  /** A builder for {@code actionSize} dimensions, each unbounded until given a range. */
  public static Builder builder(int actionSize) {
    return new Builder(actionSize);
  }

  /** Number of action dimensions. */
  public int actionSize() {
    return lower.length;
  }

  /** Lowest value of {@code dimension} (the fixed value for a fixed dimension). */
  public float lower(int dimension) {
    return fixed[dimension] ? fixedValue[dimension] : lower[dimension];
  }

  /** Highest value of {@code dimension} (the fixed value for a fixed dimension). */
  public float upper(int dimension) {
    return fixed[dimension] ? fixedValue[dimension] : upper[dimension];
  }

  /** Whether the planner leaves {@code dimension} at a fixed value. */
  public boolean isFixed(int dimension) {
    return fixed[dimension];
  }

  /**
   * The action a planner starts from without a warm start: fixed dimensions at their value, free
   * dimensions at zero clipped into their range.
   */
  public float neutral(int dimension) {
    if (fixed[dimension]) {
      return fixedValue[dimension];
    }
    return Math.min(Math.max(0f, lower[dimension]), upper[dimension]);
  }

  /**
   * Projects {@code steps} consecutive actions, starting at {@code offset}, into the bounds.
   *
   * @param actions row-major actions. Modified.
   */
  public void project(float[] actions, int offset, int steps) {
    int size = lower.length;
    for (int k = 0; k < steps; k++) {
      int base = offset + k * size;
      for (int d = 0; d < size; d++) {
        float value = actions[base + d];
        if (fixed[d]) {
          value = fixedValue[d];
        } else if (value < lower[d]) {
          value = lower[d];
        } else if (value > upper[d]) {
          value = upper[d];
        }
        actions[base + d] = value;
      }
      for (int g = 0; g < normMax.length; g++) {
        float squared = 0;
        for (int d = normFrom[g]; d < normTo[g]; d++) {
          squared += actions[base + d] * actions[base + d];
        }
        float limit = normMax[g];
        if (squared > limit * limit) {
          float scale = limit / (float) Math.sqrt(squared);
          for (int d = normFrom[g]; d < normTo[g]; d++) {
            if (!fixed[d]) {
              actions[base + d] *= scale;
            }
          }
        }
      }
    }
  }

  /** Whether one action at {@code offset} lies in the bounds, within {@code tolerance}. */
  public boolean contains(float[] actions, int offset, float tolerance) {
    for (int d = 0; d < lower.length; d++) {
      float value = actions[offset + d];
      if (!(value >= lower(d) - tolerance && value <= upper(d) + tolerance)) {
        return false;
      }
    }
    for (int g = 0; g < normMax.length; g++) {
      double squared = 0;
      for (int d = normFrom[g]; d < normTo[g]; d++) {
        squared += actions[offset + d] * actions[offset + d];
      }
      if (Math.sqrt(squared) > normMax[g] + tolerance) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ActionBounds[");
    for (int d = 0; d < lower.length; d++) {
      text.append(d == 0 ? "" : ", ");
      text.append(fixed[d] ? "=" + fixedValue[d] : "[" + lower[d] + ", " + upper[d] + "]");
    }
    for (int g = 0; g < normMax.length; g++) {
      text.append(", |a[").append(normFrom[g]).append(':').append(normTo[g]).append("]| <= ");
      text.append(normMax[g]);
    }
    return text.append(']').toString();
  }

  /** Builds {@link ActionBounds}; every check names the dimension and the bad value. */
  public static final class Builder {
    private final float[] lower;
    private final float[] upper;
    private final boolean[] fixed;
    private final float[] fixedValue;
    private final List<double[]> normGroups = new ArrayList<>();

    private Builder(int actionSize) {
      if (actionSize < 1) {
        throw new IllegalArgumentException(
            "action bounds: actionSize " + actionSize + " is out of range, expected >= 1");
      }
      lower = new float[actionSize];
      upper = new float[actionSize];
      fixed = new boolean[actionSize];
      fixedValue = new float[actionSize];
      Arrays.fill(lower, -Float.MAX_VALUE);
      Arrays.fill(upper, Float.MAX_VALUE);
    }

    /** Limits {@code dimension} to {@code [lower, upper]}. */
    public Builder range(int dimension, float lower, float upper) {
      checkDimension(dimension);
      if (!(Float.isFinite(lower) && Float.isFinite(upper) && lower <= upper)) {
        throw new IllegalArgumentException(
            "action bounds: dimension "
                + dimension
                + " range ["
                + lower
                + ", "
                + upper
                + "] is invalid, expected finite lower <= upper");
      }
      this.lower[dimension] = lower;
      this.upper[dimension] = upper;
      return this;
    }

    /**
     * Fixes {@code dimension} at {@code value}: the planner never changes it (a mask for unused
     * dimensions, e.g. rotations in a reach task).
     */
    public Builder fix(int dimension, float value) {
      checkDimension(dimension);
      if (!Float.isFinite(value)) {
        throw new IllegalArgumentException(
            "action bounds: dimension " + dimension + " fixed value " + value + " is not finite");
      }
      fixed[dimension] = true;
      fixedValue[dimension] = value;
      return this;
    }

    /**
     * Limits the Euclidean norm of dimensions {@code [from, to)} of every action to {@code max}.
     */
    public Builder normLimit(int from, int to, float max) {
      if (from < 0 || to > lower.length || from >= to) {
        throw new IllegalArgumentException(
            "action bounds: norm group ["
                + from
                + ", "
                + to
                + ") is invalid, expected 0 <= from < to <= "
                + lower.length);
      }
      if (!(max > 0) || !Float.isFinite(max)) {
        throw new IllegalArgumentException(
            "action bounds: norm limit " + max + " is out of range, expected (0, inf)");
      }
      normGroups.add(new double[] {from, to, max});
      return this;
    }

    /** The bounds; checks that zero lies in the range of every norm-limited dimension. */
    public ActionBounds build() {
      for (double[] group : normGroups) {
        for (int d = (int) group[0]; d < (int) group[1]; d++) {
          if (!fixed[d] && (lower[d] > 0 || upper[d] < 0)) {
            throw new IllegalArgumentException(
                "action bounds: dimension "
                    + d
                    + " is norm-limited but its range ["
                    + lower[d]
                    + ", "
                    + upper[d]
                    + "] excludes 0, expected lower <= 0 <= upper");
          }
        }
      }
      return new ActionBounds(this);
    }

    private void checkDimension(int dimension) {
      if (dimension < 0 || dimension >= lower.length) {
        throw new IllegalArgumentException(
            "action bounds: dimension "
                + dimension
                + " is out of range, expected [0, "
                + (lower.length - 1)
                + "]");
      }
    }
  }
}
