package dev.foresight.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void percentilesMatchSortedValuesWithinTheBucketWidth() {
    Random random = new Random(42);
    long[] values = new long[20_000];
    LatencyHistogram histogram = new LatencyHistogram();
    for (int i = 0; i < values.length; i++) {
      // Log-uniform from 1 µs to 100 ms.
      values[i] = (long) Math.pow(10, 3 + 5 * random.nextDouble());
      histogram.record(values[i]);
    }
    Arrays.sort(values);
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      long exact = values[(int) Math.ceil(q * values.length) - 1];
      assertThat((double) histogram.percentile(q)).isCloseTo(exact, within(exact / 30.0));
    }
    assertThat(histogram.count()).isEqualTo(values.length);
    assertThat(histogram.max()).isEqualTo(values[values.length - 1]);
  }

  @Test
  void smallValuesAreExactAndEmptyIsZero() {
    LatencyHistogram histogram = new LatencyHistogram();
    assertThat(histogram.percentile(0.99)).isZero();
    histogram.record(5);
    histogram.record(-3);
    assertThat(histogram.percentile(1.0)).isEqualTo(5);
    assertThat(histogram.percentile(0.5)).isZero();
  }
}
