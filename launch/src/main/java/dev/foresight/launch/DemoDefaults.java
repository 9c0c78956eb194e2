package dev.foresight.launch;

/**
 * What {@code foresight demo} runs without arguments: the hardest task that meets its success
 * target with the learned world model (numbers in the README's closed-loop section).
 */
final class DemoDefaults {
  /** Default task. */
  static final String TASK = "pick-place";

  /** Default planner. */
  static final String PLANNER = "learned";

  private DemoDefaults() {}

  /** Whether the demo plans through a task's subgoal images unless told otherwise. */
  static boolean subgoals(String task) {
    return task.equals("pick-place");
  }
}
