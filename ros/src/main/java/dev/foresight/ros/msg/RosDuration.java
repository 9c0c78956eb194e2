package dev.foresight.ros.msg;

/**
 * A ROS {@code duration}: signed seconds and nanoseconds.
 *
 * @param secs seconds
 * @param nsecs nanoseconds
 */
public record RosDuration(int secs, int nsecs) {
  /** Converts a span in seconds. */
  public static RosDuration ofSeconds(double seconds) {
    long nanos = Math.round(seconds * 1e9);
    return new RosDuration((int) (nanos / 1_000_000_000L), (int) (nanos % 1_000_000_000L));
  }

  /** The span in seconds. */
  public double toSeconds() {
    return secs + nsecs * 1e-9;
  }
}
