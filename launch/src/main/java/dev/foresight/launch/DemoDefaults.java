package dev.foresight.launch;

/**
 * What {@code foresight demo} runs without arguments: the hardest task that meets its success
 * target with the learned world model toward the final goal picture (with the arm pose it was taken
 * at), without subgoal pictures (numbers in the README's closed-loop section). Pick-and-place meets
 * its target only through scripted subgoal pictures, rendered from the simulator's privileged
 * state: a labelled diagnostic ({@code --task pick-place --subgoals}), never the default.
 */
final class DemoDefaults {
  /** Default task. */
  static final String TASK = "reach";

  /** Default planner. */
  static final String PLANNER = "learned";

  private DemoDefaults() {}

  /** Whether the demo plans through a task's scripted subgoal images unless told otherwise. */
  static final boolean SUBGOALS = false;
}
