package dev.foresight.launch;

import dev.foresight.ros.msg.ImageMessage;
import java.time.Instant;
import java.util.Arrays;

/**
 * The receiving side of {@code foresight bench ros} in Java: latencies (header stamp → receive,
 * wall clock) of the messages received inside the measured window.
 */
final class RosBenchRecorder {
  /** One run's numbers; {@code dropped} is -1 when the publisher is not ours. */
  record Result(
      long count, double seconds, double bytes, double p50Millis, double p99Millis, long dropped) {}

  /** Wall-clock now in nanoseconds since the epoch (microsecond resolution on Linux). */
  static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private final long[] latencies;
  private volatile long windowStart = Long.MAX_VALUE;
  private volatile long windowEnd = Long.MAX_VALUE;
  private int count;
  private long bytes;
  private volatile long received;

  RosBenchRecorder(int capacity) {
    latencies = new long[capacity];
  }

  /** Called on one I/O thread. */
  void onMessage(ImageMessage message) {
    long now = nowNanos();
    received++;
    long stamp = message.header().stamp().toNanos();
    if (stamp >= windowStart && now <= windowEnd && count < latencies.length) {
      latencies[count++] = now - stamp;
      bytes += message.data().length;
    }
  }

  long received() {
    return received;
  }

  void open(long start, long end) {
    windowStart = start;
    windowEnd = end;
  }

  synchronized Result result(double seconds, long dropped) {
    long[] sorted = Arrays.copyOf(latencies, count);
    Arrays.sort(sorted);
    return new Result(
        count, seconds, bytes, percentile(sorted, 0.50), percentile(sorted, 0.99), dropped);
  }

  private static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) (p * sorted.length))] / 1e6;
  }
}
