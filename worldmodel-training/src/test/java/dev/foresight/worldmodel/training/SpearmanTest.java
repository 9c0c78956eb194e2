package dev.foresight.worldmodel.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpearmanTest {
  @Test
  void monotoneIsOneReversedIsMinusOneTiesAveraged() {
    assertThat(
            ModelEvaluation.spearman(List.of(1.0, 2.0, 3.0, 4.0), List.of(10.0, 20.0, 35.0, 90.0)))
        .isCloseTo(1.0, within(1e-12));
    assertThat(ModelEvaluation.spearman(List.of(1.0, 2.0, 3.0), List.of(3.0, 2.0, 1.0)))
        .isCloseTo(-1.0, within(1e-12));
    // x ranks 1,2.5,2.5,4 vs y ranks 1,2,3,4 → ρ = 4.5 / sqrt(4.5 · 5) ≈ 0.9487
    assertThat(ModelEvaluation.spearman(List.of(1.0, 2.0, 2.0, 3.0), List.of(1.0, 2.0, 3.0, 4.0)))
        .isCloseTo(0.9486833, within(1e-6));
  }
}
