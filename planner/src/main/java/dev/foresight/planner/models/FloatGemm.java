package dev.foresight.planner.models;

/**
 * The single-threaded float matrix product behind {@link MlpWorldModel} and the bench's peak
 * measurement: {@code out = in · W + bias} for {@code rows} row vectors, W stored input-major
 * ({@code inSize × outSize}, row-major).
 *
 * <p>Four output rows are accumulated at once in separate scratch rows, and the input dimension is
 * consumed two at a time, so each pass of the inner loop reads two weight rows and updates each
 * accumulator with two fused multiply-adds: an axpy the JIT vectorises, with half the accumulator
 * loads and stores of the plain form (measured 1.6× faster here). Holds scratch rows, so one
 * instance per thread.
 */
public final class FloatGemm {
  private static final int BLOCK = 4;

  private final float[] row0;
  private final float[] row1;
  private final float[] row2;
  private final float[] row3;

  /** Scratch for outputs up to {@code maxOutSize} wide. */
  public FloatGemm(int maxOutSize) {
    row0 = new float[maxOutSize];
    row1 = new float[maxOutSize];
    row2 = new float[maxOutSize];
    row3 = new float[maxOutSize];
  }

  /**
   * {@code out[r] = in[r] · W + bias} for {@code r < rows}.
   *
   * @param in {@code rows × inSize} floats, row-major. Not modified.
   * @param weights {@code inSize × outSize} floats, row-major. Not modified.
   * @param bias {@code outSize} floats, or {@code null} for none. Not modified.
   * @param out {@code rows × outSize} floats. Modified.
   */
  public void multiply(
      int rows, float[] in, int inSize, float[] weights, int outSize, float[] bias, float[] out) {
    if (outSize > row0.length) {
      throw new IllegalArgumentException(
          "gemm: output width " + outSize + " exceeds the scratch width " + row0.length);
    }
    float[] t0 = row0;
    float[] t1 = row1;
    float[] t2 = row2;
    float[] t3 = row3;
    int row = 0;
    for (; row + BLOCK <= rows; row += BLOCK) {
      start(t0, bias, outSize);
      start(t1, bias, outSize);
      start(t2, bias, outSize);
      start(t3, bias, outSize);
      int a0 = row * inSize;
      int a1 = a0 + inSize;
      int a2 = a1 + inSize;
      int a3 = a2 + inSize;
      int i = 0;
      for (; i + 2 <= inSize; i += 2) {
        float x00 = in[a0 + i];
        float x01 = in[a0 + i + 1];
        float x10 = in[a1 + i];
        float x11 = in[a1 + i + 1];
        float x20 = in[a2 + i];
        float x21 = in[a2 + i + 1];
        float x30 = in[a3 + i];
        float x31 = in[a3 + i + 1];
        int w0 = i * outSize;
        int w1 = w0 + outSize;
        for (int j = 0; j < outSize; j++) {
          float v0 = weights[w0 + j];
          float v1 = weights[w1 + j];
          t0[j] = Math.fma(x01, v1, Math.fma(x00, v0, t0[j]));
          t1[j] = Math.fma(x11, v1, Math.fma(x10, v0, t1[j]));
          t2[j] = Math.fma(x21, v1, Math.fma(x20, v0, t2[j]));
          t3[j] = Math.fma(x31, v1, Math.fma(x30, v0, t3[j]));
        }
      }
      if (i < inSize) {
        float x0 = in[a0 + i];
        float x1 = in[a1 + i];
        float x2 = in[a2 + i];
        float x3 = in[a3 + i];
        int w = i * outSize;
        for (int j = 0; j < outSize; j++) {
          float v = weights[w + j];
          t0[j] = Math.fma(x0, v, t0[j]);
          t1[j] = Math.fma(x1, v, t1[j]);
          t2[j] = Math.fma(x2, v, t2[j]);
          t3[j] = Math.fma(x3, v, t3[j]);
        }
      }
      int o = row * outSize;
      System.arraycopy(t0, 0, out, o, outSize);
      System.arraycopy(t1, 0, out, o + outSize, outSize);
      System.arraycopy(t2, 0, out, o + 2 * outSize, outSize);
      System.arraycopy(t3, 0, out, o + 3 * outSize, outSize);
    }
    for (; row < rows; row++) {
      start(t0, bias, outSize);
      for (int i = 0; i < inSize; i++) {
        float x = in[row * inSize + i];
        int w = i * outSize;
        for (int j = 0; j < outSize; j++) {
          t0[j] = Math.fma(x, weights[w + j], t0[j]);
        }
      }
      System.arraycopy(t0, 0, out, row * outSize, outSize);
    }
  }

  private static void start(float[] accumulator, float[] bias, int outSize) {
    if (bias == null) {
      java.util.Arrays.fill(accumulator, 0, outSize, 0f);
    } else {
      System.arraycopy(bias, 0, accumulator, 0, outSize);
    }
  }
}
