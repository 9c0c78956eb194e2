package dev.foresight.sim;

import dev.foresight.core.Action;
import java.util.List;
import java.util.Locale;

/**
 * Everything that defines a task apart from its scene: episode length, control period, which action
 * dimensions it uses, per-step action bounds, the success criterion with its thresholds, and the
 * names of its task-state vector. The single place these numbers live.
 *
 * @param name task name on the command line
 * @param goal one-line description of the goal
 * @param maxSteps control steps per episode
 * @param controlPeriodSeconds seconds per control step
 * @param actionMask which of the 7 action dimensions the task uses; the others are ignored
 * @param maxTranslationPerStep largest |dx|, |dy|, |dz| per step, metres
 * @param maxRotationPerStep largest |dYaw| per step, radians
 * @param successCriterion the success criterion in words, with its thresholds
 * @param positionToleranceMetres position threshold of the success criterion, metres
 * @param angleToleranceRadians angle threshold of the success criterion (0 if none), radians
 * @param taskStateNames names of the task-state vector; Euclidean distance between two task states
 *     is the task's true state distance
 * @param fixedGripper gripper setpoint (0 open … 1 closed) the task holds when its action mask
 *     leaves the gripper out (push-t pushes with closed fingers)
 */
public record TaskSpec(
    String name,
    String goal,
    int maxSteps,
    double controlPeriodSeconds,
    boolean[] actionMask,
    double maxTranslationPerStep,
    double maxRotationPerStep,
    String successCriterion,
    double positionToleranceMetres,
    double angleToleranceRadians,
    List<String> taskStateNames,
    double fixedGripper) {

  /** Length of the task-state vector. */
  public int taskStateSize() {
    return taskStateNames.size();
  }

  /** Names of the action dimensions the task uses. */
  public List<String> usedActions() {
    java.util.ArrayList<String> used = new java.util.ArrayList<>();
    for (int i = 0; i < Action.SIZE; i++) {
      if (actionMask[i]) {
        used.add(Action.DIMENSION_NAMES[i]);
      }
    }
    return used;
  }

  /** A multi-line, human-readable description for reports. */
  public String describe() {
    return String.format(
        Locale.ROOT,
        "task %s: %s%n  success: %s%n  steps: at most %d of %.3f s; actions used: %s;"
            + " per-step bounds: %.3f m, %.3f rad%n  task state: %s",
        name,
        goal,
        successCriterion,
        maxSteps,
        controlPeriodSeconds,
        String.join(" ", usedActions()),
        maxTranslationPerStep,
        maxRotationPerStep,
        String.join(" ", taskStateNames));
  }
}
