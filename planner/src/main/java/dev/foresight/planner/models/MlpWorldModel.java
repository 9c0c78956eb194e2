package dev.foresight.planner.models;

import dev.foresight.core.Image;
import dev.foresight.core.Observation;
import dev.foresight.core.WorldModel;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A pure-Java MLP predictor with the shape of the learned world model and seeded random weights:
 * input {@code [latent, proprio, action]}, two hidden layers with GELU, output the change of latent
 * and proprio: {@code z' = z + W3 gelu(W2 gelu(W1 [z, a] + b1) + b2) + b3}. The latent vector the
 * planner sees is {@code [latent, proprio]}.
 *
 * <p>It predicts nothing useful, but costs what the real predictor costs: {@link #flopsPerSample()}
 * floating-point operations per sample in plain float loops ({@link FloatGemm}: four samples at a
 * time, so each weight row is read once per block). Used by {@code foresight bench planner} and by
 * allocation and timing tests. {@link #encode} average-pools the frame's grey levels into the
 * latent part and copies the arm state into the proprio part. Not thread-safe: one planner per
 * instance.
 */
public final class MlpWorldModel implements WorldModel {
  private final int latentPartSize;
  private final int proprioSize;
  private final int actionSize;
  private final int hiddenSize;
  private final int stateSize;
  private final int inputSize;
  private final float[] w1;
  private final float[] b1;
  private final float[] w2;
  private final float[] b2;
  private final float[] w3;
  private final float[] b3;
  private float[] input = new float[0];
  private float[] hidden1 = new float[0];
  private float[] hidden2 = new float[0];
  private float[] delta = new float[0];
  private final FloatGemm gemm;

  /**
   * An MLP with random weights drawn from N(0, 1/fan_in) (output layer scaled by 0.1, so a step
   * changes the state by little).
   *
   * @param latentPartSize size of the image latent, e.g. 64
   * @param proprioSize size of the proprioceptive state appended to it, e.g. 7 (may be 0)
   * @param actionSize size of an action, e.g. 7
   * @param hiddenSize width of both hidden layers, e.g. 256
   * @param seed seed of the weights
   */
  public MlpWorldModel(
      int latentPartSize, int proprioSize, int actionSize, int hiddenSize, long seed) {
    if (latentPartSize < 1 || proprioSize < 0 || actionSize < 1 || hiddenSize < 1) {
      throw new IllegalArgumentException(
          "mlp model sizes: latent "
              + latentPartSize
              + ", proprio "
              + proprioSize
              + ", action "
              + actionSize
              + ", hidden "
              + hiddenSize
              + ", expected latent, action, hidden >= 1 and proprio >= 0");
    }
    this.latentPartSize = latentPartSize;
    this.proprioSize = proprioSize;
    this.actionSize = actionSize;
    this.hiddenSize = hiddenSize;
    this.stateSize = latentPartSize + proprioSize;
    this.inputSize = stateSize + actionSize;
    SplittableRandom random = new SplittableRandom(seed);
    this.w1 = randomMatrix(random, inputSize, hiddenSize, 1);
    this.b1 = randomMatrix(random, 1, hiddenSize, 0.1);
    this.w2 = randomMatrix(random, hiddenSize, hiddenSize, 1);
    this.b2 = randomMatrix(random, 1, hiddenSize, 0.1);
    this.w3 = randomMatrix(random, hiddenSize, stateSize, 0.1);
    this.b3 = randomMatrix(random, 1, stateSize, 0.01);
    this.gemm = new FloatGemm(Math.max(hiddenSize, stateSize));
  }

  /** The shape of the FACTS recipe's predictor: latent 64 + proprio 7, action 7, hidden 256 × 2. */
  public static MlpWorldModel factsShape(long seed) {
    return new MlpWorldModel(64, 7, 7, 256, seed);
  }

  /** Floating-point operations of one sample's prediction (2 per multiply-add). */
  public long flopsPerSample() {
    long multiplyAdds =
        (long) inputSize * hiddenSize
            + (long) hiddenSize * hiddenSize
            + (long) hiddenSize * stateSize;
    return 2 * multiplyAdds;
  }

  /** Size of the proprioceptive slice at the end of the latent. */
  public int proprioSize() {
    return proprioSize;
  }

  @Override
  public int latentSize() {
    return stateSize;
  }

  @Override
  public int actionSize() {
    return actionSize;
  }

  @Override
  public void encode(List<Observation> observations, float[] latentsOut) {
    for (int o = 0; o < observations.size(); o++) {
      Observation observation = observations.get(o);
      poolGrey(observation.frame(), latentsOut, o * stateSize);
      Proprio.write(
          observation.armState(), latentsOut, o * stateSize + latentPartSize, proprioSize);
    }
  }

  @Override
  public void predict(int count, float[] latents, float[] actions, float[] nextLatentsOut) {
    ensureCapacity(count);
    for (int s = 0; s < count; s++) {
      System.arraycopy(latents, s * stateSize, input, s * inputSize, stateSize);
      System.arraycopy(actions, s * actionSize, input, s * inputSize + stateSize, actionSize);
    }
    dense(count, input, inputSize, w1, b1, hidden1, hiddenSize, true);
    dense(count, hidden1, hiddenSize, w2, b2, hidden2, hiddenSize, true);
    dense(count, hidden2, hiddenSize, w3, b3, delta, stateSize, false);
    for (int i = 0; i < count * stateSize; i++) {
      nextLatentsOut[i] = latents[i] + delta[i];
    }
  }

  /** {@code out[r] = act(in[r] W + bias)} for {@code rows} rows, W input-major. */
  private void dense(
      int rows,
      float[] in,
      int inSize,
      float[] weights,
      float[] bias,
      float[] out,
      int outSize,
      boolean gelu) {
    gemm.multiply(rows, in, inSize, weights, outSize, bias, out);
    if (gelu) {
      for (int i = 0; i < rows * outSize; i++) {
        out[i] = gelu(out[i]);
      }
    }
  }

  /**
   * GELU, tanh form {@code 0.5 x (1 + tanh(√(2/π)(x + 0.044715 x³)))}, with tanh replaced by a
   * rational approximation (error below 2.5e-2, exact saturation) to keep it out of the profile.
   */
  static float gelu(float x) {
    float u = 0.7978846f * (x + 0.044715f * x * x * x);
    float tanh;
    if (u >= 3f) {
      tanh = 1f;
    } else if (u <= -3f) {
      tanh = -1f;
    } else {
      float u2 = u * u;
      tanh = u * (27f + u2) / (27f + 9f * u2);
    }
    return 0.5f * x * (1f + tanh);
  }

  private void ensureCapacity(int count) {
    if (input.length < count * inputSize) {
      input = new float[count * inputSize];
      hidden1 = new float[count * hiddenSize];
      hidden2 = new float[count * hiddenSize];
      delta = new float[count * stateSize];
    }
  }

  /** Average grey level (0 … 1) of a grid of cells covering the frame, one per latent value. */
  private void poolGrey(Image frame, float[] out, int offset) {
    int rows = Math.max(1, (int) Math.sqrt(latentPartSize));
    int columns = (latentPartSize + rows - 1) / rows;
    int channels = frame.encoding().bytesPerPixel();
    byte[] pixels = frame.pixels();
    for (int cell = 0; cell < latentPartSize; cell++) {
      int cellRow = cell / columns;
      int cellColumn = cell % columns;
      int y0 = cellRow * frame.height() / rows;
      int y1 = Math.max(y0 + 1, (cellRow + 1) * frame.height() / rows);
      int x0 = cellColumn * frame.width() / columns;
      int x1 = Math.max(x0 + 1, (cellColumn + 1) * frame.width() / columns);
      double sum = 0;
      int n = 0;
      for (int y = y0; y < Math.min(y1, frame.height()); y++) {
        for (int x = x0; x < Math.min(x1, frame.width()); x++) {
          int p = (y * frame.width() + x) * channels;
          for (int c = 0; c < channels; c++) {
            sum += pixels[p + c] & 0xff;
            n++;
          }
        }
      }
      out[offset + cell] = n == 0 ? 0f : (float) (sum / n / 255.0);
    }
  }

  private static float[] randomMatrix(SplittableRandom random, int rows, int columns, double gain) {
    float[] values = new float[rows * columns];
    double scale = gain / Math.sqrt(rows);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * scale);
    }
    return values;
  }
}
