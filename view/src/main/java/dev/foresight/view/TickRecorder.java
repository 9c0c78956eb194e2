package dev.foresight.view;

import dev.foresight.core.Image;
import dev.foresight.core.Pose;
import dev.foresight.perception.Goal;
import dev.foresight.planner.ActionSequence;
import dev.foresight.runtime.ControlTick;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The control thread's side of the view: each tick is recorded without locks or waiting — the
 * newest tick as one immutable value behind a volatile reference, energy and planning time per step
 * in rings that the publisher reads behind the step counter. Nothing here blocks the control
 * thread.
 */
final class TickRecorder implements ControlTick.Listener {
  /** Steps kept for the plots. */
  static final int HISTORY = 4096;

  /** Steps sent to a browser in each update (the tail of the history). */
  static final int PLOTTED = 600;

  /**
   * The newest tick.
   *
   * @param step 1-based tick count
   * @param frame the camera frame planned from
   * @param goalImage the goal's image
   * @param eeInBase the measured end-effector pose with the frame
   * @param gripper the measured gripper, 0 open … 1 closed
   * @param plan the planned actions, horizon × action size, row-major (copied)
   * @param actionSize values per planned action
   * @param predicted the end-effector positions the world model predicts along the plan, x, y, z
   *     per model step (m); null for a model without them, or when not computed this tick
   */
  record Tick(
      long step,
      Image frame,
      Image goalImage,
      Pose eeInBase,
      double gripper,
      float[] plan,
      int actionSize,
      float[] predicted) {}

  private final double[] energies = new double[HISTORY];
  private final double[] planningMillis = new double[HISTORY];
  private final AtomicReference<Tick> latest = new AtomicReference<>();
  private final long copyIntervalNanos;
  private long step;
  private long lastCopyNanos;
  private Image copied;
  private float[] predicted;

  /**
   * @param copyIntervalNanos the publishing period: frames are copied at most this often
   */
  TickRecorder(long copyIntervalNanos) {
    this.copyIntervalNanos = copyIntervalNanos;
  }

  @Override
  public void ticked(
      ControlTick.Decision decision,
      Goal goal,
      ActionSequence plannedActions,
      Supplier<float[]> predictedPositions) {
    int index = (int) (step % HISTORY);
    energies[index] = decision.energy();
    planningMillis[index] = decision.planningNanos() / 1e6;
    float[] plan = new float[plannedActions.horizon() * plannedActions.actionSize()];
    plannedActions.copyTo(plan);
    step++;
    long now = System.nanoTime();
    if (copied == null || now - lastCopyNanos >= copyIntervalNanos) {
      Image frame = decision.observation().frame();
      copied = new Image(frame.width(), frame.height(), frame.encoding(), frame.pixels().clone());
      // The world model's path along the plan: a few batch-1 predictions, at the publishing rate.
      // The view must never fail a tick: a prediction that throws draws no path.
      try {
        predicted = predictedPositions.get();
      } catch (RuntimeException e) {
        predicted = null;
      }
      lastCopyNanos = now;
    }
    latest.set(
        new Tick(
            step,
            copied,
            goal == null ? null : goal.image(),
            decision.observation().armState().eePoseInBase(),
            decision.observation().armState().gripper(),
            plan,
            plannedActions.actionSize(),
            predicted));
  }

  /** The newest tick, or null before the first. */
  Tick latest() {
    return latest.get();
  }

  /**
   * Copies the tail of the histories up to {@code tick} (at most {@link #PLOTTED} steps).
   *
   * @param energiesOut receives the energies. Modified.
   * @param planningOut receives the planning times, ms. Modified.
   * @return the number of steps copied; they end at {@code tick.step()}
   */
  int tail(Tick tick, double[] energiesOut, double[] planningOut) {
    int count = (int) Math.min(PLOTTED, tick.step());
    long first = tick.step() - count;
    for (int i = 0; i < count; i++) {
      int index = (int) ((first + i) % HISTORY);
      energiesOut[i] = energies[index];
      planningOut[i] = planningMillis[index];
    }
    return count;
  }
}
