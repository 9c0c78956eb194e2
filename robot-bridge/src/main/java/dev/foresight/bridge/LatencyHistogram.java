package dev.foresight.bridge;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear histogram of non-negative durations in nanoseconds with about 1.6 % resolution, for
 * latency and jitter percentiles. One thread records (allocation-free); any thread may read.
 */
public final class LatencyHistogram {
  /** Sub-buckets per power of two: 64 gives a relative bucket width of 1/64. */
  private static final int SUB_BITS = 6;

  private static final int SUB_COUNT = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 44; // ~4.9 hours in ns

  private final AtomicLongArray counts = new AtomicLongArray((MAX_EXPONENT + 1) * SUB_COUNT);
  private volatile long count;
  private volatile long max;

  /**
   * Adds one value; single writer thread.
   *
   * @param nanos duration; negative values count as zero
   */
  public void record(long nanos) {
    long value = Math.max(0, nanos);
    int index = indexOf(value);
    counts.lazySet(index, counts.get(index) + 1);
    count = count + 1;
    if (value > max) {
      max = value;
    }
  }

  /** Number of recorded values. */
  public long count() {
    return count;
  }

  /** Largest recorded value, ns. */
  public long max() {
    return max;
  }

  /**
   * The value below which the fraction {@code quantile} of the recorded values lie, ns; the upper
   * edge of its bucket, so at most 1/64 high. 0 when empty.
   *
   * @param quantile in [0, 1], e.g. 0.999
   */
  public long percentile(double quantile) {
    long total = 0;
    int size = counts.length();
    for (int i = 0; i < size; i++) {
      total += counts.get(i);
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(quantile * total);
    rank = Math.max(1, Math.min(total, rank));
    long seen = 0;
    for (int i = 0; i < size; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upperEdge(i), max);
      }
    }
    return max;
  }

  static int indexOf(long value) {
    if (value < SUB_COUNT) {
      return (int) value;
    }
    int exponent = 63 - Long.numberOfLeadingZeros(value) - SUB_BITS + 1;
    if (exponent > MAX_EXPONENT) {
      return (MAX_EXPONENT + 1) * SUB_COUNT - 1;
    }
    int sub = (int) (value >>> exponent) & (SUB_COUNT - 1);
    // Values in [2^(e+SUB_BITS-1), 2^(e+SUB_BITS)) have their top bit set: sub in [32, 64).
    return exponent * SUB_COUNT + sub;
  }

  static long upperEdge(int index) {
    int exponent = index / SUB_COUNT;
    int sub = index % SUB_COUNT;
    if (exponent == 0) {
      return sub;
    }
    return (((long) sub + 1) << exponent) - 1;
  }
}
