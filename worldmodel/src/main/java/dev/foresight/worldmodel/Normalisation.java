package dev.foresight.worldmodel;

import java.util.List;

/**
 * Fixed input scalings stored in the bundle manifest.
 *
 * @param pixelMean per-channel mean of {@code value / 255} (RGB)
 * @param pixelStd per-channel std of {@code value / 255} (RGB)
 * @param proprioMean per-dimension mean of the proprioceptive vector (SI units)
 * @param proprioStd per-dimension std (floored at {@link #MIN_STD}); state stores {@code (p − mean)
 *     / std}
 * @param actionScale per-dimension scale: the predictor sees {@code action / actionScale}
 */
public record Normalisation(
    float[] pixelMean,
    float[] pixelStd,
    float[] proprioMean,
    float[] proprioStd,
    float[] actionScale) {

  /** Smallest proprio std; constant dimensions normalise to 0. */
  public static final float MIN_STD = 1e-3f;

  /** Pixel scaling used for every model: {@code (v/255 − 0.5) / 0.25}. */
  public static final float[] PIXEL_MEAN = {0.5f, 0.5f, 0.5f};

  /** See {@link #PIXEL_MEAN}. */
  public static final float[] PIXEL_STD = {0.25f, 0.25f, 0.25f};

  /** Computes proprio mean/std and action scales (max |a|) from training episodes. */
  public static Normalisation fromEpisodes(
      List<EpisodeDataset.Episode> episodes, int proprioSize, int actionSize) {
    double[] sum = new double[proprioSize];
    double[] sumSquares = new double[proprioSize];
    long rows = 0;
    float[] maxAction = new float[actionSize];
    for (EpisodeDataset.Episode episode : episodes) {
      float[] proprio = episode.proprio();
      for (int row = 0; row <= episode.steps(); row++) {
        for (int d = 0; d < proprioSize; d++) {
          double value = proprio[row * proprioSize + d];
          sum[d] += value;
          sumSquares[d] += value * value;
        }
        rows++;
      }
      float[] actions = episode.actions();
      for (int i = 0; i < actions.length; i++) {
        maxAction[i % actionSize] = Math.max(maxAction[i % actionSize], Math.abs(actions[i]));
      }
    }
    float[] mean = new float[proprioSize];
    float[] std = new float[proprioSize];
    for (int d = 0; d < proprioSize; d++) {
      double m = sum[d] / Math.max(1, rows);
      double variance = Math.max(0, sumSquares[d] / Math.max(1, rows) - m * m);
      mean[d] = (float) m;
      std[d] = Math.max(MIN_STD, (float) Math.sqrt(variance));
    }
    float[] scale = new float[actionSize];
    for (int d = 0; d < actionSize; d++) {
      scale[d] = maxAction[d] > 1e-6f ? maxAction[d] : 1f;
    }
    return new Normalisation(PIXEL_MEAN.clone(), PIXEL_STD.clone(), mean, std, scale);
  }

  /** {@code 1 / actionScale}. */
  public float[] actionInverseScale() {
    float[] inverse = new float[actionScale.length];
    for (int d = 0; d < inverse.length; d++) {
      inverse[d] = 1f / actionScale[d];
    }
    return inverse;
  }

  /** Writes {@code (proprio − mean) / std} into {@code out}. */
  public void normaliseProprio(float[] proprio, int offset, float[] out, int outOffset) {
    for (int d = 0; d < proprioMean.length; d++) {
      out[outOffset + d] = (proprio[offset + d] - proprioMean[d]) / proprioStd[d];
    }
  }
}
