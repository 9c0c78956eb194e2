package dev.foresight.perception;

/**
 * A frame's latent state and its timing.
 *
 * @param state {@code [z, p̂]} as laid out in the bundle manifest
 * @param submittedNanos {@link System#nanoTime()} when the frame was submitted
 * @param encodedNanos {@link System#nanoTime()} when its latent was ready
 * @param batchSize frames encoded together with this one (including it)
 */
public record EncodedFrame(float[] state, long submittedNanos, long encodedNanos, int batchSize) {

  /** Submit-to-latent latency in seconds. */
  public double latencySeconds() {
    return (encodedNanos - submittedNanos) / 1e9;
  }
}
