package dev.foresight.planner;

import dev.foresight.core.Action;
import java.util.Arrays;

/**
 * A sequence of {@code horizon} actions of {@code actionSize} floats each, stored row-major: step
 * {@code k}, dimension {@code d} lives at {@code k * actionSize + d}. Units are those of the world
 * model's actions (for the 7-D end-effector action: metres, radians, gripper 0 … 1).
 *
 * <p>Mutable so that a planner can fill it without allocating; {@link #copy()} gives an independent
 * snapshot.
 */
public final class ActionSequence {
  private final int horizon;
  private final int actionSize;
  private final float[] values;

  /** A sequence of zeros. */
  public ActionSequence(int horizon, int actionSize) {
    if (horizon < 1) {
      throw new IllegalArgumentException(
          "action sequence horizon: " + horizon + " is out of range, expected >= 1 steps");
    }
    if (actionSize < 1) {
      throw new IllegalArgumentException(
          "action sequence actionSize: " + actionSize + " is out of range, expected >= 1");
    }
    this.horizon = horizon;
    this.actionSize = actionSize;
    this.values = new float[horizon * actionSize];
  }

  /**
   * A sequence holding a copy of {@code values}.
   *
   * @param values {@code horizon * actionSize} floats, row-major. Not modified.
   */
  public static ActionSequence of(int horizon, int actionSize, float[] values) {
    ActionSequence sequence = new ActionSequence(horizon, actionSize);
    if (values.length != sequence.values.length) {
      throw new IllegalArgumentException(
          "action sequence values: "
              + values.length
              + " floats given, expected horizon "
              + horizon
              + " x actionSize "
              + actionSize
              + " = "
              + sequence.values.length);
    }
    System.arraycopy(values, 0, sequence.values, 0, values.length);
    return sequence;
  }

  /** Number of steps. */
  public int horizon() {
    return horizon;
  }

  /** Floats per action. */
  public int actionSize() {
    return actionSize;
  }

  /** Component {@code dimension} of the action at {@code step}. */
  public float get(int step, int dimension) {
    checkIndex(step, dimension);
    return values[step * actionSize + dimension];
  }

  /** Sets component {@code dimension} of the action at {@code step}. */
  public void set(int step, int dimension, float value) {
    checkIndex(step, dimension);
    values[step * actionSize + dimension] = value;
  }

  /**
   * Copies the action at {@code step} into {@code out}.
   *
   * @param out at least {@code actionSize} floats. Modified.
   */
  public void copyAction(int step, float[] out) {
    checkIndex(step, 0);
    System.arraycopy(values, step * actionSize, out, 0, actionSize);
  }

  /** The action at {@code step} as a 7-D end-effector {@link Action} (allocates). */
  public Action action(int step) {
    if (actionSize != Action.SIZE) {
      throw new IllegalStateException(
          "action sequence has actionSize " + actionSize + ", an Action needs " + Action.SIZE);
    }
    checkIndex(step, 0);
    return Action.fromArray(values, step * actionSize);
  }

  /**
   * Copies all values, row-major, into {@code out}.
   *
   * @param out at least {@code horizon * actionSize} floats. Modified.
   */
  public void copyTo(float[] out) {
    System.arraycopy(values, 0, out, 0, values.length);
  }

  /** Overwrites this sequence with {@code other}, which must have the same shape. */
  public void copyFrom(ActionSequence other) {
    if (other.horizon != horizon || other.actionSize != actionSize) {
      throw new IllegalArgumentException(
          "action sequence shape "
              + other.horizon
              + "x"
              + other.actionSize
              + " does not match "
              + horizon
              + "x"
              + actionSize);
    }
    System.arraycopy(other.values, 0, values, 0, values.length);
  }

  /** An independent copy. */
  public ActionSequence copy() {
    return of(horizon, actionSize, values);
  }

  /** Backing array, for planner internals: {@code horizon * actionSize} floats, row-major. */
  float[] values() {
    return values;
  }

  private void checkIndex(int step, int dimension) {
    if (step < 0 || step >= horizon || dimension < 0 || dimension >= actionSize) {
      throw new IndexOutOfBoundsException(
          "step "
              + step
              + ", dimension "
              + dimension
              + " outside a sequence of "
              + horizon
              + " steps x "
              + actionSize
              + " dimensions");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ActionSequence that
        && that.horizon == horizon
        && that.actionSize == actionSize
        && Arrays.equals(that.values, values);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * horizon + actionSize) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ActionSequence[");
    for (int k = 0; k < horizon; k++) {
      text.append(k == 0 ? "" : ", ").append('(');
      for (int d = 0; d < actionSize; d++) {
        text.append(d == 0 ? "" : " ").append(values[k * actionSize + d]);
      }
      text.append(')');
    }
    return text.append(']').toString();
  }
}
