package dev.foresight.sim.loop;

import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import dev.foresight.sim.Episode;
import dev.foresight.sim.OracleWorldModel;
import java.util.List;

/**
 * The oracle world model with the task state in front: latent = {@code [task state (S), full
 * simulator state (N)]}. A goal-distance energy that weights only the first S dimensions is then
 * the task's true state distance, so planning with it tests the planner independently of learning.
 */
public final class TaskStateOracle implements WorldModel {
  private final OracleWorldModel oracle;
  private final int taskStateSize;
  private final int stateSize;
  private final float[] taskState;
  private float[] states = new float[0];
  private float[] nextStates = new float[0];

  /**
   * @param live the episode being controlled; the oracle reads its true state. Not modified.
   */
  public TaskStateOracle(Episode live) {
    this(live, OracleWorldModel.Settings.EXACT);
  }

  /**
   * @param live the episode being controlled; the oracle reads its true state. Not modified.
   * @param settings how the prediction worlds step (threads, physics)
   */
  public TaskStateOracle(Episode live, OracleWorldModel.Settings settings) {
    this.oracle = new OracleWorldModel(live, settings);
    this.taskStateSize = live.spec().taskStateSize();
    this.stateSize = oracle.latentSize();
    this.taskState = new float[taskStateSize];
  }

  /** Length of the task-state part at the front of each latent. */
  public int taskStateSize() {
    return taskStateSize;
  }

  /** Length of the full simulator state after it. */
  public int simulatorStateSize() {
    return stateSize;
  }

  @Override
  public int latentSize() {
    return taskStateSize + stateSize;
  }

  @Override
  public int actionSize() {
    return oracle.actionSize();
  }

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    float[] states = buffer(observations.size());
    oracle.encode(observations, states);
    for (int i = 0; i < observations.size(); i++) {
      fill(states, i * stateSize, latentsOut, i * latentSize());
    }
  }

  /** Writes the live episode's current latent. */
  public void encodeLive(float[] out) {
    oracle.encodeLive(out, taskStateSize);
    oracle.taskState(out, taskStateSize, taskState);
    System.arraycopy(taskState, 0, out, 0, taskStateSize);
  }

  /** Writes the goal's latent. */
  public void encodeGoal(float[] out) {
    oracle.encodeGoal(out, taskStateSize);
    oracle.taskState(out, taskStateSize, taskState);
    System.arraycopy(taskState, 0, out, 0, taskStateSize);
  }

  /** Writes the latent of one of the episode's goals. */
  public void encodeGoal(Episode.Goal goal, float[] out) {
    System.arraycopy(goal.state(), 0, out, taskStateSize, stateSize);
    System.arraycopy(goal.taskState(), 0, out, 0, taskStateSize);
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    int latentSize = latentSize();
    float[] states = buffer(count);
    if (nextStates.length < states.length) {
      nextStates = new float[states.length];
    }
    float[] next = nextStates;
    for (int i = 0; i < count; i++) {
      System.arraycopy(latents, i * latentSize + taskStateSize, states, i * stateSize, stateSize);
    }
    oracle.predict(count, states, actions, next);
    for (int i = 0; i < count; i++) {
      fill(next, i * stateSize, nextLatentsOut, i * latentSize);
    }
  }

  /** The reused state buffer, grown to hold {@code count} simulator states. */
  private float[] buffer(int count) {
    if (states.length < count * stateSize) {
      states = new float[count * stateSize];
    }
    return states;
  }

  private void fill(float[] states, int stateOffset, float[] out, int outOffset) {
    System.arraycopy(states, stateOffset, out, outOffset + taskStateSize, stateSize);
    oracle.taskState(states, stateOffset, taskState);
    System.arraycopy(taskState, 0, out, outOffset, taskStateSize);
  }

  @Override
  public void close() {
    oracle.close();
  }
}
