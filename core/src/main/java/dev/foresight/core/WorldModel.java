package dev.foresight.core;

import java.util.List;

/**
 * An action-conditioned world model over plain float arrays: it encodes observations into latent
 * states and predicts the next latent state from a latent and an action, many at a time.
 *
 * <p>Implementations: the learned model (DJL inference) and an oracle that steps cloned simulator
 * states. The planner sees only this interface, so it can run against either.
 *
 * <p>Arrays are row-major: sample {@code i} occupies {@code [i * size, (i + 1) * size)}.
 */
public interface WorldModel extends AutoCloseable {

  /** Length of one latent state vector. */
  int latentSize();

  /** Length of one action vector (see {@link Action#SIZE}). */
  int actionSize();

  /**
   * Encodes observations into latent states.
   *
   * @param observations frames and arm states. Not modified.
   * @param latentsOut {@code observations.size() * latentSize()} floats. Modified.
   */
  void encode(List<Observation> observations, float[] latentsOut);

  /**
   * Predicts one step ahead for {@code count} samples in one batched call.
   *
   * @param count number of samples
   * @param latents {@code count * latentSize()} floats. Not modified.
   * @param actions {@code count * actionSize()} floats. Not modified.
   * @param nextLatentsOut {@code count * latentSize()} floats. Modified.
   */
  void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut);

  /**
   * Control steps one {@link #predict} call advances, the action held for all of them: 1 for a
   * model of one control step, k for a model trained with frameskip k (its action is the one held
   * for k steps).
   */
  default int frameSkip() {
    return 1;
  }

  /** Releases native resources. Idempotent. */
  @Override
  default void close() {}
}
