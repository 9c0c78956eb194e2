package dev.foresight.worldmodel.training;

import java.util.Arrays;
import java.util.List;

/**
 * How much of the true state an image latent holds: each query frame's state is predicted as the
 * mean state of its {@value #NEIGHBOURS} nearest frames in latent space, taken from other episodes,
 * and each state component's prediction is scored by {@code R² = 1 − MSE / variance}.
 *
 * <p>A planner can only steer toward what the latent distinguishes. An {@code R²} near 0 for a
 * component — the block's orientation in push-t, say — means frames that differ only in it look
 * alike to the energy, whatever the world model predicts.
 */
public final class StateProbe {
  /** Neighbours averaged per query. */
  public static final int NEIGHBOURS = 5;

  /** At most this many query and reference frames (evenly subsampled), to bound the cost. */
  static final int MAX_FRAMES = 3000;

  private StateProbe() {}

  /**
   * R² of each state component.
   *
   * @param latents {@code [frames × latentSize]} image latents
   * @param latentSize values per latent
   * @param states {@code [frames × stateSize]} true states
   * @param stateSize values per state
   * @param episodes episode index of each frame; frames of even episodes are the references, frames
   *     of odd episodes the queries
   * @return R² per component (NaN where the component does not vary or there are no queries or too
   *     few references)
   */
  public static double[] rSquared(
      float[] latents, int latentSize, float[] states, int stateSize, int[] episodes) {
    int frames = episodes.length;
    int[] references = subsample(frames, episodes, 0);
    int[] queries = subsample(frames, episodes, 1);
    double[] result = new double[stateSize];
    if (queries.length == 0 || references.length < NEIGHBOURS) {
      Arrays.fill(result, Double.NaN);
      return result;
    }
    double[] squaredError = new double[stateSize];
    double[] sum = new double[stateSize];
    double[] sumSquares = new double[stateSize];
    int[] nearest = new int[NEIGHBOURS];
    double[] nearestDistance = new double[NEIGHBOURS];
    for (int q : queries) {
      Arrays.fill(nearestDistance, Double.MAX_VALUE);
      for (int r : references) {
        double d = 0;
        for (int k = 0; k < latentSize; k++) {
          double diff = latents[q * latentSize + k] - latents[r * latentSize + k];
          d += diff * diff;
        }
        if (d < nearestDistance[NEIGHBOURS - 1]) {
          int slot = NEIGHBOURS - 1;
          while (slot > 0 && nearestDistance[slot - 1] > d) {
            nearestDistance[slot] = nearestDistance[slot - 1];
            nearest[slot] = nearest[slot - 1];
            slot--;
          }
          nearestDistance[slot] = d;
          nearest[slot] = r;
        }
      }
      for (int c = 0; c < stateSize; c++) {
        double predicted = 0;
        for (int n : nearest) {
          predicted += states[n * stateSize + c];
        }
        predicted /= NEIGHBOURS;
        double truth = states[q * stateSize + c];
        squaredError[c] += (predicted - truth) * (predicted - truth);
        sum[c] += truth;
        sumSquares[c] += truth * truth;
      }
    }
    int count = queries.length;
    for (int c = 0; c < stateSize; c++) {
      double mean = sum[c] / count;
      double variance = sumSquares[c] / count - mean * mean;
      result[c] = variance > 1e-12 ? 1 - squaredError[c] / count / variance : Double.NaN;
    }
    return result;
  }

  /** {@link #rSquared(float[], int, float[], int, int[])} over one array per frame. */
  static double[] rSquared(
      List<float[]> latents,
      int latentSize,
      List<float[]> states,
      int stateSize,
      List<Integer> episodes) {
    float[] z = new float[latents.size() * latentSize];
    float[] s = new float[states.size() * stateSize];
    int[] e = new int[episodes.size()];
    for (int i = 0; i < e.length; i++) {
      System.arraycopy(latents.get(i), 0, z, i * latentSize, latentSize);
      System.arraycopy(states.get(i), 0, s, i * stateSize, stateSize);
      e[i] = episodes.get(i);
    }
    return rSquared(z, latentSize, s, stateSize, e);
  }

  /** Indices of the frames of episodes with {@code episode % 2 == parity}, at most MAX_FRAMES. */
  private static int[] subsample(int frames, int[] episodes, int parity) {
    int[] chosen = new int[frames];
    int count = 0;
    for (int i = 0; i < frames; i++) {
      if (episodes[i] % 2 == parity) {
        chosen[count++] = i;
      }
    }
    if (count <= MAX_FRAMES) {
      return Arrays.copyOf(chosen, count);
    }
    int[] kept = new int[MAX_FRAMES];
    for (int i = 0; i < MAX_FRAMES; i++) {
      kept[i] = chosen[(int) ((long) i * count / MAX_FRAMES)];
    }
    return kept;
  }
}
