package dev.foresight.planner;

import java.util.SplittableRandom;

/**
 * Gaussian noise along a horizon with power spectral density ∝ 1/f^β (β = 0 white, 1 pink, 2
 * brown), as iCEM samples action sequences: complex Gaussian amplitudes scaled by f^(−β/2) on the
 * real-DFT frequencies k/H (the zero frequency at 1/H), transformed back by an inverse real DFT and
 * divided by the exact expected standard deviation, so every step has unit variance. Higher β puts
 * more power in slow changes: smoother sequences, more exploration of sustained pushes.
 *
 * <p>The horizon is short (tens of steps), so the transform is a precomputed O(H²) table rather
 * than an FFT. Not thread-safe.
 */
final class ColoredNoise {
  private final int length;
  private final int bins;
  private final double[] scale;
  private final double[] cos;
  private final double[] sin;
  private final double[] real;
  private final double[] imaginary;
  private final double norm;

  /**
   * @param length H, samples per series (≥ 1; 1 gives white noise)
   * @param exponent β ≥ 0
   */
  ColoredNoise(int length, double exponent) {
    if (length < 1 || !(exponent >= 0)) {
      throw new IllegalArgumentException(
          "coloured noise: length " + length + ", exponent " + exponent + ", expected >= 1, >= 0");
    }
    this.length = length;
    this.bins = length / 2 + 1;
    this.scale = new double[bins];
    for (int k = 0; k < bins; k++) {
      double frequency = Math.max(k, 1) / (double) length;
      scale[k] = Math.pow(frequency, -exponent / 2);
    }
    this.cos = new double[bins * length];
    this.sin = new double[bins * length];
    for (int k = 0; k < bins; k++) {
      for (int t = 0; t < length; t++) {
        double angle = 2 * Math.PI * k * t / length;
        cos[k * length + t] = Math.cos(angle);
        sin[k * length + t] = Math.sin(angle);
      }
    }
    // var(y_t) = (1/H²) Σ_k c_k s_k² for amplitudes N(0, s_k²) in the real and imaginary part:
    // c = 1 for the zero and (even H) Nyquist bins (real part only), 4 for the others (doubled
    // conjugate pair).
    double variance = 0;
    for (int k = 0; k < bins; k++) {
      boolean realOnly = k == 0 || (length % 2 == 0 && k == length / 2);
      variance += (realOnly ? 1 : 4) * scale[k] * scale[k];
    }
    this.norm = length == 1 ? 1 : Math.sqrt(variance) / length;
    this.real = new double[bins];
    this.imaginary = new double[bins];
  }

  /**
   * Writes one series of unit-variance coloured noise.
   *
   * @param out {@code length} floats from {@code offset} with stride {@code stride}. Modified.
   */
  void sample(SplittableRandom random, float[] out, int offset, int stride) {
    if (length == 1) {
      out[offset] = (float) random.nextGaussian();
      return;
    }
    for (int k = 0; k < bins; k++) {
      boolean realOnly = k == 0 || (length % 2 == 0 && k == length / 2);
      real[k] = scale[k] * random.nextGaussian();
      imaginary[k] = realOnly ? 0 : scale[k] * random.nextGaussian();
    }
    for (int t = 0; t < length; t++) {
      double sum = real[0];
      for (int k = 1; k < bins; k++) {
        boolean realOnly = length % 2 == 0 && k == length / 2;
        double term = real[k] * cos[k * length + t] - imaginary[k] * sin[k * length + t];
        sum += realOnly ? term : 2 * term;
      }
      out[offset + t * stride] = (float) (sum / length / norm);
    }
  }
}
