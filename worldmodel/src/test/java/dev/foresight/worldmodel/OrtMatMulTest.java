package dev.foresight.worldmodel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OrtMatMulTest {
  @Test
  void multipliesLikeTheDefinition() {
    int n = 24;
    try (OrtMatMul matMul = new OrtMatMul(n)) {
      matMul.run();
      for (int[] cell : new int[][] {{0, 0}, {3, 17}, {23, 23}, {11, 2}}) {
        double expected = 0;
        for (int k = 0; k < n; k++) {
          expected += matMul.input(false, cell[0], k) * (double) matMul.input(true, k, cell[1]);
        }
        assertThat((double) matMul.result(cell[0], cell[1])).isCloseTo(expected, within(1e-3));
      }
      assertThat(matMul.flops()).isEqualTo(2.0 * n * n * n);
    }
  }

  @Test
  void aSizeOutOfRangeIsOneLine() {
    assertThatThrownBy(() -> new OrtMatMul(0))
        .hasMessage("matrix size 0 is out of range, expected [1, 4096]");
  }
}
