package dev.foresight.planner.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The blocked kernel against the textbook triple loop, on awkward sizes. */
class FloatGemmTest {

  @Test
  void matchesTheReferenceProductForOddShapes() {
    SplittableRandom random = new SplittableRandom(4);
    int[][] shapes = {{1, 1, 1}, {3, 5, 7}, {4, 2, 3}, {9, 13, 17}, {8, 78, 256}};
    for (int[] shape : shapes) {
      int rows = shape[0];
      int inSize = shape[1];
      int outSize = shape[2];
      float[] in = randomArray(random, rows * inSize);
      float[] weights = randomArray(random, inSize * outSize);
      float[] bias = randomArray(random, outSize);
      for (float[] b : new float[][] {bias, null}) {
        float[] out = new float[rows * outSize];
        new FloatGemm(outSize + 3).multiply(rows, in, inSize, weights, outSize, b, out);
        for (int r = 0; r < rows; r++) {
          for (int j = 0; j < outSize; j++) {
            double expected = b == null ? 0 : b[j];
            for (int i = 0; i < inSize; i++) {
              expected += (double) in[r * inSize + i] * weights[i * outSize + j];
            }
            assertThat((double) out[r * outSize + j])
                .as("shape %dx%dx%d row %d column %d", rows, inSize, outSize, r, j)
                .isCloseTo(expected, within(1e-4 * (1 + Math.abs(expected))));
          }
        }
      }
    }
  }

  @Test
  void refusesOutputsWiderThanItsScratch() {
    assertThatThrownBy(
            () ->
                new FloatGemm(4).multiply(1, new float[1], 1, new float[5], 5, null, new float[5]))
        .hasMessage("gemm: output width 5 exceeds the scratch width 4");
  }

  private static float[] randomArray(SplittableRandom random, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      values[i] = (float) random.nextGaussian();
    }
    return values;
  }
}
