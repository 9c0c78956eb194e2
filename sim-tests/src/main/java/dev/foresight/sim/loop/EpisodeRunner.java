package dev.foresight.sim.loop;

import dev.foresight.core.Action;
import dev.foresight.core.Image;
import dev.foresight.runtime.CommandSink;
import dev.foresight.sim.Episode;
import dev.foresight.sim.Policy;
import dev.foresight.sim.report.EpisodeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs one episode of the closed loop: observe, act (plan), actuate, until the task's success
 * criterion holds or its step limit is reached. An episode ends at the first step at which the
 * criterion holds; the criterion, thresholds and step limit are the task's own ({@link
 * dev.foresight.sim.TaskSpec}). Records per-step energy, distance to the goal (task-state Euclidean
 * distance) and planning time, and optionally the camera frames for a filmstrip.
 */
public final class EpisodeRunner {

  /** Hears about every control step, e.g. for live progress. */
  @FunctionalInterface
  public interface StepListener {
    /**
     * @param step 1-based step just taken
     * @param energy best planned energy of the step, NaN for non-planning policies
     * @param distance task-state distance to the goal after the step
     * @param planningMillis planning time of the step
     */
    void stepped(int step, double energy, double distance, double planningMillis);
  }

  /**
   * Everything an episode produced.
   *
   * @param result the outcome for reports
   * @param frames camera frames from the first observation to the last (empty unless kept)
   * @param goal the goal image
   * @param energies best planned energy per step (NaN for non-planning policies)
   * @param distances task-state distance to the goal per step, starting before the first action
   */
  public record Outcome(
      EpisodeResult result,
      List<Image> frames,
      Image goal,
      double[] energies,
      double[] distances) {}

  private EpisodeRunner() {}

  /**
   * Runs the episode to its end.
   *
   * @param index the episode's position in its run, for the result
   * @param sink carries each action to the arm and returns once the world has advanced one control
   *     step: the episode itself ({@code episode::step}) or a bridge agent ({@link BridgeActuator})
   * @param keepFrames whether to render and keep every frame (for filmstrips)
   * @param listener told about each step, or null
   */
  public static Outcome run(
      int index,
      Episode episode,
      Policy policy,
      CommandSink sink,
      boolean keepFrames,
      StepListener listener) {
    int maxSteps = episode.spec().maxSteps();
    List<Image> frames = new ArrayList<>();
    double[] energies = new double[maxSteps];
    double[] distances = new double[maxSteps + 1];
    double[] planning = new double[maxSteps];
    double[] replans = new double[maxSteps];
    int replanCount = 0;
    float[] taskState = new float[episode.spec().taskStateSize()];
    Image goal = episode.image(episode.goalFrame());
    if (keepFrames) {
      frames.add(episode.frame());
    }
    distances[0] = episode.distanceToGoal(taskState);
    int steps = 0;
    int stepsToSuccess = episode.success() ? 0 : -1;
    String failure = "";
    while (stepsToSuccess < 0 && steps < maxSteps) {
      Action action;
      long actStart = System.nanoTime();
      try {
        action = policy.act(episode);
      } catch (RuntimeException e) {
        failure = "planning failed at step " + (steps + 1) + ": " + e.getMessage();
        break;
      }
      if (policy instanceof PlanningPolicy planner) {
        energies[steps] = planner.lastEnergy();
        planning[steps] = planner.lastPlanningNanos() / 1e6;
        if (planner.lastSearched()) {
          replans[replanCount++] = planning[steps];
        }
      } else {
        energies[steps] = Double.NaN;
        planning[steps] = (System.nanoTime() - actStart) / 1e6;
        replans[replanCount++] = planning[steps];
      }
      try {
        sink.send(action);
      } catch (Exception e) {
        failure = "actuation failed at step " + (steps + 1) + ": " + e.getMessage();
        break;
      }
      steps++;
      distances[steps] = episode.distanceToGoal(taskState);
      if (keepFrames) {
        frames.add(episode.frame());
      }
      if (listener != null) {
        listener.stepped(steps, energies[steps - 1], distances[steps], planning[steps - 1]);
      }
      if (episode.success()) {
        stepsToSuccess = steps;
      }
    }
    boolean success = stepsToSuccess >= 0;
    if (!success && failure.isEmpty()) {
      failure =
          String.format(
              Locale.ROOT,
              "step limit of %d reached, %.3f from the goal",
              maxSteps,
              distances[steps]);
    }
    EpisodeResult result =
        new EpisodeResult(
            index,
            episode.seed(),
            success,
            steps,
            stepsToSuccess,
            distances[steps],
            success ? "" : failure,
            java.util.Arrays.copyOf(planning, steps),
            "",
            java.util.Arrays.copyOf(replans, replanCount));
    return new Outcome(
        result,
        frames,
        goal,
        java.util.Arrays.copyOf(energies, steps),
        java.util.Arrays.copyOf(distances, steps + 1));
  }
}
