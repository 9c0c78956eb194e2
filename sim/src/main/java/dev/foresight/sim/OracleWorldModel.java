package dev.foresight.sim;

import dev.foresight.core.Action;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.Arrays;
import java.util.List;

/**
 * Ground-truth world model: the latent is the simulator's full state vector ({@link
 * SimWorld#saveState}) and {@link #predict} restores each sample into a private world, applies the
 * action exactly as {@link Episode#step} does, and saves the result. Slow, but exact: for planner
 * tests and upper bounds.
 *
 * <p>How a planner uses it: the oracle cannot see state in pixels, so it reads the true state of
 * the live episode it is bound to. {@link #encode} returns, for each observation, the goal state
 * when the observation's frame is the episode's goal image (byte for byte) and the live episode's
 * current state otherwise; {@link #encodeLive} and {@link #encodeGoal} do the same directly. A
 * planner therefore encodes the current camera frame and the goal image as usual, rolls candidate
 * actions forward with {@link #predict}, and scores rollouts, e.g. with {@link #taskState} and the
 * task's true state distance.
 *
 * <p>Not thread-safe: use one oracle per thread.
 */
public final class OracleWorldModel implements WorldModel {
  private final Episode live;
  private final Episode scratch;
  private final int latentSize;

  /**
   * Binds an oracle to a live episode; predictions run in a private world of the same task.
   *
   * @param live the episode being controlled. Not modified.
   */
  public OracleWorldModel(Episode live) {
    this.live = live;
    this.scratch =
        new Episode(live.task(), live.seed(), RenderSettings.defaults().withSize(16, 16));
    this.latentSize = live.world().stateSize();
    if (scratch.world().stateSize() != latentSize) {
      throw new IllegalStateException("oracle world does not match the live episode's world");
    }
  }

  @Override
  public int latentSize() {
    return latentSize;
  }

  @Override
  public int actionSize() {
    return Action.SIZE;
  }

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    for (int i = 0; i < observations.size(); i++) {
      byte[] pixels = observations.get(i).frame().pixels();
      if (Arrays.equals(pixels, live.goalFrame())) {
        encodeGoal(latentsOut, i * latentSize);
      } else {
        encodeLive(latentsOut, i * latentSize);
      }
    }
  }

  /**
   * Writes the live episode's current state.
   *
   * @param out {@link #latentSize()} floats from {@code offset}. Modified.
   */
  public void encodeLive(float[] out, int offset) {
    live.world().saveState(out, offset);
  }

  /**
   * Writes the live episode's goal state.
   *
   * @param out {@link #latentSize()} floats from {@code offset}. Modified.
   */
  public void encodeGoal(float[] out, int offset) {
    System.arraycopy(live.goalState(), 0, out, offset, latentSize);
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    for (int i = 0; i < count; i++) {
      scratch.world().restoreState(latents, i * latentSize);
      scratch.step(Action.fromArray(actions, i * Action.SIZE));
      scratch.world().saveState(nextLatentsOut, i * latentSize);
    }
  }

  /**
   * Task state of a latent (the task's true state distance is Euclidean on these).
   *
   * @param latents latents. Not modified.
   * @param out {@link TaskSpec#taskStateSize()} floats. Modified.
   */
  public void taskState(float[] latents, int offset, float[] out) {
    scratch.world().restoreState(latents, offset);
    scratch.taskState(out);
  }

  /** Whether the task's success criterion holds in a latent state. */
  public boolean success(float[] latents, int offset) {
    scratch.world().restoreState(latents, offset);
    return scratch.success();
  }

  @Override
  public void close() {
    scratch.close();
  }
}
