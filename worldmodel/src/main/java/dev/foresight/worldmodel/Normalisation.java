package dev.foresight.worldmodel;

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
