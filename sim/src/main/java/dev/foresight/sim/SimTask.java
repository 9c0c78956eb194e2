package dev.foresight.sim;

import java.util.SplittableRandom;

/**
 * A task: its {@link TaskSpec}, its scene, and how a seed turns into an initial state and a goal.
 * Stateless; {@link #instantiate} builds one episode's scene into a fresh world.
 */
public abstract class SimTask {
  /** The task's constants. */
  public abstract TaskSpec spec();

  /** Builds the scene into {@code world} and samples initial state and goal from {@code random}. */
  abstract Instance instantiate(SimWorld world, SplittableRandom random);

  /** One episode's scene and goal, with privileged access for experts and scoring. */
  abstract static class Instance {
    /** Puts the world into the goal state (used to render the goal image). */
    abstract void applyGoalState(SimWorld world);

    /** Puts the world into the initial state. */
    abstract void applyInitialState(SimWorld world);

    /**
     * Intermediate goals before the final one, in order (none by default). Like the goal image, a
     * subgoal is a picture of a state the operator wants to pass through, e.g. "gripper around the
     * cube" before "cube on the pad".
     */
    int subgoalCount() {
      return 0;
    }

    /**
     * Puts the world into subgoal {@code index} (used to render the subgoal image).
     *
     * @param index 0 … {@link #subgoalCount()} - 1
     */
    void applySubgoalState(SimWorld world, int index) {
      throw new IndexOutOfBoundsException("subgoal " + index + " of 0");
    }

    /**
     * Writes the task state.
     *
     * @param out {@link TaskSpec#taskStateSize()} floats. Modified.
     */
    abstract void taskState(SimWorld world, float[] out);

    /** Whether the success criterion holds now. */
    abstract boolean success(SimWorld world);

    /** A scripted expert with privileged state. */
    abstract Policy expert();

    /** Setpoint height when dz is masked out, or NaN to keep the current height. */
    double fixedHeight() {
      return Double.NaN;
    }
  }

  /** Wraps an angle to (-pi, pi]. */
  static double wrap(double angle) {
    double a = angle % (2 * Math.PI);
    if (a > Math.PI) {
      a -= 2 * Math.PI;
    } else if (a <= -Math.PI) {
      a += 2 * Math.PI;
    }
    return a;
  }

  /** Uniform in [lo, hi). */
  static double uniform(SplittableRandom random, double lo, double hi) {
    return lo + (hi - lo) * random.nextDouble();
  }
}
